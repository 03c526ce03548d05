"""Toolbox test data: cards, plans, logs, and cards as dicts in the exchange format."""

import datetime
import json

import factory

from tests.factories import StaffFactory
from toolbox.models import (
    Category,
    CompetenceArea,
    ExperienceLog,
    ItemKind,
    Method,
    MethodStatus,
    MethodStep,
    SessionItem,
    SessionPlan,
    Setting,
)


class MethodFactory(factory.django.DjangoModelFactory):
    """A published card with two steps (10 + 20 minutes) unless told otherwise.
    ``areas=["vaertskab"]`` links competence areas by key; ``steps=[(title, minutes), ...]``."""

    class Meta:
        model = Method
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"metode-{n}")
    title = factory.Sequence(lambda n: f"Metode {n}")
    summary = "En metode til at tale sammen."
    purpose = "At alle bliver hørt."
    when_to_use = "Når mange skal til orde."
    category = Category.COCREATION_CITIZENS
    phases = factory.LazyFunction(lambda: ["ideas"])
    participation_level = "consult"
    duration_min = 30
    duration_max = 60
    group_min = 6
    group_max = 20
    facilitators = 1
    setting = Setting.PHYSICAL
    materials = factory.LazyFunction(lambda: ["Tusser"])
    status = MethodStatus.PUBLISHED

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if not create:
            return
        steps = extracted if extracted is not None else [("Velkomst", 10), ("Samtale", 20)]
        MethodStep.objects.bulk_create(
            MethodStep(method=self, order=i, title=title, minutes=minutes, description="")
            for i, (title, minutes) in enumerate(steps)
        )

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.competence_areas.set(CompetenceArea.objects.filter(key__in=extracted))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionPlan

    title = factory.Sequence(lambda n: f"Plan {n}")
    date = datetime.date(2026, 12, 1)
    start_time = datetime.time(13, 30)
    owner = factory.SubFactory(StaffFactory)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionItem

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n)
    kind = ItemKind.METHOD
    method = factory.SubFactory(MethodFactory)
    title = factory.LazyAttribute(lambda item: item.method.title if item.method else "Pause")
    minutes = 30


class LogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExperienceLog

    method = factory.SubFactory(MethodFactory)
    date = datetime.date(2026, 11, 1)
    rating = 4
    what_worked = "Det gik godt."
    author = factory.SubFactory(StaffFactory)


def card(slug: str, **overrides) -> dict:
    """A valid card in the exchange format."""
    data = {
        "slug": slug,
        "title": slug.replace("-", " ").title(),
        "summary": "Kort fortalt.",
        "purpose": "Formålet.",
        "when_to_use": "Når det passer.",
        "when_not_to_use": "Når det ikke passer.",
        "category": "cocreation_citizens",
        "phases": ["understand", "ideas"],
        "participation_level": "consult",
        "duration_min": 60,
        "duration_max": 90,
        "group_min": 8,
        "group_max": 40,
        "facilitators": 1,
        "setting": "physical",
        "preparation": "Gør klar.",
        "materials": ["Papirduge", "Tusser"],
        "steps": [
            {"title": "Velkomst", "description": "Sig goddag.", "minutes": 10},
            {"title": "Runder", "description": "Tre runder.", "minutes": 45},
        ],
        "tips": "Hold tiden.",
        "pitfalls": "For mange spørgsmål.",
        "library_example": "Borgermøde i Kastrup.",
        "variations": "Online.",
        "related": [],
        "competence_areas": ["process_facilitation"],
        "sources": "Efter Juanita Brown og David Isaacs.",
        "status": "published",
        "last_reviewed": "2026-11-01",
    }
    data.update(overrides)
    return data


def document(*cards, **overrides) -> dict:
    data = {
        "format": "sammen-toolbox",
        "version": 1,
        "exported_at": "2026-11-23T10:00:00Z",
        "library": "Testbiblioteket",
        "competence_areas": [
            {"key": "process_facilitation", "name": "Procesfacilitering", "description": "x"}
        ],
        "methods": list(cards),
    }
    data.update(overrides)
    return data


def as_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
