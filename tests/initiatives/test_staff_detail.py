"""The working page: everything the citizen sent, the status workflow, the owner, the working
fields, the thread (public replies vs internal notes), merging duplicates, activities and a new
tracking link. Each action is its own POST URL; a refusal shows on the page, never a 500."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from activities.models import Activity
from initiatives import services
from initiatives.models import Attachment, Initiative, MessageKind, Status
from tests.factories import BranchFactory, FocusAreaFactory, StaffFactory, UserFactory
from tests.html import error_summary, field_errors, form_values
from tests.initiatives.staff_support import make_overdue, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _submit(**overrides):
    data = {
        "title": "Erindringscafé om Kastrup",
        "description": "Vi mødes og deler billeder og minder.",
        "contact_name": "Inger Hansen",
        "contact_email": "inger@example.dk",
        "contact_phone": "40 11 22 33",
        "together_with": "Lokalhistorisk Forening",
        **overrides,
    }
    attachments = data.pop("attachments", ())
    return services.initiative_submit(data=data, attachments=attachments)


@pytest.fixture
def initiative(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = _submit()
    mail.outbox.clear()
    return created


def url(name, initiative):
    return reverse(f"initiatives:{name}", args=[initiative.pk])


def page(client, initiative) -> str:
    response = client.get(url("staff_detail", initiative))
    assert response.status_code == 200
    return response.content.decode()


def offered_statuses(html: str) -> set[str]:
    return {
        value
        for value in ["received", *services.TRANSITIONS]
        if f'name="status-to_status" value="{value}"' in html
    }


# --- What the page shows ----------------------------------------------------------------------


def test_the_page_shows_what_the_citizen_sent_and_how_it_came_in(staff, initiative):
    html = page(staff, initiative)
    assert initiative.title in html
    assert "Vi mødes og deler billeder og minder." in html
    assert "Lokalhistorisk Forening" in html
    assert "inger@example.dk" in html and "40 11 22 33" in html
    assert "Borgerens formular" in html  # the channel
    assert "Borgeren selv" in html  # who registered it
    assert "samtykketekst version 1" in html


def test_an_overdue_initiative_says_so_in_words(staff):
    overdue = make_overdue()
    html = page(staff, overdue)
    assert "Svarfristen er overskredet" in html
    assert "Overskredet" in html


def test_anonymised_contact_data_is_shown_as_such(staff, initiative):
    services.initiative_request_deletion(initiative=initiative)
    html = page(staff, initiative)
    assert "Anonymiseret" in html
    assert "inger@example.dk" not in html
    assert "Send nyt link til borgeren" not in html


def test_the_participation_ladder_is_explained_step_by_step(staff, initiative):
    html = page(staff, initiative)
    for step in ["Informere", "Høre", "Inddrage", "Samskabe", "Borgerstyret"]:
        assert step in html
    assert "Borgere og bibliotek skaber tilbuddet sammen som ligeværdige parter." in html


# --- Status -----------------------------------------------------------------------------------


def test_the_status_form_offers_only_the_allowed_transitions(staff, initiative):
    assert offered_statuses(page(staff, initiative)) == set(
        services.allowed_transitions(initiative)
    )
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.SCHEDULED)
    initiative.refresh_from_db()
    assert offered_statuses(page(staff, initiative)) == {"planning", "held", "withdrawn"}
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.EVALUATED)
    html = page(staff, initiative)
    assert offered_statuses(html) == set()
    assert "kan ikke skifte status" in html


def test_changing_status_records_history_and_emails_the_citizen(
    staff, staff_user, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            url("staff_status", initiative),
            {"status-to_status": "in_dialogue", "status-message": "Vi ringer dig op i morgen."},
        )
    assert response.status_code == 302
    assert response["Location"] == url("staff_detail", initiative)
    initiative.refresh_from_db()
    assert initiative.status == Status.IN_DIALOGUE
    change = initiative.history.last()
    assert (change.actor, change.from_status, change.to_status) == (
        staff_user,
        "received",
        "in_dialogue",
    )
    assert change.citizen_notified
    assert [m.to for m in mail.outbox] == [["inger@example.dk"]]
    assert "Vi ringer dig op i morgen." in mail.outbox[0].body

    html = staff.get(response["Location"]).content.decode()
    assert "Status er ændret til &#x27;I dialog&#x27;. Borgeren får besked på e-mail." in html
    assert "Vi ringer dig op i morgen." in html  # in the history table


def test_a_refused_transition_shows_the_danish_error_and_keeps_the_input(staff, initiative):
    # A stale page: a colleague referred it meanwhile; this tab still offered "Under planlægning".
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.REFERRED)
    response = staff.post(
        url("staff_status", initiative),
        {"status-to_status": "planning", "status-message": "Vi går i gang"},
    )
    assert response.status_code == 200
    assert field_errors(response)["status-to_status"] == (
        "Et initiativ med status 'Henvist' kan ikke få status 'Under planlægning'."
    )
    assert form_values(response)["status-message"] == "Vi går i gang"
    initiative.refresh_from_db()
    assert initiative.status == Status.REFERRED
    assert initiative.history.count() == 1


def test_declining_without_a_reason_is_refused(staff, initiative):
    html = page(staff, initiative)
    assert "Skal udfyldes ved &#x27;Afvist / ikke nu&#x27;" in html  # the hint says so
    response = staff.post(
        url("staff_status", initiative), {"status-to_status": "declined", "status-message": " "}
    )
    assert response.status_code == 200
    assert "Skriv en begrundelse til borgeren" in field_errors(response)["status-message"]
    assert error_summary(response)
    initiative.refresh_from_db()
    assert initiative.status == Status.RECEIVED


def test_referring_needs_where_to(staff, initiative):
    response = staff.post(url("staff_status", initiative), {"status-to_status": "referred"})
    assert "Skriv hvor borgeren er henvist til." in field_errors(response)["status-referred_to"]
    response = staff.post(
        url("staff_status", initiative),
        {"status-to_status": "referred", "status-referred_to": "Borgerservice"},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.status, initiative.referred_to) == (Status.REFERRED, "Borgerservice")


# --- Duplicates ---------------------------------------------------------------------------------


def test_merging_as_duplicate_keeps_messages_attachments_and_history_on_the_original(
    staff, staff_user, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        duplicate = _submit(
            title="Minder fra Kastrup",
            description="Jeg har også gamle fotos.",
            contact_email="ole@example.dk",
            attachments=[services.Upload(png_upload("foto.png"), "foto.png", "image/png", 70)],
        )
    services.initiative_citizen_post(initiative=duplicate, body="Jeg kan låne en projektor.")
    services.initiative_post(
        initiative=duplicate, acting_user=staff_user, body="Ligner #1", internal=True
    )

    response = staff.post(
        url("staff_status", duplicate),
        {
            "status-to_status": "duplicate",
            "status-duplicate_of": str(initiative.pk),
            "status-message": "Vi slår jeres idéer sammen.",
        },
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (Status.DUPLICATE, initiative)

    original = page(staff, initiative)
    assert "Sammenlagt fra" in original
    assert "Minder fra Kastrup" in original
    assert "Jeg har også gamle fotos." in original
    assert "Jeg kan låne en projektor." in original
    assert "Ligner #1" in original
    assert "Vi slår jeres idéer sammen." in original  # the duplicate's history
    attachment = Attachment.objects.get(initiative=duplicate)
    download = reverse("initiatives:staff_attachment", args=[attachment.pk])
    assert download in original
    assert staff.get(download).status_code == 200

    merged = page(staff, duplicate)
    assert "Initiativet er lagt sammen med" in merged
    assert url("staff_detail", initiative) in merged


def test_duplicate_of_an_unknown_number_is_a_form_error(staff, initiative):
    response = staff.post(
        url("staff_status", initiative),
        {"status-to_status": "duplicate", "status-duplicate_of": "99999"},
    )
    assert response.status_code == 200
    assert field_errors(response)["status-duplicate_of"] == (
        "Der findes intet initiativ med det nummer."
    )


# --- Owner --------------------------------------------------------------------------------------


def test_assigning_an_owner_and_taking_it_yourself(staff, staff_user, initiative):
    colleague = StaffFactory(name="Kirsten Kollega")
    response = staff.post(url("staff_assign", initiative), {"assign-owner": colleague.pk})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.owner == colleague
    assert AuditEntry.objects.filter(action="initiative_assigned").count() == 1

    html = page(staff, initiative)
    assert "Tag den selv" in html
    staff.post(url("staff_assign", initiative), {"assign-owner": staff_user.pk})
    initiative.refresh_from_db()
    assert initiative.owner == staff_user

    staff.post(url("staff_assign", initiative), {"assign-owner": ""})
    initiative.refresh_from_db()
    assert initiative.owner is None


def test_a_citizen_cannot_be_made_owner(staff, initiative):
    outsider = UserFactory()
    response = staff.post(url("staff_assign", initiative), {"assign-owner": outsider.pk})
    assert response.status_code == 200
    assert "assign-owner" in field_errors(response)
    initiative.refresh_from_db()
    assert initiative.owner is None


# --- Working fields -----------------------------------------------------------------------------


def test_the_working_fields_are_saved(staff, initiative):
    area = FocusAreaFactory(name="Samskabelse")
    response = staff.post(
        url("staff_update", initiative),
        {
            "work-participation_level": "cocreate",
            "work-focus_areas": [area.pk],
            "work-target_groups": [],
            "work-involved": "Tårnby Lokalhistoriske Forening",
            "work-public_summary": "30 borgere delte minder.",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.participation_level == "cocreate"
    assert list(initiative.focus_areas.all()) == [area]
    assert initiative.involved == "Tårnby Lokalhistoriske Forening"
    assert initiative.public_summary == "30 borgere delte minder."
    values = form_values(staff.get(url("staff_detail", initiative)))
    assert values["work-participation_level"] == "cocreate"
    assert values["work-focus_areas"] == str(area.pk)


# --- The thread ---------------------------------------------------------------------------------


def test_a_public_reply_emails_the_citizen(staff, initiative, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url("staff_reply", initiative), {"reply-body": "Hvor spændende!"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["inger@example.dk"]]
    assert "Hvor spændende!" in mail.outbox[0].body
    message = initiative.messages.get()
    assert message.kind == MessageKind.PUBLIC_REPLY
    initiative.refresh_from_db()
    assert initiative.first_responded_at is not None


def test_an_internal_note_emails_nobody(staff, initiative, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url("staff_note", initiative), {"note-body": "Ring til arkivet"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert initiative.messages.get().kind == MessageKind.INTERNAL_NOTE


def test_replies_and_notes_are_told_apart_in_words(staff, staff_user, initiative):
    html = page(staff, initiative)
    assert "Send svar til borgeren" in html
    assert "Gem intern note — borgeren ser den ikke" in html
    services.initiative_post(
        initiative=initiative, acting_user=staff_user, body="Offentligt svar", internal=False
    )
    services.initiative_post(
        initiative=initiative, acting_user=staff_user, body="Hemmelig note", internal=True
    )
    html = page(staff, initiative)
    reply_at, note_at = html.index("Offentligt svar"), html.index("Hemmelig note")
    assert html.rfind("Svar til borgeren", 0, reply_at) > html.rfind("Intern note", 0, reply_at)
    assert html.rfind("Intern note", 0, note_at) > html.rfind("Svar til borgeren", 0, note_at)
    assert "Kun for personalet – borgeren ser den ikke." in html


def test_an_empty_reply_is_refused_with_the_input_kept(staff, initiative):
    response = staff.post(
        url("staff_reply", initiative), {"reply-body": "", "note-body": "ikke denne"}
    )
    assert response.status_code == 200
    assert "reply-body" in field_errors(response)
    assert initiative.messages.count() == 0


def test_a_reply_can_carry_an_attachment(staff, initiative):
    response = staff.post(
        url("staff_reply", initiative),
        {"reply-body": "Her er plakaten", "reply-attachments": [png_upload("plakat.png")]},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.message == initiative.messages.get()
    assert not attachment.from_citizen


# --- Activities ---------------------------------------------------------------------------------


def test_creating_an_activity_links_it_and_moves_the_status_to_planned(staff, initiative):
    branch = BranchFactory(name="Tårnby Hovedbibliotek")
    start = timezone.localtime() + datetime.timedelta(days=14)
    response = staff.post(
        url("staff_create_activity", initiative),
        {
            "activity-title": "Erindringscafé",
            "activity-description": "Billeder og kaffe",
            "activity-branch": branch.pk,
            "activity-place": "Salen",
            "activity-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "activity-ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "activity-is_public": "on",
            "activity-citizen_cohost": "on",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.title == "Erindringscafé"
    assert activity.cohosts.get().name == "Inger Hansen"
    initiative.refresh_from_db()
    assert initiative.status == Status.SCHEDULED
    assert list(initiative.activities.all()) == [activity]
    html = page(staff, initiative)
    assert reverse("activities:staff_detail", args=[activity.pk]) in html


def test_an_activity_that_ends_before_it_starts_is_refused_with_the_input_kept(staff, initiative):
    branch = BranchFactory()
    response = staff.post(
        url("staff_create_activity", initiative),
        {
            "activity-title": "Erindringscafé",
            "activity-description": "Billeder og kaffe",
            "activity-branch": branch.pk,
            "activity-starts_at": "2030-05-01T14:00",
            "activity-ends_at": "2030-05-01T12:00",
        },
    )
    assert response.status_code == 200
    assert "slutte efter" in field_errors(response)["activity-ends_at"]
    assert form_values(response)["activity-title"] == "Erindringscafé"
    assert not Activity.objects.exists()


def test_a_closed_initiative_cannot_become_an_activity(staff, initiative):
    branch = BranchFactory()
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.WITHDRAWN)
    response = staff.post(
        url("staff_create_activity", initiative),
        {
            "activity-title": "Erindringscafé",
            "activity-description": "Billeder og kaffe",
            "activity-branch": branch.pk,
            "activity-starts_at": "2030-05-01T12:00",
            "activity-ends_at": "2030-05-01T14:00",
        },
    )
    assert response.status_code == 200
    assert "Et lukket initiativ kan ikke blive til en aktivitet." in error_summary(response)
    assert not Activity.objects.exists()


# --- A new tracking link ------------------------------------------------------------------------


def test_a_new_link_is_emailed_and_the_old_one_stops_working(
    staff, initiative, django_capture_on_commit_callbacks
):
    old_token = services.tracking_token(initiative)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url("staff_reissue_link", initiative))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert services.initiative_from_token(old_token) is None
    new_token = services.tracking_token(initiative)
    assert [m.to for m in mail.outbox] == [["inger@example.dk"]]
    assert new_token in mail.outbox[0].body
