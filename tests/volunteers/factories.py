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
    VolunteerModel,
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


class VolunteerModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerModel

    version = factory.Sequence(lambda n: n + 1)
    introduction = "Frivillige gør biblioteket til et fællesskab."
    value_contexts = "Lektiecafé, læsegrupper og IT-hjælp."
    supplement_principle = "Frivillige supplerer bibliotekets ansatte og erstatter dem aldrig."
    library_offers = "En fast kontaktperson, introduktion og kaffe på vagten."
    library_expects = "At du kommer til de vagter, du har sagt ja til."
    insurance_basis = "municipal"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application (status and the rest can be overridden)."""

    class Meta:
        model = Application

    volunteer = factory.SubFactory(VolunteerFactory)
    role = factory.SubFactory(RoleFactory)
    motivation = "Jeg elsker bøger og vil gerne hjælpe andre."
    availability = "Tirsdage efter kl. 16"
    consent_text = factory.LazyFunction(lambda: ConsentText.current("volunteer"))
    consented_at = factory.LazyFunction(timezone.now)


def approved_volunteer(role: VolunteerRole, **user_fields) -> Volunteer:
    """A volunteer approved for ``role`` (so they may take its shifts)."""
    volunteer = VolunteerFactory(**({"user__" + k: v for k, v in user_fields.items()}))
    approve(volunteer, role)
    return volunteer


class SignupFactory(factory.django.DjangoModelFactory):
    """A sign-up written straight to the table (no rules run): for setting up a state."""

    class Meta:
        model = "volunteers.Signup"

    shift = factory.SubFactory(ShiftFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    status = "confirmed"


class HoursEntryFactory(factory.django.DjangoModelFactory):
    """Hours written straight to the table: reported by the volunteer and waiting (override
    status for approved or rejected ones)."""

    class Meta:
        model = "volunteers.HoursEntry"

    volunteer = factory.SubFactory(VolunteerFactory)
    role = factory.SubFactory(RoleFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    hours = 2
    description = "Forberedte lektiecaféen"
    status = "pending"
