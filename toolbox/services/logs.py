"""Experience logs: what staff learned from using a method in a real session, and what the
card and the initiative page show from them."""

from django.db import transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from accounts.access import is_library_staff, is_manager

from ..models import LEVEL_CHOICES, ExperienceLog, Method, SessionItem
from . import ToolboxError

LATEST_LEARNINGS = 3


def can_change_log(user, log: ExperienceLog) -> bool:
    return is_library_staff(user) and (log.author_id == user.pk or is_manager(user))


@transaction.atomic
def log_create(
    *,
    method: Method,
    acting_user,
    date,
    rating: int,
    session_item: SessionItem | None = None,
    initiative=None,
    activity=None,
    participants: int | None = None,
    target_groups=(),
    participants_note: str = "",
    what_worked: str = "",
    what_to_change: str = "",
    level_reached: str = "",
) -> ExperienceLog:
    if not is_library_staff(acting_user):
        raise ToolboxError(_("Kun bibliotekets medarbejdere kan logge erfaringer."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ToolboxError(_("Giv en vurdering fra 1 til 5."))
    if level_reached and level_reached not in dict(LEVEL_CHOICES):
        raise ToolboxError(_("Ukendt deltagelsesniveau."))
    if session_item is not None:
        if session_item.method_id != method.pk:
            raise ToolboxError(_("Punktet i planen bruger en anden metode."))
        # A log from a plan item belongs where the plan belongs, unless said otherwise.
        initiative = initiative or session_item.plan.initiative
        activity = activity or session_item.plan.activity
    log = ExperienceLog.objects.create(
        method=method,
        session_item=session_item,
        date=date,
        initiative=initiative,
        activity=activity,
        participants=participants,
        participants_note=participants_note.strip(),
        what_worked=what_worked.strip(),
        what_to_change=what_to_change.strip(),
        rating=rating,
        level_reached=level_reached,
        author=acting_user,
    )
    if target_groups:
        log.target_groups.set(target_groups)
    return log


@transaction.atomic
def log_delete(*, log: ExperienceLog, acting_user) -> None:
    if not can_change_log(acting_user, log):
        raise ToolboxError(_("Kun den, der skrev erfaringen, og ledere kan slette den."))
    log.delete()


def method_usage(method: Method) -> dict:
    """What the card shows: times used, average rating, where (initiatives and activities with
    a count each) and the latest learnings. Queries: one aggregate, one per kind of place, one
    for the latest logs with their author, initiative and activity."""
    logs = method.logs.all()
    totals = logs.aggregate(times=Count("pk"), average=Avg("rating"))
    initiatives = list(
        logs.filter(initiative__isnull=False)
        .values("initiative_id", "initiative__title")
        .annotate(times=Count("pk"))
        .order_by("-times", "initiative__title")
    )
    activities = list(
        logs.filter(activity__isnull=False)
        .values("activity_id", "activity__title", "activity__starts_at")
        .annotate(times=Count("pk"))
        .order_by("-times", "activity__title")
    )
    latest = list(
        logs.select_related("author", "initiative", "activity").order_by(
            "-date", "-created_at", "-pk"
        )[:LATEST_LEARNINGS]
    )
    return {
        "times_used": totals["times"],
        "average_rating": round(totals["average"], 1) if totals["average"] is not None else None,
        "initiatives": initiatives,
        "activities": activities,
        "latest": latest,
    }


def methods_used_for_initiative(initiative) -> list[dict]:
    """The methods logged on an initiative or on one of its activities, most used first."""
    from django.db.models import Q

    return _methods_used(
        ExperienceLog.objects.filter(
            Q(initiative=initiative) | Q(activity__in=initiative.activities.all())
        )
    )


def methods_used_for_activity(activity) -> list[dict]:
    """The methods logged on one activity, most used first."""
    return _methods_used(ExperienceLog.objects.filter(activity=activity))


def _methods_used(logs) -> list[dict]:
    rows = (
        logs.values("method__slug", "method__title")
        .annotate(times=Count("pk"), average=Avg("rating"))
        .order_by("-times", "method__title")
    )
    return [
        {
            "slug": row["method__slug"],
            "title": row["method__title"],
            "times": row["times"],
            "average": round(row["average"], 1),
        }
        for row in rows
    ]
