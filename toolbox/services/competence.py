"""The kompetencespejl: each staff member rates themselves per competence area (1-5) and marks
what they want to develop. Only they see their own answers. Managers see the team's picture:
how many chose each level per area, never who (and nothing for an area until at least
MIN_PEOPLE have answered, so a small team's answers cannot be told apart)."""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.access import is_library_staff

from ..models import CompetenceArea, Method, SelfAssessment
from . import ToolboxError

LEVELS = [1, 2, 3, 4, 5]
MIN_PEOPLE = 3
WEAKEST_AREAS = 2
METHODS_FOR_WEAKEST = 8


@transaction.atomic
def self_assessment_save(
    *, user, area: CompetenceArea, level: int, wants_to_develop: bool
) -> SelfAssessment:
    if not is_library_staff(user):
        raise ToolboxError(_("Kompetencespejlet er for bibliotekets medarbejdere."))
    if level not in LEVELS:
        raise ToolboxError(_("Vælg et niveau fra 1 til 5."))
    assessment, _created = SelfAssessment.objects.update_or_create(
        user=user, area=area, defaults={"level": level, "wants_to_develop": wants_to_develop}
    )
    return assessment


def own_mirror(user) -> list[dict]:
    """Every area with this person's own answer (or none yet)."""
    own = {a.area_id: a for a in SelfAssessment.objects.filter(user=user)}
    return [{"area": area, "assessment": own.get(area.pk)} for area in CompetenceArea.objects.all()]


def team_picture() -> dict:
    """Counts per level per area, how many want to develop it, and the methods that train the
    weakest areas (lowest average among areas with enough answers). No names, no ranking."""
    counts: dict[int, dict[int, int]] = {}
    for area_id, level, n in (
        SelfAssessment.objects.values_list("area_id", "level").annotate(n=Count("pk")).order_by()
    ):
        counts.setdefault(area_id, {})[level] = n
    develop = dict(
        SelfAssessment.objects.filter(wants_to_develop=True)
        .values_list("area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    areas = []
    for area in CompetenceArea.objects.all():
        per_level = counts.get(area.pk, {})
        people = sum(per_level.values())
        shown = people >= MIN_PEOPLE
        average = sum(level * n for level, n in per_level.items()) / people if people else None
        areas.append(
            {
                "area": area,
                "people": people,
                "shown": shown,
                "levels": [{"level": level, "count": per_level.get(level, 0)} for level in LEVELS]
                if shown
                else [],
                "wants_to_develop": develop.get(area.pk, 0) if shown else None,
                "average": average if shown else None,
            }
        )
    ranked = sorted((a for a in areas if a["shown"]), key=lambda a: (a["average"], a["area"].order))
    weakest = [a["area"] for a in ranked[:WEAKEST_AREAS]]
    methods = (
        Method.objects.published()
        .filter(competence_areas__in=weakest)
        .annotate(trains=Count("competence_areas", distinct=True))
        .order_by("-trains", "title")
        .distinct()[:METHODS_FOR_WEAKEST]
        if weakest
        else []
    )
    return {"areas": areas, "weakest": weakest, "methods": list(methods), "min_people": MIN_PEOPLE}
