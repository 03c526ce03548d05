"""The volunteer's own page /frivillig/min-side/: applications, agreements, shifts and offers,
hours, contact person, onboarding, and "Mine data" - only ever their own."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import StaffFactory
from tests.volunteers.factories import (
    ApplicationFactory,
    HoursEntryFactory,
    RoleFactory,
    ShiftFactory,
    SignupFactory,
    VolunteerFactory,
    VolunteerModelFactory,
    approve,
)
from volunteers.models import (
    Agreement,
    ApplicationStatus,
    HoursStatus,
    OnboardingItem,
    OnboardingStep,
    SignupStatus,
)

pytestmark = pytest.mark.django_db

ME = "/frivillig/min-side/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def agreement(application, version, *, superseded=False, accepted=False) -> Agreement:
    now = timezone.now()
    return Agreement.objects.create(
        application=application,
        version=version,
        model=VolunteerModelFactory(),
        role_version=1,
        sections=[{"heading": "Det laver du", "body": "Hjælper med lektier"}],
        follow_up_on=timezone.localdate() + datetime.timedelta(days=60),
        superseded_at=now if superseded else None,
        volunteer_accepted_at=now if accepted else None,
        staff_accepted_at=now if accepted else None,
    )


@pytest.fixture
def volunteer():
    return VolunteerFactory(user__name="Anne Frivillig")


@pytest.fixture
def me(volunteer):
    return client_for(volunteer.user)


def test_a_fresh_volunteer_sees_friendly_empty_states(me):
    response = me.get(ME)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Du har ikke søgt nogen opgaver endnu." in page
    assert "Når du er godkendt til en opgave, laver vi en aftale sammen" in page
    assert "Du har ingen kommende vagter." in page
    assert "Der er ingen timer endnu." in page
    assert "Du får en kontaktperson, når du er godkendt til en opgave." in page
    assert "Skriv andre timer" not in page  # not approved for anything yet
    assert "/frivillig/min-side/mine-data.json" in page
    assert "/frivillig/min-side/stop/" in page


def test_someone_without_a_volunteer_profile_is_pointed_to_the_roles(citizen):
    response = citizen.get(ME)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Du er ikke frivillig på biblioteket endnu" in page
    assert 'href="/frivillig/"' in page


def test_the_page_needs_a_login(anonymous):
    response = anonymous.get(ME)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_the_page_shows_everything_that_is_mine(me, volunteer):
    contact = StaffFactory(name="Kim Kontakt", email="kim@example.dk", phone="32 46 05 00")
    role = RoleFactory(title="Lektiecafé-hjælper", contact_person=contact)
    application = approve(volunteer, role)
    ApplicationFactory(
        volunteer=volunteer,
        role=RoleFactory(title="Rockcafé-vært"),
        status=ApplicationStatus.DECLINED,
    )
    old = agreement(application, 1, superseded=True, accepted=True)
    current = agreement(application, 2)
    items = [OnboardingItem.objects.create(role=role, text=f"Punkt {n}") for n in range(3)]
    OnboardingStep.objects.create(application=application, item=items[0])
    SignupFactory(
        volunteer=volunteer,
        shift=ShiftFactory(role=role, place="Studieområdet", starts_at=in_days(2)),
        status=SignupStatus.CONFIRMED,
    )
    SignupFactory(
        volunteer=volunteer,
        shift=ShiftFactory(role=role, starts_at=in_days(4)),
        status=SignupStatus.WAITLISTED,
    )
    SignupFactory(
        volunteer=volunteer,
        shift=ShiftFactory(role=role, starts_at=in_days(6)),
        status=SignupStatus.OFFERED,
        offer_expires_at=in_days(1),
    )
    SignupFactory(
        volunteer=volunteer,
        shift=ShiftFactory(role=role, place="Gammel vagt", starts_at=in_days(-6)),
        status=SignupStatus.CONFIRMED,
    )
    HoursEntryFactory(volunteer=volunteer, role=role, hours=2, status=HoursStatus.APPROVED)
    HoursEntryFactory(volunteer=volunteer, role=role, hours="1.5", description="Ventende")
    HoursEntryFactory(
        volunteer=volunteer,
        role=role,
        hours=1,
        status=HoursStatus.REJECTED,
        reject_reason="Det var en vagt",
    )

    page = me.get(ME).content.decode()

    assert "Rockcafé-vært" in page and "Afvist" in page
    assert f"/frivillig/min-side/aftale/{current.pk}/" in page
    assert f"/frivillig/min-side/aftale/{old.pk}/" in page
    assert "Tidligere versioner" in page
    assert "Venter på dig" in page
    assert "1 af 3 punkter klaret" in page
    assert f'href="/frivillig/min-side/introduktion/{application.pk}/"' in page
    assert 'href="/frivillig/min-side/aftaler/"' in page
    assert "Studieområdet" in page
    assert "På venteliste" in page
    assert "Gammel vagt" not in page
    assert "Du er tilbudt en plads" in page
    assert 'href="/frivillig/vagter/"' in page
    assert "Ventende" in page and "Det var en vagt" in page
    assert 'Godkendte timer</dt><dd class="col-12 col-md-8">2</dd>' in page
    assert 'Venter på godkendelse</dt><dd class="col-12 col-md-8">1,50</dd>' in page
    assert "Kim Kontakt" in page and "kim@example.dk" in page
    assert "Skriv andre timer" in page


def test_the_mentor_is_the_contact_person_when_there_is_one(me, volunteer):
    volunteer.mentor = StaffFactory(name="Mona Mentor")
    volunteer.save()
    approve(volunteer, RoleFactory(contact_person=StaffFactory(name="Rolle Kontakt")))

    page = me.get(ME).content.decode()
    assert "Mona Mentor" in page
    assert "Rolle Kontakt" not in page


def test_a_volunteer_never_sees_another_volunteers_things(me, volunteer):
    other = VolunteerFactory(user__name="Bo Anden")
    role = RoleFactory(title="Bogbus-hjælper", contact_person=StaffFactory(name="Bogbus Kontakt"))
    application = approve(other, role)
    other_agreement = agreement(application, 1)
    SignupFactory(volunteer=other, shift=ShiftFactory(role=role, place="Plejecentret"))
    HoursEntryFactory(volunteer=other, role=role, description="Bos timer")

    page = me.get(ME).content.decode()
    for secret in ["Bogbus-hjælper", "Plejecentret", "Bos timer", "Bogbus Kontakt"]:
        assert secret not in page
    assert f"/aftale/{other_agreement.pk}/" not in page
    assert "Bos timer" not in me.get(ME + "timer/").content.decode()


def test_a_volunteer_who_stopped_is_told_so(me, volunteer):
    volunteer.ended_at = timezone.now()
    volunteer.save()

    page = me.get(ME).content.decode()
    assert "Du er stoppet som frivillig" in page


def test_all_my_hours_are_listed_on_their_own_page(me, volunteer):
    role = RoleFactory()
    for n in range(30):
        HoursEntryFactory(
            volunteer=volunteer,
            role=role,
            description=f"Opgave {n}",
            date=timezone.localdate() - datetime.timedelta(days=n + 1),
        )

    first = me.get(ME + "timer/").content.decode()
    second = me.get(ME + "timer/", {"side": 2}).content.decode()
    assert "Opgave 0<" in first and "Opgave 24<" in first
    assert "Opgave 25<" in second and "Opgave 29<" in second


@pytest.mark.parametrize("rows", [1, 20])
def test_the_page_query_count_does_not_grow_with_rows(
    me, volunteer, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        role = RoleFactory()
        application = approve(volunteer, role)
        OnboardingItem.objects.create(role=role, text="Mød din kontaktperson")
        agreement(application, 1)
        SignupFactory(volunteer=volunteer, shift=ShiftFactory(role=role, starts_at=in_days(2)))
        HoursEntryFactory(volunteer=volunteer, role=role)
    # 9 queries, whatever the number of rows: session, user, the volunteer (mentor joined),
    # applications (role, branch, contact person joined, onboarding counted), agreements,
    # sign-ups (shift, role, branch joined), recent hours, the hours summary and the library
    # (layout). A role with children adds one for the børneattest.
    with django_assert_max_num_queries(9):
        response = me.get(ME)
    assert response.status_code == 200
