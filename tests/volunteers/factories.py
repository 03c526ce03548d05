import datetime

import factory
from django.utils import timezone

from accounts.models import ConsentText
from tests.factories import BranchFactory, StaffFactory, UserFactory
from volunteers.models import (
    Application,
    ApplicationStatus,
    Shift,
    Volunteer,
    VolunteerRole,
)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerRole

    title = factory.Sequence(lambda n: f"Lektiecafé-hjælper {n}")
    slug = factory.Sequence(lambda n: f"rolle-{n}")
    purpose = "Hjælpe børn med lektierne"
    tasks = "Sidde ved bordet og hjælpe"
    time_commitment = "2 timer om ugen"
    contact_person = factory.SubFactory(StaffFactory)
    branch = factory.SubFactory(BranchFactory)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory)


def approve(volunteer: Volunteer, role: VolunteerRole) -> Application:
    return Application.objects.create(
        volunteer=volunteer,
        role=role,
        motivation="Jeg vil gerne hjælpe",
        availability="Tirsdage",
        consent_text=ConsentText.current("volunteer"),
        consented_at=timezone.now(),
        status=ApplicationStatus.APPROVED,
    )


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    role = factory.SubFactory(RoleFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    capacity = 2
