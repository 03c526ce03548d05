"""Session plans (procesplaner): an ordered list of methods and breaks with minutes each, the
running clock (start time + the minutes before each item), the total and the materials of the
plan's methods merged into one list."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from accounts.access import is_library_staff, is_manager

from ..models import ItemKind, Method, SessionItem, SessionPlan
from . import ToolboxError

PLAN_FIELDS = {"title", "date", "start_time", "audience", "goal", "initiative", "activity"}
MAX_ITEM_MINUTES = 24 * 60


def can_change_plan(user, plan: SessionPlan) -> bool:
    """The plan's owner and managers change it; other staff read it."""
    return is_library_staff(user) and (plan.owner_id == user.pk or is_manager(user))


def _require_change(user, plan: SessionPlan) -> None:
    if not can_change_plan(user, plan):
        raise ToolboxError(_("Kun planens ejer og ledere kan ændre planen."))


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise ToolboxError(_("Ukendte felter: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "title" in fields and not (fields["title"] or "").strip():
        raise ToolboxError(_("Giv planen en titel."))


@transaction.atomic
def plan_create(*, acting_user, **fields) -> SessionPlan:
    if not is_library_staff(acting_user):
        raise ToolboxError(_("Kun bibliotekets medarbejdere kan lave procesplaner."))
    _check_fields(fields)
    return SessionPlan.objects.create(owner=acting_user, **fields)


@transaction.atomic
def plan_update(*, plan: SessionPlan, acting_user, **fields) -> SessionPlan:
    _require_change(acting_user, plan)
    _check_fields(fields)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save(update_fields=[*fields, "updated_at"])
    return plan


@transaction.atomic
def plan_delete(*, plan: SessionPlan, acting_user) -> None:
    _require_change(acting_user, plan)
    plan.delete()


def default_minutes(method: Method) -> int:
    """The sum of the card's step times; the card's shortest duration if it has no steps."""
    return sum(step.minutes for step in method.steps.all()) or method.duration_min or 1


def _check_minutes(minutes) -> int:
    if not isinstance(minutes, int) or minutes < 1 or minutes > MAX_ITEM_MINUTES:
        raise ToolboxError(_("Minutter skal være et helt tal fra 1 til 1440."))
    return minutes


@transaction.atomic
def item_add(
    *,
    plan: SessionPlan,
    acting_user,
    kind: str,
    method: Method | None = None,
    title: str = "",
    minutes: int | None = None,
    notes: str = "",
) -> SessionItem:
    """Add a method, a break or another point at the end of the plan."""
    _require_change(acting_user, plan)
    # Lock the plan so two additions at once do not get the same position.
    SessionPlan.objects.select_for_update().filter(pk=plan.pk).first()
    if kind not in ItemKind.values:
        raise ToolboxError(_("Vælg metode, pause eller andet."))
    if kind == ItemKind.METHOD:
        if method is None:
            raise ToolboxError(_("Vælg en metode."))
        title = title.strip() or method.title
        minutes = minutes or default_minutes(method)
    else:
        method = None
        title = title.strip() or (_("Pause") if kind == ItemKind.BREAK else "")
        if not title:
            raise ToolboxError(_("Skriv, hvad punktet handler om."))
        if minutes is None:
            raise ToolboxError(_("Skriv, hvor mange minutter punktet varer."))
    last = plan.items.aggregate(last=Max("order"))["last"]
    return SessionItem.objects.create(
        plan=plan,
        order=0 if last is None else last + 1,
        kind=kind,
        method=method,
        title=title[:200],
        minutes=_check_minutes(minutes),
        notes=notes,
    )


@transaction.atomic
def item_update(
    *, item: SessionItem, acting_user, title: str, minutes: int, notes: str = ""
) -> SessionItem:
    _require_change(acting_user, item.plan)
    if not title.strip():
        raise ToolboxError(_("Punktet skal have en titel."))
    item.title = title.strip()[:200]
    item.minutes = _check_minutes(minutes)
    item.notes = notes
    item.save(update_fields=["title", "minutes", "notes"])
    return item


def _renumber(plan: SessionPlan) -> list[SessionItem]:
    items = list(plan.items.order_by("order", "pk"))
    for position, item in enumerate(items):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])
    return items


@transaction.atomic
def item_move(*, item: SessionItem, acting_user, direction: str) -> None:
    """Swap the item with its neighbour above ("up") or below ("down")."""
    _require_change(acting_user, item.plan)
    if direction not in {"up", "down"}:
        raise ToolboxError(_("Ukendt retning."))
    SessionPlan.objects.select_for_update().filter(pk=item.plan_id).first()
    items = _renumber(item.plan)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(items):
        return  # already first/last: nothing to do
    a, b = items[index], items[neighbour]
    a.order, b.order = b.order, a.order
    a.save(update_fields=["order"])
    b.save(update_fields=["order"])


@transaction.atomic
def item_remove(*, item: SessionItem, acting_user) -> None:
    _require_change(acting_user, item.plan)
    plan = item.plan
    item.delete()
    plan.items.filter(order__gt=item.order).update(order=F("order") - 1)


# --- The running clock and the merged materials ---------------------------------------------


@dataclass
class ScheduledItem:
    item: SessionItem
    offset: int  # minutes from the start
    starts: str  # "13:30" with a start time, "+0:30" without
    ends: str


def _clock(start: datetime.datetime | None, minutes: int) -> str:
    if start is None:
        return f"+{minutes // 60}:{minutes % 60:02d}"
    return (start + datetime.timedelta(minutes=minutes)).strftime("%H:%M")


def schedule(plan: SessionPlan, items) -> tuple[list[ScheduledItem], int, str]:
    """Each item with its clock time (start time + the minutes before it), the total minutes,
    and the clock time at the end."""
    start = None
    if plan.start_time is not None:
        start = datetime.datetime.combine(plan.date or datetime.date(2000, 1, 1), plan.start_time)
    rows, offset = [], 0
    for item in items:
        rows.append(
            ScheduledItem(
                item=item,
                offset=offset,
                starts=_clock(start, offset),
                ends=_clock(start, offset + item.minutes),
            )
        )
        offset += item.minutes
    return rows, offset, _clock(start, offset)


def merged_materials(items) -> list[dict]:
    """The materials of every method in the plan, each once (compared without case and
    surrounding spaces, first spelling kept), with the methods that need it."""
    merged: dict[str, dict] = {}
    for item in items:
        if item.method is None:
            continue
        for material in item.method.materials:
            key = " ".join(material.split()).casefold()
            if not key:
                continue
            entry = merged.setdefault(key, {"name": material.strip(), "methods": []})
            if item.method.title not in entry["methods"]:
                entry["methods"].append(item.method.title)
    return list(merged.values())


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(m)d min") % {"m": rest}
    if not rest:
        return _("%(h)d t") % {"h": hours}
    return _("%(h)d t %(m)d min") % {"h": hours, "m": rest}
