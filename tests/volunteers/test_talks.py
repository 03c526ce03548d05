"""Follow-up and exit talks: scheduled, recorded with short notes, an overview of those due,
and one reminder to staff per talk."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory
from tests.html import error_summary
from tests.volunteers.factories import RoleFactory, VolunteerFactory, approve
from volunteers.models import Talk, TalkKind


def login(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def contact(db):
    return StaffFactory(name="Karen Kontakt", email="karen@example.dk")


@pytest.fixture
def volunteer(db, contact, own_branch):
    volunteer = VolunteerFactory(user=UserFactory(name="Anne Andersen"))
    approve(volunteer, RoleFactory(contact_person=contact, branch=own_branch))
    return volunteer


@pytest.fixture
def talk(volunteer, contact):
    return Talk.objects.create(
        volunteer=volunteer, kind=TalkKind.FOLLOW_UP, scheduled_for=in_days(5), staff=contact
    )


@pytest.mark.django_db
def test_staff_schedule_a_talk(volunteer, contact):
    response = login(contact).post(
        reverse("volunteers:talk_create", args=[volunteer.pk]),
        {"kind": "exit", "scheduled_for": in_days(10).isoformat(), "staff": contact.pk},
    )

    assert response.status_code == 302
    talk = Talk.objects.get()
    assert (talk.kind, talk.scheduled_for, talk.staff) == (TalkKind.EXIT, in_days(10), contact)


@pytest.mark.django_db
def test_a_talk_cannot_be_scheduled_in_the_past(volunteer, contact):
    response = login(contact).post(
        reverse("volunteers:talk_create", args=[volunteer.pk]),
        {"kind": "follow_up", "scheduled_for": in_days(-1).isoformat()},
    )

    assert response.status_code == 200
    assert any("fortiden" in error for error in error_summary(response))
    assert not Talk.objects.exists()


@pytest.mark.django_db
def test_talk_create_refuses_get_outsiders_and_read_only_staff(volunteer, contact, staff, citizen):
    url = reverse("volunteers:talk_create", args=[volunteer.pk])
    data = {"kind": "follow_up", "scheduled_for": in_days(3).isoformat()}

    assert login(contact).get(url).status_code == 405
    assert citizen.post(url, data).status_code == 404
    assert login(volunteer.user).post(url, data).status_code == 404
    assert staff.post(url, data).status_code == 403
    assert not Talk.objects.exists()


@pytest.mark.django_db
def test_staff_record_a_talk_as_held_with_notes(talk, contact):
    client = login(contact)

    response = client.post(
        reverse("volunteers:talk_held", args=[talk.pk]),
        {
            f"talk-{talk.pk}-held_on": timezone.localdate().isoformat(),
            f"talk-{talk.pk}-notes": "Trives godt. Vil gerne prøve IT-hjælp.",
        },
    )

    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.held_on == timezone.localdate()
    assert talk.notes == "Trives godt. Vil gerne prøve IT-hjælp."
    page = client.get(reverse("volunteers:volunteer_talks", args=[talk.volunteer_id]))
    assert "Vil gerne prøve IT-hjælp." in page.text


@pytest.mark.django_db
def test_a_talk_cannot_be_held_in_the_future(talk, contact):
    response = login(contact).post(
        reverse("volunteers:talk_held", args=[talk.pk]),
        {f"talk-{talk.pk}-held_on": in_days(2).isoformat(), f"talk-{talk.pk}-notes": ""},
    )

    assert response.status_code == 200
    assert any("fremtiden" in error for error in error_summary(response))
    talk.refresh_from_db()
    assert talk.held_on is None


@pytest.mark.django_db
def test_talk_held_refuses_get_outsiders_and_read_only_staff(talk, contact, staff, citizen):
    url = reverse("volunteers:talk_held", args=[talk.pk])
    data = {f"talk-{talk.pk}-held_on": timezone.localdate().isoformat()}

    assert login(contact).get(url).status_code == 405
    assert citizen.post(url, data).status_code == 404
    assert staff.post(url, data).status_code == 403
    talk.refresh_from_db()
    assert talk.held_on is None


@pytest.mark.django_db
def test_staff_move_a_talk(talk, contact):
    response = login(contact).post(
        reverse("volunteers:talk_move", args=[talk.pk]),
        {f"move-{talk.pk}-scheduled_for": in_days(20).isoformat(), f"move-{talk.pk}-staff": ""},
    )

    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.scheduled_for == in_days(20)
    assert talk.staff is None


@pytest.mark.django_db
def test_talk_move_refuses_get_outsiders_and_read_only_staff(talk, contact, staff, citizen):
    url = reverse("volunteers:talk_move", args=[talk.pk])
    data = {f"move-{talk.pk}-scheduled_for": in_days(20).isoformat()}

    assert login(contact).get(url).status_code == 405
    assert citizen.post(url, data).status_code == 404
    assert staff.post(url, data).status_code == 403


@pytest.mark.django_db
def test_the_overview_shows_talks_due_in_14_days_and_overdue(volunteer, contact, staff):
    Talk.objects.create(volunteer=volunteer, kind=TalkKind.FOLLOW_UP, scheduled_for=in_days(-3))
    Talk.objects.create(volunteer=volunteer, kind=TalkKind.EXIT, scheduled_for=in_days(14))
    Talk.objects.create(volunteer=volunteer, kind=TalkKind.FOLLOW_UP, scheduled_for=in_days(15))
    Talk.objects.create(
        volunteer=volunteer, kind=TalkKind.FOLLOW_UP, scheduled_for=in_days(-9), held_on=in_days(-9)
    )

    response = staff.get(reverse("volunteers:talk_overview"))

    assert response.status_code == 200
    assert response.text.count("<tr>") - 1 == 2  # header row + the two due
    assert "overskredet" in response.text
    assert "Exitsamtale" in response.text


@pytest.mark.django_db
def test_citizens_and_volunteers_do_not_see_the_overview(citizen, volunteer):
    assert citizen.get(reverse("volunteers:talk_overview")).status_code == 404
    assert (
        login(volunteer.user)
        .get(reverse("volunteers:volunteer_talks", args=[volunteer.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.django_db
def test_the_overview_query_count_does_not_grow(
    rows, staff, contact, django_assert_max_num_queries
):
    for index in range(rows):
        Talk.objects.create(
            volunteer=VolunteerFactory(),
            kind=TalkKind.FOLLOW_UP,
            scheduled_for=in_days(index % 14),
            staff=contact,
        )
    # 5 queries: the session, the user, the library (context processor), the count and the
    # page of talks joined with the volunteer's user and the staff member.
    with django_assert_max_num_queries(5):
        response = staff.get(reverse("volunteers:talk_overview"))
    assert (
        len(re.findall(r'href="/personale/frivillige/samtaler/frivillig/\d+/"', response.text))
        == rows
    )


@pytest.mark.django_db
def test_staff_are_reminded_once_of_a_talk_due_within_a_week(
    talk, volunteer, contact, django_capture_on_commit_callbacks
):
    Talk.objects.create(
        volunteer=volunteer, kind=TalkKind.EXIT, scheduled_for=in_days(12), staff=contact
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("volunteer_reminders", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("volunteer_reminders", stdout=io.StringIO())

    reminders = [m for m in mail.outbox if m.subject.startswith("Samtale med")]
    assert len(reminders) == 1
    assert reminders[0].to == ["karen@example.dk"]
    assert "Anne Andersen" in reminders[0].subject
