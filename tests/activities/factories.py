import datetime

import factory
from django.utils import timezone

from activities.models import Activity, ActivityCoHost, CoHostKind
from tests.factories import BranchFactory


def in_days(days: float, *, hour: int = 17) -> datetime.datetime:
    """An aware datetime `days` from now at a round local hour (never on the edge of 'now')."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Arrangement {n}")
    description = "Kom og vær med."
    branch = factory.SubFactory(BranchFactory)
    place = "Salen"
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + datetime.timedelta(hours=2))
    is_public = True

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)


class CoHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityCoHost

    activity = factory.SubFactory(ActivityFactory)
    kind = CoHostKind.PARTNER
    name = factory.Sequence(lambda n: f"Forening {n}")
    show_publicly = True
