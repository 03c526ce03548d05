"""Export and import of method cards in the sammen-toolbox format (toolbox/data/FORMAT.md).

Import is strict and all-or-nothing: ``import_check`` parses and validates the whole file and
returns every problem it finds (in Danish) or a preview of what would be created, updated or
left as it is; ``import_apply`` checks again and writes everything in one transaction, or
nothing. The same functions load the demo cards (toolbox/demo.py), so a file that seeds the
demo also imports in the browser.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import is_manager
from organisation.models import Library

from ..models import (
    LEVEL_CHOICES,
    Category,
    CompetenceArea,
    Method,
    MethodStatus,
    Phase,
    Setting,
)
from . import ToolboxError
from .methods import INT_FIELDS, TEXT_FIELDS, method_create, method_publish, method_update

FORMAT = "sammen-toolbox"
VERSION = 1
MAX_BYTES = 1024 * 1024  # 1 MB: far more than a few hundred cards need
MAX_PROBLEMS = 50
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ["slug", "title", "summary", "category", "participation_level", "setting", "steps"]
REQUIRED += INT_FIELDS[:4]  # durations and group sizes
CHOICES = {
    "category": Category.values,
    "participation_level": [value for value, _label in LEVEL_CHOICES],
    "setting": Setting.values,
    "status": MethodStatus.values,
}
TEXT_LIMITS = {"title": 150, "summary": 300}


# --- Export ---------------------------------------------------------------------------------


def method_card(method: Method) -> dict:
    """One card as in the file. Expects steps, related and competence_areas prefetched."""
    return {
        "slug": method.slug,
        **{name: getattr(method, name) for name in TEXT_FIELDS[:5]},
        "category": method.category,
        "phases": list(method.phases),
        "participation_level": method.participation_level,
        **{name: getattr(method, name) for name in INT_FIELDS},
        "setting": method.setting,
        "preparation": method.preparation,
        "materials": list(method.materials),
        "steps": [
            {"title": s.title, "description": s.description, "minutes": s.minutes}
            for s in method.steps.all()
        ],
        "tips": method.tips,
        "pitfalls": method.pitfalls,
        "library_example": method.library_example,
        "variations": method.variations,
        "related": sorted(m.slug for m in method.related.all()),
        "competence_areas": sorted(a.key for a in method.competence_areas.all()),
        "sources": method.sources,
        "status": method.status,
        "last_reviewed": method.last_reviewed.isoformat() if method.last_reviewed else None,
    }


def export_document(methods) -> dict:
    """The file for ``methods`` (a queryset). Queries: library, areas, cards, and one prefetch
    each for steps, related cards and competence areas."""
    methods = methods.prefetch_related("steps", "related", "competence_areas").order_by("slug")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "library": Library.load().name,
        "competence_areas": [
            {"key": a.key, "name": a.name, "description": a.description}
            for a in CompetenceArea.objects.all()
        ],
        "methods": [method_card(method) for method in methods],
    }


def export_bytes(methods) -> bytes:
    return json.dumps(export_document(methods), ensure_ascii=False, indent=2).encode("utf-8")


# --- Import: checking -----------------------------------------------------------------------


@dataclass
class ImportCheck:
    problems: list[str] = field(default_factory=list)
    areas: list[dict] = field(default_factory=list)
    cards: list[dict] = field(default_factory=list)
    create: list[str] = field(default_factory=list)
    update: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_areas: list[str] = field(default_factory=list)
    unchanged_slugs: set[str] = field(default_factory=set)
    # Each card's related slugs, made symmetric: "A combines with B" also links B to A.
    related: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_card(number: int, card, problems: list[str]) -> None:
    def problem(text: str) -> None:
        problems.append(
            _("Metode %(n)d (%(slug)s): %(text)s") % {"n": number, "slug": label, "text": text}
        )

    if not isinstance(card, dict):
        label = "?"
        problem(_("skal være et objekt med felter"))
        return
    label = str(card.get("slug") or "?")[:80]
    for name in REQUIRED:
        if name not in card or card[name] in (None, ""):
            problem(_("feltet '%(field)s' mangler") % {"field": name})
    slug = card.get("slug")
    if slug not in (None, "") and (
        not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 80
    ):
        problem(_("'slug' må kun have små bogstaver a-z, tal og bindestreger"))
    for name in TEXT_FIELDS:
        value = card.get(name)
        if value is not None and not isinstance(value, str):
            problem(_("feltet '%(field)s' skal være tekst") % {"field": name})
        elif value and len(value) > TEXT_LIMITS.get(name, 20000):
            problem(_("feltet '%(field)s' er for langt") % {"field": name})
    for name, allowed in CHOICES.items():
        value = card.get(name)
        if value not in (None, "") and value not in allowed:
            problem(
                _("'%(value)s' er ikke en gyldig værdi for '%(field)s' (gyldige: %(allowed)s)")
                % {"value": value, "field": name, "allowed": ", ".join(allowed)}
            )
    for name in INT_FIELDS:
        value = card.get(name)
        if value is not None and (
            not _is_int(value) or value < (1 if name != "facilitators" else 0)
        ):
            problem(_("feltet '%(field)s' skal være et helt tal over 0") % {"field": name})
    if (
        _is_int(card.get("duration_min"))
        and _is_int(card.get("duration_max"))
        and card["duration_min"] > card["duration_max"]
    ):
        problem(_("'duration_min' er større end 'duration_max'"))
    if (
        _is_int(card.get("group_min"))
        and _is_int(card.get("group_max"))
        and card["group_min"] > card["group_max"]
    ):
        problem(_("'group_min' er større end 'group_max'"))
    phases = card.get("phases", [])
    if not isinstance(phases, list) or any(p not in Phase.values for p in phases):
        problem(
            _("'phases' skal være en liste med værdier blandt: %(allowed)s")
            % {"allowed": ", ".join(Phase.values)}
        )
    for name in ("materials", "related", "competence_areas"):
        value = card.get(name, [])
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            problem(_("'%(field)s' skal være en liste med tekster") % {"field": name})
    steps = card.get("steps")
    if steps not in (None, ""):
        if not isinstance(steps, list) or not steps:
            problem(_("'steps' skal være en liste med mindst ét trin"))
        else:
            for position, step in enumerate(steps, start=1):
                if (
                    not isinstance(step, dict)
                    or not isinstance(step.get("title"), str)
                    or not step["title"].strip()
                    or not isinstance(step.get("description", ""), str)
                ):
                    problem(_("trin %(n)d skal have en titel og en beskrivelse") % {"n": position})
                elif not _is_int(step.get("minutes")) or step["minutes"] < 1:
                    problem(
                        _("trin %(n)d: 'minutes' skal være et helt tal på mindst 1")
                        % {"n": position}
                    )
    reviewed = card.get("last_reviewed")
    if reviewed not in (None, ""):
        try:
            datetime.date.fromisoformat(reviewed)
        except (TypeError, ValueError):
            problem(_("'last_reviewed' skal være en dato som 2026-11-01"))


def _service_fields(card: dict) -> dict:
    fields = {name: card.get(name) or "" for name in TEXT_FIELDS}
    fields.update(
        category=card["category"],
        participation_level=card["participation_level"],
        setting=card["setting"],
        phases=card.get("phases", []),
        materials=card.get("materials", []),
        last_reviewed=datetime.date.fromisoformat(card["last_reviewed"])
        if card.get("last_reviewed")
        else None,
        **{name: card[name] for name in INT_FIELDS if name in card},
    )
    fields.setdefault("facilitators", 1)
    return fields


def _comparable(card: dict, related: list[str]) -> dict:
    """A card as it would be stored, to tell an update from an unchanged card."""
    stored = {**_service_fields(card), "slug": card["slug"]}
    stored["last_reviewed"] = card.get("last_reviewed") or None
    stored["materials"] = [m.strip() for m in stored["materials"] if m.strip()]
    stored["phases"] = [p for p in Phase.values if p in set(stored["phases"])]
    stored["steps"] = [
        {"title": s["title"], "description": s.get("description", ""), "minutes": s["minutes"]}
        for s in card["steps"]
    ]
    stored["related"] = sorted(related)
    stored["competence_areas"] = sorted(set(card.get("competence_areas", [])))
    stored["status"] = card.get("status") or MethodStatus.DRAFT
    return stored


def parse(content: bytes):
    """The file as a JSON object, or raise ToolboxError saying why not."""
    if len(content) > MAX_BYTES:
        raise ToolboxError(_("Filen er for stor. Den må højst fylde 1 MB."))
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ToolboxError(
            _("Filen er ikke en JSON-fil. Vælg en fil, der er eksporteret fra værktøjskassen.")
        ) from None
    if not isinstance(document, dict):
        raise ToolboxError(_("Filen skal indeholde ét JSON-objekt med metoderne."))
    return document


def import_check(content: bytes) -> ImportCheck:
    """Every problem in the file, or a preview of what importing it would do. Changes nothing."""
    check = ImportCheck()
    try:
        document = parse(content)
    except ToolboxError as exc:
        check.problems.append(str(exc))
        return check
    problems = check.problems
    if document.get("format") != FORMAT:
        problems.append(
            _("Filen har ikke formatet '%(format)s' (feltet 'format' er '%(found)s').")
            % {"format": FORMAT, "found": document.get("format", "")}
        )
    if document.get("version") != VERSION:
        problems.append(
            _("Værktøjskassen kan læse version %(version)d af formatet, ikke '%(found)s'.")
            % {"version": VERSION, "found": document.get("version", "")}
        )
    areas = document.get("competence_areas", [])
    known_areas = set(CompetenceArea.objects.values_list("key", flat=True))
    file_areas: set[str] = set()
    if not isinstance(areas, list):
        problems.append(_("'competence_areas' skal være en liste."))
        areas = []
    for number, area in enumerate(areas, start=1):
        if (
            not isinstance(area, dict)
            or not isinstance(area.get("key"), str)
            or not SLUG_RE.match(area["key"].replace("_", "-"))
            or not isinstance(area.get("name"), str)
            or not area["name"].strip()
        ):
            problems.append(_("Kompetenceområde %(n)d skal have 'key' og 'name'.") % {"n": number})
            continue
        file_areas.add(area["key"])
        check.areas.append(area)
        if area["key"] not in known_areas:
            check.new_areas.append(area["name"])
    cards = document.get("methods")
    if not isinstance(cards, list) or not cards:
        problems.append(_("Filen skal have en liste 'methods' med mindst én metode."))
        cards = []
    for number, card in enumerate(cards, start=1):
        _check_card(number, card, problems)
    if problems:
        return _capped(check)

    slugs = [card["slug"] for card in cards]
    seen, twice = set(), set()
    for slug in slugs:
        (twice if slug in seen else seen).add(slug)
    for slug in sorted(twice):
        problems.append(_("Metoden '%(slug)s' står flere gange i filen.") % {"slug": slug})
    related_slugs = {slug for card in cards for slug in card.get("related", [])}
    existing = set(
        Method.objects.filter(slug__in=related_slugs | set(slugs)).values_list("slug", flat=True)
    )
    for number, card in enumerate(cards, start=1):
        for slug in card.get("related", []):
            if slug not in seen and slug not in existing:
                problems.append(
                    _(
                        "Metode %(n)d (%(slug)s): den relaterede metode '%(related)s' findes "
                        "hverken i filen eller i værktøjskassen."
                    )
                    % {"n": number, "slug": card["slug"], "related": slug}
                )
        for key in card.get("competence_areas", []):
            if key not in known_areas and key not in file_areas:
                problems.append(
                    _("Metode %(n)d (%(slug)s): kompetenceområdet '%(key)s' findes ikke.")
                    % {"n": number, "slug": card["slug"], "key": key}
                )
    if problems:
        return _capped(check)

    related = {slug: set() for slug in slugs}
    for card in cards:
        for other in card.get("related", []):
            if other != card["slug"]:
                related[card["slug"]].add(other)
                if other in related:
                    related[other].add(card["slug"])
    check.related = {slug: sorted(others) for slug, others in related.items()}
    current = {
        method.slug: _comparable(method_card(method), method_card(method)["related"])
        for method in Method.objects.filter(slug__in=slugs).prefetch_related(
            "steps", "related", "competence_areas"
        )
    }
    check.cards = cards
    for card in cards:
        if card["slug"] not in current:
            check.create.append(card["title"])
        elif current[card["slug"]] != _comparable(card, check.related[card["slug"]]):
            check.update.append(card["title"])
        else:
            check.unchanged.append(card["title"])
            check.unchanged_slugs.add(card["slug"])
    return check


def _capped(check: ImportCheck) -> ImportCheck:
    if len(check.problems) > MAX_PROBLEMS:
        hidden = len(check.problems) - MAX_PROBLEMS
        check.problems = check.problems[:MAX_PROBLEMS] + [
            _("… og %(n)d fejl mere.") % {"n": hidden}
        ]
    return check


# --- Import: writing ------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def import_apply(content: bytes, *, acting_user) -> ImportResult:
    """Write the file's cards (created or updated by slug) in one transaction, or nothing.
    Managers import (so published cards in the file stay published)."""
    if not is_manager(acting_user):
        raise ToolboxError(_("Kun en leder kan importere metoder."))
    check = import_check(content)
    if not check.ok:
        raise ToolboxError(" ".join(check.problems))
    order = CompetenceArea.objects.count()
    for area in check.areas:
        _area, created = CompetenceArea.objects.get_or_create(
            key=area["key"],
            defaults={
                "name": area["name"].strip()[:100],
                "description": area.get("description") or "",
                "order": order,
            },
        )
        order += created
    result = ImportResult(unchanged=len(check.unchanged))
    slugs = [card["slug"] for card in check.cards]
    existing = {m.slug: m for m in Method.objects.filter(slug__in=slugs)}
    written = []
    # First the cards themselves, then the links between them: a card may name one further down.
    for card in check.cards:
        if card["slug"] in check.unchanged_slugs:
            continue
        fields = _service_fields(card)
        status = card.get("status") or MethodStatus.DRAFT
        areas = card.get("competence_areas", [])
        method = existing.get(card["slug"])
        if method is None:
            method = method_create(
                acting_user=acting_user,
                slug=card["slug"],
                status=status,
                steps=card["steps"],
                competence_areas=areas,
                **fields,
            )
            result.created += 1
        else:
            method_update(
                method=method,
                acting_user=acting_user,
                steps=card["steps"],
                competence_areas=areas,
                **fields,
            )
            if method.status != status:
                method_publish(
                    method=method,
                    acting_user=acting_user,
                    publish=status == MethodStatus.PUBLISHED,
                )
            result.updated += 1
        written.append(method)
    by_slug = {m.slug: m for m in Method.objects.all().only("pk", "slug")}
    for method in written:
        method.related.set([by_slug[slug] for slug in check.related[method.slug]])
    return result
