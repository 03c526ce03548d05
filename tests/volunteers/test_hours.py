"""Reported hours: the volunteer writes them, the role's tovholder/koordinator or a manager
approves or rejects them in the back office queue, and the volunteer is told."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.factories import BranchFactory, StaffFactory, TeamFactory
from tests.html import error_summary, field_errors
from tests.volunteers.factories import (
    HoursEntryFactory,
    RoleFactory,
    VolunteerFactory,
    approve,
)
from volunteers.models import Application, ApplicationStatus, HoursEntry, HoursStatus

pytestmark = pytest.mark.django_db

NEW = "/frivillig/min-side/timer/ny/"
QUEUE = "/personale/frivillige/timer/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def role(own_branch):
    return RoleFactory(branch=own_branch, title="Lektiecafé-hjælper")


@pytest.fixture
def volunteer(role):
    volunteer = VolunteerFactory(user__name="Anne Frivillig", user__email="anne@example.dk")
    approve(volunteer, role)
    return volunteer


@pytest.fixture
def volunteer_client(volunteer):
    return client_for(volunteer.user)


def report(client, role, **overrides):
    data = {
        "role": role.pk,
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "hours": "2,5",
        "description": "Forberedte lektiecaféen",
        **overrides,
    }
    return client.post(NEW, data)


def approve_url(entry):
    return f"{QUEUE}{entry.pk}/godkend/"


def reject_url(entry):
    return f"{QUEUE}{entry.pk}/afvis/"


# --- Reporting ------------------------------------------------------------------------------------


def test_a_volunteer_reports_hours_that_wait_for_approval(volunteer_client, volunteer, role):
    response = report(volunteer_client, role)

    assert response.status_code == 302
    assert response["Location"] == "/frivillig/min-side/"
    entry = HoursEntry.objects.get()
    assert entry.volunteer == volunteer
    assert entry.role == role
    assert entry.hours == Decimal("2.5")
    assert entry.status == HoursStatus.PENDING
    page = volunteer_client.get("/frivillig/min-side/").content.decode()
    assert "Forberedte lektiecaféen" in page
    assert "Venter på godkendelse" in page


def test_the_form_offers_only_the_roles_the_volunteer_is_approved_for(
    volunteer_client, volunteer, role
):
    other = RoleFactory(title="Makerspace-hjælper")
    declined = RoleFactory(title="Rockcafé-vært")
    approve(volunteer, declined)
    Application.objects.filter(role=declined).update(status=ApplicationStatus.DECLINED)

    page = volunteer_client.get(NEW).content.decode()
    assert "Lektiecafé-hjælper" in page
    assert "Makerspace-hjælper" not in page
    assert "Rockcafé-vært" not in page

    response = report(volunteer_client, other)
    assert response.status_code == 200
    assert "role" in field_errors(response)
    assert not HoursEntry.objects.exists()


@pytest.mark.parametrize(
    ("hours", "date_days", "field"),
    [("0,1", -1, "hours"), ("24,5", -1, "hours"), ("2", 1, "date")],
)
def test_hours_outside_a_quarter_to_a_day_or_in_the_future_are_refused(
    volunteer_client, role, hours, date_days, field
):
    day = timezone.localdate() + datetime.timedelta(days=date_days)
    response = report(volunteer_client, role, hours=hours, date=day.isoformat())

    assert response.status_code == 200
    assert field in field_errors(response)
    assert error_summary(response)
    assert not HoursEntry.objects.exists()


def test_a_person_without_a_volunteer_profile_cannot_report(citizen, role):
    response = report(citizen, role)

    assert response.status_code == 200
    assert "Bliv frivillig" in response.content.decode()
    assert not HoursEntry.objects.exists()


def test_reporting_needs_a_login(anonymous, role):
    response = report(anonymous, role)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


# --- The queue ------------------------------------------------------------------------------------


def test_the_queue_shows_pending_hours_first_and_filters(staff, volunteer, role):
    HoursEntryFactory(volunteer=volunteer, role=role, description="Ventende timer")
    HoursEntryFactory(
        volunteer=volunteer, role=role, description="Godkendte timer", status=HoursStatus.APPROVED
    )
    other_role = RoleFactory(title="Bogbus-hjælper")
    HoursEntryFactory(role=other_role, description="Bogbus-timer")

    page = staff.get(QUEUE).content.decode()
    assert "Ventende timer" in page
    assert "Bogbus-timer" in page
    assert "Godkendte timer" not in page

    page = staff.get(QUEUE, {"status": "approved"}).content.decode()
    assert "Godkendte timer" in page
    assert "Ventende timer" not in page

    page = staff.get(QUEUE, {"rolle": other_role.pk}).content.decode()
    assert "Bogbus-timer" in page
    assert "Ventende timer" not in page

    page = staff.get(QUEUE, {"filial": role.branch_id, "status": ""}).content.decode()
    assert "Ventende timer" in page and "Godkendte timer" in page
    assert "Bogbus-timer" not in page


def test_the_period_filter_keeps_to_the_dates(staff, role):
    today = timezone.localdate()
    HoursEntryFactory(role=role, description="Sidste måned", date=today - datetime.timedelta(40))
    HoursEntryFactory(role=role, description="I denne uge", date=today - datetime.timedelta(2))

    since = (today - datetime.timedelta(7)).isoformat()
    page = staff.get(QUEUE, {"fra": since}).content.decode()
    assert "I denne uge" in page
    assert "Sidste måned" not in page


def test_the_mine_filter_shows_only_hours_i_may_decide(tovholder, role):
    HoursEntryFactory(role=role, description="Min filial")
    HoursEntryFactory(role=RoleFactory(), description="Andres filial")

    page = tovholder.get(QUEUE, {"mine": "on"}).content.decode()
    assert "Min filial" in page
    assert "Andres filial" not in page


def test_only_those_who_may_decide_get_the_buttons(staff, tovholder, volunteer, role):
    entry = HoursEntryFactory(volunteer=volunteer, role=role)

    assert approve_url(entry) in tovholder.get(QUEUE).content.decode()
    assert approve_url(entry) not in staff.get(QUEUE).content.decode()


def test_the_queue_is_for_staff_only(citizen, volunteer_client, anonymous):
    assert citizen.get(QUEUE).status_code == 404
    assert volunteer_client.get(QUEUE).status_code == 404
    assert anonymous.get(QUEUE).status_code == 302


@pytest.mark.parametrize("rows", [1, 50])
def test_the_queue_query_count_does_not_grow_with_rows(
    tovholder, role, rows, django_assert_max_num_queries
):
    team = TeamFactory()
    role.team = team
    role.save()
    for _ in range(rows):
        HoursEntryFactory(role=role, decided_by=StaffFactory())
    # 7 queries, whatever the number of rows: session, user, the count, the page (volunteer,
    # user, role, branch, team and decider joined), the library (layout), and the roles and
    # branches for the filter's choices.
    with django_assert_max_num_queries(7):
        response = tovholder.get(QUEUE)
    assert response.status_code == 200
    assert response.content.decode().count("/godkend/") == min(rows, 25)


# --- Deciding -----------------------------------------------------------------------------------


def test_the_tovholder_of_the_roles_branch_approves_and_the_volunteer_is_emailed(
    tovholder, tovholder_user, volunteer, role, django_capture_on_commit_callbacks
):
    entry = HoursEntryFactory(volunteer=volunteer, role=role, hours=3)

    with django_capture_on_commit_callbacks(execute=True):
        response = tovholder.post(approve_url(entry), {"next": QUEUE + "?status=pending"})

    assert response.status_code == 302
    assert response["Location"] == QUEUE + "?status=pending"
    entry.refresh_from_db()
    assert entry.status == HoursStatus.APPROVED
    assert entry.decided_by == tovholder_user
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anne@example.dk"]
    assert message.subject == "Dine timer er godkendt"
    assert "3 timer som Lektiecafé-hjælper" in message.body


def test_rejecting_needs_a_reason_which_the_volunteer_is_emailed(
    tovholder, volunteer, role, django_capture_on_commit_callbacks
):
    entry = HoursEntryFactory(volunteer=volunteer, role=role)

    assert tovholder.get(reject_url(entry)).status_code == 200
    response = tovholder.post(reject_url(entry), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in field_errors(response)

    with django_capture_on_commit_callbacks(execute=True):
        response = tovholder.post(reject_url(entry), {"reason": "Det var en vagt, ikke ekstra."})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == HoursStatus.REJECTED
    assert entry.reject_reason == "Det var en vagt, ikke ekstra."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Dine timer er ikke godkendt"
    assert "Det var en vagt, ikke ekstra." in mail.outbox[0].body


def test_the_koordinator_of_the_roles_team_and_a_manager_may_decide(manager, volunteer, role):
    koordinator = StaffFactory()
    role.team = TeamFactory(koordinator=koordinator)
    role.save()
    first = HoursEntryFactory(volunteer=volunteer, role=role)
    second = HoursEntryFactory(volunteer=volunteer, role=role)

    assert client_for(koordinator).post(approve_url(first)).status_code == 302
    assert manager.post(approve_url(second)).status_code == 302
    assert set(HoursEntry.objects.values_list("status", flat=True)) == {HoursStatus.APPROVED}


def test_staff_outside_the_branch_and_team_get_403(staff, volunteer, role, other_branch):
    entry = HoursEntryFactory(volunteer=volunteer, role=role)
    other_tovholder = StaffFactory()
    BranchFactory(tovholder=other_tovholder)

    assert staff.post(approve_url(entry)).status_code == 403
    assert client_for(other_tovholder).post(approve_url(entry)).status_code == 403
    assert staff.post(reject_url(entry), {"reason": "Nej"}).status_code == 403
    assert staff.get(reject_url(entry)).status_code == 403
    entry.refresh_from_db()
    assert entry.status == HoursStatus.PENDING


def test_volunteers_and_citizens_cannot_decide_even_their_own(
    volunteer_client, citizen, volunteer, role
):
    entry = HoursEntryFactory(volunteer=volunteer, role=role)

    assert volunteer_client.post(approve_url(entry)).status_code == 404
    assert citizen.post(approve_url(entry)).status_code == 404
    assert volunteer_client.post(reject_url(entry), {"reason": "Nej"}).status_code == 404
    assert citizen.get(reject_url(entry)).status_code == 404
    entry.refresh_from_db()
    assert entry.status == HoursStatus.PENDING


def test_approving_is_post_only_and_an_unknown_entry_is_404(tovholder, volunteer, role):
    entry = HoursEntryFactory(volunteer=volunteer, role=role)

    assert tovholder.get(approve_url(entry)).status_code == 405
    assert tovholder.post(f"{QUEUE}999999/godkend/").status_code == 404


def test_hours_are_decided_once(tovholder, volunteer, role, django_capture_on_commit_callbacks):
    entry = HoursEntryFactory(volunteer=volunteer, role=role)
    with django_capture_on_commit_callbacks(execute=True):
        tovholder.post(approve_url(entry))
        response = tovholder.post(reject_url(entry), {"reason": "For sent"}, follow=True)

    assert "Timerne er allerede behandlet." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == HoursStatus.APPROVED
    assert len(mail.outbox) == 1


def test_the_back_link_never_leaves_the_queue(tovholder, volunteer, role):
    entry = HoursEntryFactory(volunteer=volunteer, role=role)
    response = tovholder.post(approve_url(entry), {"next": "https://example.com/"})
    assert response["Location"] == QUEUE
