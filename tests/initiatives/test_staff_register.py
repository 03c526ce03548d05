"""Staff register an idea heard in everyday dialogue: on behalf of a named citizen with their
consent, or anonymously. Contact data without consent is refused and nothing is stored."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import ConsentText
from initiatives.models import Attachment, Channel, Initiative, Status
from organisation.models import TargetGroup, TargetGroupKind
from tests.factories import BranchFactory, FocusAreaFactory
from tests.html import error_summary, field_errors, form_values
from tests.initiatives.staff_support import png_upload

pytestmark = pytest.mark.django_db

REGISTER = reverse("initiatives:staff_register")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def idea(**changes):
    data = {
        "channel": Channel.DESK,
        "title": "Scenen er din: fortællinger fra Amager",
        "description": "Tre borgere vil fortælle om deres liv på Amager.",
        "citizen_role": "run",
        "format": "talk",
        "preferred_time": "Torsdage i foråret",
        "expected_participants": "30",
        "needs": ["needs_room", "needs_marketing"],
        "needs_other": "",
        "together_with": "Lokalhistorisk Forening",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_offers_every_channel_but_the_web_form_and_shows_the_consent_text(staff):
    html = staff.get(REGISTER).content.decode()
    for value in ["desk", "phone", "event", "email", "partner"]:
        assert f'value="{value}"' in html
    assert 'value="web"' not in html
    assert ConsentText.current("initiative").text[:60] in html
    assert "Borgeren har givet samtykke" in html
    assert "Sammen med hvem?" in html


def test_an_anonymous_idea_is_stored_with_who_registered_it(
    staff, staff_user, django_capture_on_commit_callbacks
):
    branch = BranchFactory()
    area = FocusAreaFactory()
    seniors = TargetGroup.objects.get(kind=TargetGroupKind.SENIORS)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            REGISTER,
            idea(
                channel=Channel.PHONE,
                preferred_branch=branch.pk,
                focus_areas=[area.pk],
                target_groups=[seniors.pk],
            ),
        )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:staff_detail", args=[initiative.pk])
    assert initiative.channel == Channel.PHONE
    assert initiative.registered_by == staff_user
    assert initiative.status == Status.RECEIVED
    assert initiative.contact_name == "" and initiative.consent_text is None
    assert initiative.preferred_branch == branch
    assert list(initiative.focus_areas.all()) == [area]
    assert list(initiative.target_groups.all()) == [seniors]
    assert initiative.needs_room and initiative.needs_marketing
    assert not initiative.needs_equipment
    assert initiative.together_with == "Lokalhistorisk Forening"
    assert initiative.first_response_due is not None
    assert mail.outbox == []  # nobody to send a receipt to

    page = staff.get(response["Location"]).content.decode()
    assert "Anonym: idéen er registreret uden kontaktoplysninger." in page
    assert "Telefon" in page and "Lars Medarbejder" in page


def test_a_named_citizen_with_consent_gets_a_receipt(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            REGISTER,
            idea(
                contact_name="Jens Jensen",
                contact_email="jens@example.dk",
                contact_phone="40 00 00 00",
                consent="on",
            ),
        )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.contact_name == "Jens Jensen"
    assert initiative.consent_text == ConsentText.current("initiative")
    assert initiative.consented_at is not None
    assert [message.to for message in mail.outbox] == [["jens@example.dk"]]


def test_contact_data_without_consent_is_refused_nothing_is_stored_and_the_input_is_kept(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            REGISTER,
            idea(contact_name="Jens Jensen", contact_email="jens@example.dk", channel="event"),
        )
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert mail.outbox == []
    errors = field_errors(response)
    assert "må kun gemmes med borgerens samtykke" in errors["consent"]
    assert any("samtykke" in line for line in error_summary(response))
    values = form_values(response)
    assert values["contact_name"] == "Jens Jensen"
    assert values["contact_email"] == "jens@example.dk"
    assert values["title"] == "Scenen er din: fortællinger fra Amager"
    assert values["channel"] == "event"
    assert sorted(values["needs"]) == ["needs_marketing", "needs_room"]


def test_the_web_channel_cannot_be_chosen(staff):
    response = staff.post(REGISTER, idea(channel="web"))
    assert response.status_code == 200
    assert "channel" in field_errors(response)
    assert not Initiative.objects.exists()


def test_attachments_are_checked_by_content(staff):
    response = staff.post(REGISTER, idea(attachments=[png_upload("plakat.png")]))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "plakat.png"
    assert attachment.content_type == "image/png"

    disguised = SimpleUploadedFile("billede.png", b"<html><script>alert(1)</script></html>")
    response = staff.post(REGISTER, idea(title="Med forklædt fil", attachments=[disguised]))
    assert response.status_code == 200
    assert "billede.png" in field_errors(response)["attachments"]
    assert not Initiative.objects.filter(title="Med forklædt fil").exists()
    assert form_values(response)["title"] == "Med forklædt fil"
