"""Method cards: create, change, publish. Staff write drafts; managers publish."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import is_library_staff, is_manager
from volunteers.services.roles import slug_for

from ..models import CompetenceArea, Method, MethodStatus, MethodStep, Phase
from . import ToolboxError

# The card's plain fields, as named in the exchange format and on the model.
TEXT_FIELDS = [
    "title",
    "summary",
    "purpose",
    "when_to_use",
    "when_not_to_use",
    "preparation",
    "tips",
    "pitfalls",
    "library_example",
    "variations",
    "sources",
]
CHOICE_FIELDS = ["category", "participation_level", "setting"]
INT_FIELDS = ["duration_min", "duration_max", "group_min", "group_max", "facilitators"]
FIELDS = [*TEXT_FIELDS, *CHOICE_FIELDS, *INT_FIELDS, "phases", "materials", "last_reviewed"]


def unique_slug(title: str, *, exclude_pk=None) -> str:
    base = (slug_for(title) or "metode")[:70]
    slug, n = base, 2
    while Method.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def clean_phases(phases) -> list[str]:
    chosen = set(phases or [])
    return [value for value in Phase.values if value in chosen]


def clean_materials(materials) -> list[str]:
    return [line.strip() for line in materials or [] if line and line.strip()]


def _check(method: Method) -> None:
    if method.duration_min > method.duration_max:
        raise ToolboxError(_("Varigheden 'fra' kan ikke være længere end 'til'."))
    if method.group_min > method.group_max:
        raise ToolboxError(_("Antal deltagere 'fra' kan ikke være større end 'til'."))


def _write(method: Method, fields: dict, steps, related, competence_areas) -> None:
    for name, value in fields.items():
        if name == "phases":
            value = clean_phases(value)
        elif name == "materials":
            value = clean_materials(value)
        setattr(method, name, value)
    _check(method)
    method.save()
    if steps is not None:
        method.steps.all().delete()
        MethodStep.objects.bulk_create(
            MethodStep(
                method=method,
                order=order,
                title=step["title"],
                description=step.get("description", ""),
                minutes=step["minutes"],
            )
            for order, step in enumerate(steps)
        )
    if related is not None:
        method.related.set(Method.objects.filter(slug__in=related).exclude(pk=method.pk))
    if competence_areas is not None:
        method.competence_areas.set(CompetenceArea.objects.filter(key__in=competence_areas))


@transaction.atomic
def method_create(
    *,
    acting_user,
    steps=(),
    related=(),
    competence_areas=(),
    slug: str = "",
    status: str = MethodStatus.DRAFT,
    **fields,
) -> Method:
    """A new card. Staff create drafts; only a manager may create it published."""
    if not is_library_staff(acting_user):
        raise ToolboxError(_("Kun bibliotekets medarbejdere kan skrive metodekort."))
    if status == MethodStatus.PUBLISHED and not is_manager(acting_user):
        raise ToolboxError(_("Kun en leder kan udgive et metodekort."))
    method = Method(
        slug=slug or unique_slug(fields.get("title", "")), status=status, created_by=acting_user
    )
    _write(method, fields, list(steps), list(related), list(competence_areas))
    return method


@transaction.atomic
def method_update(
    *, method: Method, acting_user, steps=None, related=None, competence_areas=None, **fields
) -> Method:
    """Change a card's content (not its status: see method_publish)."""
    if not is_library_staff(acting_user):
        raise ToolboxError(_("Kun bibliotekets medarbejdere kan skrive metodekort."))
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ToolboxError(_("Ukendte felter: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    _write(method, fields, steps, related, competence_areas)
    return method


@transaction.atomic
def method_publish(*, method: Method, acting_user, publish: bool = True) -> Method:
    """Managers publish a card (staff see drafts; the public only ever sees published cards)."""
    if not is_manager(acting_user):
        raise ToolboxError(_("Kun en leder kan udgive eller trække et metodekort tilbage."))
    method.status = MethodStatus.PUBLISHED if publish else MethodStatus.DRAFT
    method.save(update_fields=["status", "updated_at"])
    return method


def step_total(steps) -> int:
    return sum(step.minutes for step in steps)
