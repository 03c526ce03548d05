"""The method browser's faceted search.

Facets (GET names): category, phase, level, duration, group, setting, area. Several values of
one facet widen the choice (OR); different facets narrow it (AND). The count next to a value is
how many cards there would be if it were ticked too: it is computed under every *other* facet's
choices but not the facet's own, as faceted search does, so ticking a second value in a facet
never shows zero counts for its siblings.

The search text (q) is matched across title, summary and the steps' titles and descriptions,
and the facets are computed, in Python from one row per card, one query for the steps and one
for the competence areas: a library has tens or hundreds of cards, not millions, and
this keeps the query count fixed however many cards there are.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import LEVEL_CHOICES, Category, CompetenceArea, Method, MethodStep, Phase

# (value, label, lowest, highest or None): a card matches a bucket when its range overlaps it.
DURATION_BUCKETS = [
    ("op-til-30", _("Op til 30 min"), 0, 30),
    ("30-60", _("30-60 min"), 31, 60),
    ("1-2-timer", _("1-2 timer"), 61, 120),
    ("over-2-timer", _("Over 2 timer"), 121, None),
]
GROUP_BUCKETS = [
    ("1-5", _("1-5 deltagere"), 1, 5),
    ("6-15", _("6-15 deltagere"), 6, 15),
    ("16-40", _("16-40 deltagere"), 16, 40),
    ("over-40", _("Over 40 deltagere"), 41, None),
]
SETTING_OPTIONS = [
    ("physical", _("Fysisk"), {"physical", "both"}),
    ("online", _("Online"), {"online", "both"}),
]
SORTS = [
    ("title", _("Titel (A-Å)")),
    ("duration", _("Varighed (kortest først)")),
    ("most_used", _("Mest brugt")),
    ("best_rated", _("Bedst vurderet")),
]
FACET_LABELS = {
    "category": _("Kategori"),
    "phase": _("Fase"),
    "level": _("Deltagelsesniveau"),
    "duration": _("Varighed"),
    "group": _("Antal deltagere"),
    "setting": _("Fysisk eller online"),
    "area": _("Kompetenceområde"),
}
FACETS = list(FACET_LABELS)
PARAMS = [*FACETS, "q", "sort"]


def _overlapping(buckets, low: int, high: int) -> set[str]:
    return {value for value, _label, lo, hi in buckets if (hi is None or low <= hi) and high >= lo}


def facet_values(row: dict, areas: set[str]) -> dict[str, set[str]]:
    """Which value(s) of each facet one card has."""
    return {
        "category": {row["category"]},
        "phase": set(row["phases"] or []),
        "level": {row["participation_level"]},
        "duration": _overlapping(DURATION_BUCKETS, row["duration_min"], row["duration_max"]),
        "group": _overlapping(GROUP_BUCKETS, row["group_min"], row["group_max"]),
        "setting": {
            value for value, _label, settings in SETTING_OPTIONS if row["setting"] in settings
        },
        "area": areas,
    }


def facet_options(area_choices) -> dict[str, list[tuple[str, str]]]:
    return {
        "category": Category.choices,
        "phase": Phase.choices,
        "level": LEVEL_CHOICES,
        "duration": [(v, label) for v, label, _lo, _hi in DURATION_BUCKETS],
        "group": [(v, label) for v, label, _lo, _hi in GROUP_BUCKETS],
        "setting": [(v, label) for v, label, _s in SETTING_OPTIONS],
        "area": area_choices,
    }


@dataclass
class BrowseResult:
    ids: list[int]
    facets: list[dict] = field(default_factory=list)
    selected: dict[str, set[str]] = field(default_factory=dict)
    q: str = ""
    sort: str = "title"

    @property
    def filtered(self) -> bool:
        return bool(self.q or any(self.selected.values()))


def text_matches(rows: list[dict], methods: QuerySet, q: str) -> set[int]:
    """The cards whose title, summary or a step's title or description contain ``q``, compared
    case-folded in Python: SQLite's LIKE folds only ASCII, and Danish titles start with Æ, Ø
    and Å. One query for the steps."""
    needle = q.casefold()
    hits = {
        row["pk"]
        for row in rows
        if needle in row["title"].casefold() or needle in row["summary"].casefold()
    }
    steps = MethodStep.objects.filter(method__in=methods).values_list(
        "method_id", "title", "description"
    )
    hits.update(
        method_id
        for method_id, title, description in steps
        if needle in title.casefold() or needle in description.casefold()
    )
    return hits


PUBLIC_SORTS = SORTS[:2]  # how often and how well a card did is for staff


def browse(methods: QuerySet, params, *, sorts=SORTS) -> BrowseResult:
    """The cards among ``methods`` that match ``params`` (a QueryDict), and the facet counts.

    Queries: the area names, the cards' facet columns, their competence areas, and their steps
    when there is a search text.
    """
    q = (params.get("q") or "").strip()[:100]
    sort = params.get("sort") if params.get("sort") in dict(sorts) else "title"
    areas = list(CompetenceArea.objects.values_list("key", "name"))
    options = facet_options(areas)
    selected = {
        name: {value for value in params.getlist(name) if value in dict(options[name])}
        for name in FACETS
    }
    rows = list(
        methods.values(
            "pk",
            "title",
            "summary",
            "category",
            "phases",
            "participation_level",
            "duration_min",
            "duration_max",
            "group_min",
            "group_max",
            "setting",
        )
    )
    if q:
        hits = text_matches(rows, methods, q)
        rows = [row for row in rows if row["pk"] in hits]
    areas_of: dict[int, set[str]] = {}
    for method_id, key in Method.competence_areas.through.objects.filter(
        method__in=methods
    ).values_list("method_id", "competencearea__key"):
        areas_of.setdefault(method_id, set()).add(key)

    cards = [(row["pk"], facet_values(row, areas_of.get(row["pk"], set()))) for row in rows]

    def matches(values, *, excluding=None) -> bool:
        return all(
            name == excluding or not chosen or values[name] & chosen
            for name, chosen in selected.items()
        )

    facets = []
    for name in FACETS:
        counts: dict[str, int] = {}
        for _pk, values in cards:
            if matches(values, excluding=name):
                for value in values[name]:
                    counts[value] = counts.get(value, 0) + 1
        facets.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "options": [
                    {
                        "value": value,
                        "label": label,
                        "count": counts.get(value, 0),
                        "selected": value in selected[name],
                    }
                    for value, label in options[name]
                ],
            }
        )
    ids = [pk for pk, values in cards if matches(values)]
    return BrowseResult(ids=ids, facets=facets, selected=selected, q=q, sort=sort)


def ordered_methods(ids, sort: str) -> QuerySet:
    """The matching cards with their use counts, in the chosen order (one query per page)."""
    methods = Method.objects.filter(pk__in=ids).annotate(
        times_used=Count("logs", distinct=True), average_rating=Avg("logs__rating")
    )
    order = {
        "title": ["title", "pk"],
        "duration": ["duration_min", "duration_max", "title", "pk"],
        "most_used": ["-times_used", "title", "pk"],
        "best_rated": [F("average_rating").desc(nulls_last=True), "title", "pk"],
    }[sort]
    return methods.order_by(*order)
