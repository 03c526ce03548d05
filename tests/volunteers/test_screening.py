"""Screening in the back office: the list, an application's page, notes and the decisions."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import StaffFactory, TeamFactory, UserFactory
from tests.html import field_errors
from volunteers.models import Application, ApplicationStatus, ScreeningNote

from .factories import (
    ApplicationFactory,
    RoleFactory,
    VolunteerFactory,
    VolunteerModelFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/personale/frivillige/ansoegninger/"


def detail_url(application) -> str:
    return f"{LIST}{application.pk}/"


@pytest.fixture
def role(own_branch, tovholder_user):
    """A role at the tovholder's branch."""
    return RoleFactory(title="Højtlæser for børn", branch=own_branch)


@pytest.fixture
def application(role):
    applicant = UserFactory(email="ansoeger@example.dk", name="Karen Ansøger")
    return ApplicationFactory(volunteer=VolunteerFactory(user=applicant), role=role)


@pytest.fixture
def model():
    """The agreement drafted on approval is built from the volunteer model."""
    return VolunteerModelFactory()


def listed(response) -> list[int]:
    return [application.pk for application in response.context["page"].object_list]


def emails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


# --- The list -----------------------------------------------------------------------------------


def test_staff_see_the_applications_waiting_for_an_answer(staff, application, role):
    on_hold = ApplicationFactory(role=role, status=ApplicationStatus.ON_HOLD)
    ApplicationFactory(role=role, status=ApplicationStatus.DECLINED)

    response = staff.get(LIST)

    assert response.status_code == 200
    assert sorted(listed(response)) == sorted([application.pk, on_hold.pk])
    assert "Karen Ansøger" in response.content.decode()


def test_the_list_is_not_for_citizens(citizen, anonymous):
    assert citizen.get(LIST).status_code == 404
    assert anonymous.get(LIST).status_code == 302


def test_the_list_filters_by_status_role_branch_team_and_age(staff, role, other_branch):
    team = TeamFactory()
    at_other_branch = RoleFactory(branch=other_branch, team=team)
    here = ApplicationFactory(role=role)
    there = ApplicationFactory(role=at_other_branch)
    declined = ApplicationFactory(role=role, status=ApplicationStatus.DECLINED)
    old = ApplicationFactory(role=role)
    Application.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=45)
    )

    assert listed(staff.get(LIST, {"status": "declined"})) == [declined.pk]
    assert sorted(listed(staff.get(LIST, {"status": ""}))) == sorted(
        [here.pk, there.pk, declined.pk, old.pk]
    )
    assert listed(staff.get(LIST, {"role": at_other_branch.pk})) == [there.pk]
    assert listed(staff.get(LIST, {"branch": other_branch.pk})) == [there.pk]
    assert listed(staff.get(LIST, {"team": team.pk})) == [there.pk]
    assert listed(staff.get(LIST, {"age": "older30"})) == [old.pk]
    assert sorted(listed(staff.get(LIST, {"age": "7"}))) == sorted([here.pk, there.pk])


def test_the_list_says_so_when_nothing_is_waiting(staff):
    page = staff.get(LIST).content.decode()

    assert "Der er ingen ansøgninger, der venter på svar." in page


def test_the_list_is_paginated(staff, role):
    for _ in range(30):
        ApplicationFactory(role=role)

    first, second = staff.get(LIST), staff.get(LIST, {"side": 2})

    assert len(listed(first)) == 25 and len(listed(second)) == 5


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_query_count_does_not_grow_with_rows(
    staff, role, rows, django_assert_max_num_queries
):
    team = TeamFactory()
    role.team = team
    role.save()
    for _ in range(rows):
        ApplicationFactory(role=role)
    # 8 queries, whatever the number of rows: the session and the user; the library (context
    # processor); the count and the page of applications joined with the volunteer's user and
    # the role's branch and team; the filter form's roles, branches and teams.
    with django_assert_max_num_queries(8):
        response = staff.get(LIST)
    assert len(listed(response)) == min(rows, 25)


# --- An application's page ----------------------------------------------------------------------


def test_staff_read_an_application_with_its_answers_and_notes(staff, staff_user, application):
    application.answers = {"7": {"question": "Kan du lide børn?", "answer": "Meget!", "order": 0}}
    application.save()
    ScreeningNote.objects.create(application=application, author=staff_user, body="God samtale.")

    page = staff.get(detail_url(application)).content.decode()

    assert "Kan du lide børn?" in page and "Meget!" in page
    assert "God samtale." in page
    assert "ansoeger@example.dk" in page
    # An ordinary staff member reads, but is told who decides.
    assert "Godkend ansøgningen" not in page
    assert "Tovholderen for biblioteket" in page


def test_the_tovholder_sees_the_decisions(tovholder, application):
    page = tovholder.get(detail_url(application)).content.decode()

    assert "Godkend ansøgningen" in page
    assert "Afvis ansøgningen" in page
    assert "Sæt ansøgningen i bero" in page


def test_an_application_page_is_not_for_citizens(citizen, application):
    assert citizen.get(detail_url(application)).status_code == 404


# --- Notes --------------------------------------------------------------------------------------


def test_staff_add_a_note_from_the_talk(staff, staff_user, application):
    url = detail_url(application) + "note/"

    assert staff.get(url).status_code == 405
    response = staff.post(url, {"note-body": "Har erfaring fra skolebiblioteket."})

    assert response.status_code == 302
    note = application.notes.get()
    assert (note.author, note.body) == (staff_user, "Har erfaring fra skolebiblioteket.")


def test_an_empty_note_is_refused(staff, application):
    response = staff.post(detail_url(application) + "note/", {"note-body": ""})

    assert field_errors(response)["note-body"] == "Skriv noten."
    assert not application.notes.exists()


def test_a_citizen_cannot_add_a_note(citizen, application):
    assert citizen.post(detail_url(application) + "note/", {"note-body": "x"}).status_code == 404
    assert not application.notes.exists()


# --- Deciding -----------------------------------------------------------------------------------


def test_the_tovholder_approves_and_the_applicant_is_emailed(
    tovholder, tovholder_user, application, model, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = tovholder.post(detail_url(application) + "godkend/")

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == tovholder_user
    assert application.decided_at is not None
    approved = [m for m in emails_to("ansoeger@example.dk") if "godkendt" in m.subject]
    assert len(approved) == 1
    assert "Højtlæser for børn" in approved[0].body
    # The expectation agreement is drafted at approval (its content is the agreements' business).
    assert application.agreements.count() == 1


def test_the_koordinator_of_the_role_s_team_approves(application, model, role, client):
    koordinator = StaffFactory()
    role.team = TeamFactory(koordinator=koordinator)
    role.save()
    client.force_login(koordinator)

    client.post(detail_url(application) + "godkend/")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_a_manager_approves_anywhere(manager, application, model):
    manager.post(detail_url(application) + "godkend/")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_staff_who_do_not_lead_the_role_get_403_on_every_decision(staff, application):
    for action, data in [
        ("godkend/", {}),
        ("afvis/", {"decline-reason": "Nej"}),
        ("i-bero/", {"hold-message": ""}),
    ]:
        assert staff.post(detail_url(application) + action, data).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_tovholder_of_another_branch_gets_403(client, application, other_branch):
    other_tovholder = StaffFactory()
    other_branch.tovholder = other_tovholder
    other_branch.save()
    client.force_login(other_tovholder)

    assert client.post(detail_url(application) + "godkend/").status_code == 403


def test_citizens_get_404_on_the_decisions(citizen, application):
    for action in ("godkend/", "afvis/", "i-bero/"):
        assert citizen.post(detail_url(application) + action).status_code == 404


def test_decisions_are_post_only(tovholder, application):
    for action in ("godkend/", "afvis/", "i-bero/"):
        assert tovholder.get(detail_url(application) + action).status_code == 405


def test_declining_needs_a_reason(tovholder, application):
    response = tovholder.post(detail_url(application) + "afvis/", {"decline-reason": "  "})

    assert response.status_code == 200
    assert field_errors(response)["decline-reason"].startswith("Skriv en begrundelse")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_declining_emails_the_reason_to_the_applicant(
    tovholder, application, django_capture_on_commit_callbacks
):
    reason = "Vi har desværre fået flere ansøgere, end vi har vagter til."
    with django_capture_on_commit_callbacks(execute=True):
        tovholder.post(detail_url(application) + "afvis/", {"decline-reason": reason})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decision_reason == reason
    (sent,) = emails_to("ansoeger@example.dk")
    assert reason in sent.body
    assert "Svar på din ansøgning" in sent.subject
    page = tovholder.get(detail_url(application)).content.decode()
    assert reason in page
    assert "Senest besluttet af Sofie Tovholder" in page
    assert "Godkend ansøgningen" not in page


def test_putting_on_hold_emails_the_applicant(
    tovholder, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tovholder.post(
            detail_url(application) + "i-bero/",
            {"hold-message": "Vi vender tilbage efter sommerferien."},
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ON_HOLD
    (sent,) = emails_to("ansoeger@example.dk")
    assert "i bero" in sent.subject
    assert "Vi vender tilbage efter sommerferien." in sent.body


def test_an_application_on_hold_can_still_be_approved(tovholder, application, model):
    application.status = ApplicationStatus.ON_HOLD
    application.save()

    tovholder.post(detail_url(application) + "godkend/")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_a_decided_application_is_not_decided_again(tovholder, application):
    application.status = ApplicationStatus.DECLINED
    application.save()

    response = tovholder.post(detail_url(application) + "godkend/", follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert "så det kan ikke lade sig gøre nu" in response.content.decode()


def test_approval_without_a_volunteer_model_is_refused_and_nothing_changes(
    tovholder, application, django_capture_on_commit_callbacks
):
    """The agreement is built from the model; without one there is no approval either."""
    with django_capture_on_commit_callbacks(execute=True):
        response = tovholder.post(detail_url(application) + "godkend/", follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert "frivillighedsmodel" in response.content.decode()
    assert not emails_to("ansoeger@example.dk")


def test_the_staff_menu_links_to_the_screening(staff):
    page = staff.get(LIST).content.decode()

    assert f'href="{LIST}"' in page
    assert ">Frivillige<" in page
