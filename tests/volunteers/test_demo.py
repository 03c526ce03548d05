"""The volunteers demo: believable, in every state, made through the services, and safe to run
again."""

import pytest
from django.apps import apps
from django.db.models import Count, F, Q
from django.test import Client
from django.utils import timezone

from organisation import demo as organisation_demo
from volunteers import demo
from volunteers.models import (
    HOLDS_A_PLACE,
    Agreement,
    ApplicationStatus,
    CertificateStatus,
    ChildCertificate,
    HoursEntry,
    HoursStatus,
    Shift,
    ShiftSeries,
    Signup,
    SignupStatus,
    Volunteer,
    VolunteerModel,
    VolunteerRole,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    users, branches = organisation_demo.seed()
    demo.seed(users=users, branches=branches)
    return users, branches


def volunteer_rows() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("volunteers").get_models()
    }


def test_running_twice_adds_nothing(seeded):
    users, branches = seeded
    first = volunteer_rows()

    demo.seed(users=users, branches=branches)

    assert volunteer_rows() == first
    assert first["volunteers.VolunteerRole"] == 8
    assert 35 <= first["volunteers.Volunteer"] <= 45


def test_the_model_is_filled_in(seeded):
    model = VolunteerModel.objects.get(version=1)
    assert "supplerer" in model.supplement_principle
    assert "serviceloven § 18 a" in model.insurance_details
    for offer in ["kontaktperson", "introduktion", "Kaffe", "Forsikring", "udgifter"]:
        assert offer in model.library_offers
    assert model.med_agreed_on is not None


def test_the_roles_have_questions_onboarding_and_children_flags(seeded):
    roles = VolunteerRole.objects.annotate(
        onboarding_items=Count("onboarding", distinct=True)
    ).order_by("slug")
    assert all(role.onboarding_items for role in roles)
    assert set(roles.filter(involves_children=True).values_list("slug", flat=True)) == {
        "lektiecafe",
        "hoejtlaesning-for-boern",
    }
    assert VolunteerRole.objects.filter(questions__required=True).exists()


def test_every_state_is_there(seeded):
    statuses = set(Volunteer.objects.values_list("applications__status", flat=True).distinct())
    assert statuses >= set(ApplicationStatus.values)
    assert Volunteer.objects.filter(ended_at__isnull=False).count() >= 3
    agreements = Agreement.objects.filter(superseded_at__isnull=True)
    assert agreements.filter(volunteer_accepted_at__isnull=True).exists()
    assert agreements.filter(
        volunteer_accepted_at__isnull=False, staff_accepted_at__isnull=True
    ).exists()
    assert agreements.filter(staff_accepted_at__isnull=False).count() >= 15
    assert set(ChildCertificate.objects.values_list("status", flat=True)) == set(
        CertificateStatus.values
    )


def test_shifts_past_and_future_never_overbooked(seeded):
    assert ShiftSeries.objects.count() == 1
    series = ShiftSeries.objects.get()
    now = timezone.now()
    assert series.shifts.filter(starts_at__lt=now, signups__attended=True).exists()
    assert series.shifts.filter(starts_at__gt=now, signups__status="confirmed").exists()
    overbooked = Shift.objects.annotate(
        held=Count("signups", filter=Q(signups__status__in=HOLDS_A_PLACE))
    ).filter(held__gt=F("capacity"))
    assert not overbooked.exists()
    assert Signup.objects.filter(status=SignupStatus.WAITLISTED).exists()
    assert Signup.objects.filter(status=SignupStatus.OFFERED).exists()
    assert Signup.objects.filter(attended=True).exists()
    assert Signup.objects.filter(attended=False).exists()
    # Attendance made hours; some reported hours wait, one was rejected; erased ones count.
    assert HoursEntry.objects.filter(signup__isnull=False, status=HoursStatus.APPROVED).exists()
    assert HoursEntry.objects.filter(status=HoursStatus.PENDING).count() >= 3
    assert HoursEntry.objects.filter(status=HoursStatus.REJECTED).exists()
    assert HoursEntry.objects.filter(volunteer__isnull=True).exists()


def test_the_citizen_demo_login_is_not_a_volunteer(seeded):
    assert not Volunteer.objects.filter(user__email="borger@sammen.test").exists()


def test_the_volunteer_login_shows_a_full_page(seeded):
    client = Client()
    response = client.post(
        "/konto/login/",
        {"login": demo.MAIN_LOGIN, "password": organisation_demo.DEMO_PASSWORD},
    )
    assert response.status_code == 302

    page = client.get("/frivillig/min-side/").content.decode()
    assert "Camilla Frandsen" in page  # the header
    assert "Samtalepartner i Sprogcaféen" in page
    assert "Accepteret af begge" in page
    assert "Du er tilbudt en plads" in page
    assert "Mine kommende vagter" in page and "Tilmeldt" in page
    assert "Venter på godkendelse" in page
    assert "Ahmed Rahimi" in page  # her mentor, the koordinator


def test_every_demo_volunteer_can_log_in_with_the_published_password(seeded):
    for email, _description in demo.LOGINS:
        client = Client()
        response = client.post(
            "/konto/login/", {"login": email, "password": organisation_demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
