"""A citizen proposes an initiative: the public form, its spam rules and its attachments."""

import html
import io
import re
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from accounts.models import ConsentText
from initiatives.models import Attachment, CitizenRole, Format, Initiative
from initiatives.uploads import MAX_ATTACHMENTS, validate_attachment
from organisation.models import Library, TargetGroup
from tests.factories import BranchFactory
from tests.html import error_summary, field_errors, form_values

# Every test needs the database: the shared cache fixture clears the DatabaseCache.
pytestmark = pytest.mark.django_db

URL = reverse("initiatives:propose")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAMMEN_FORM_MIN_SECONDS = 0  # the too-fast rule has its own tests below
    return settings.MEDIA_ROOT


def text(response) -> str:
    return html.unescape(response.content.decode())


def _stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def png(name="billede.png", size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def image(fmt: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 200)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def pdf(name="program.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def html_as_png() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "ikke-et-billede.png",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        content_type="image/png",
    )


def _form_data(client, **overrides) -> dict:
    """What a person types, plus the hidden fields the page gave them."""
    shown = form_values(client.get(URL))
    groups = TargetGroup.objects.order_by("order")
    data = {
        "title": "Erindringscafé om Kastrup i 50'erne",
        "description": "Vi mødes, drikker kaffe og deler billeder og minder.",
        "format": Format.CAFE,
        "citizen_role": CitizenRole.RUN,
        "target_groups": [groups[4].pk, groups[5].pk],
        "preferred_time": "Torsdag eftermiddag",
        "expected_participants": "20",
        "needs": ["needs_room", "needs_marketing"],
        "needs_other": "Kaffe på kanden",
        "together_with": "Tårnby Lokalhistoriske Forening og plejehjemmet",
        "contact_name": "Inger Hansen",
        "contact_email": "inger@example.dk",
        "contact_phone": "12 34 56 78",
        "name_may_be_shown": "on",
        "consent": "on",
        "consent_version": shown["consent_version"],
        "started": shown["started"],
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _assert_typed_values_kept(response):
    values = form_values(response)
    assert values["title"] == "Erindringscafé om Kastrup i 50'erne"
    assert values["description"].strip() == "Vi mødes, drikker kaffe og deler billeder og minder."
    assert values["together_with"].strip() == "Tårnby Lokalhistoriske Forening og plejehjemmet"
    assert values["contact_name"] == "Inger Hansen"
    assert values["contact_email"] == "inger@example.dk"
    assert values["format"] == Format.CAFE
    assert values["citizen_role"] == CitizenRole.RUN
    assert sorted(values["needs"]) == ["needs_marketing", "needs_room"]
    assert values["consent"] == "on"


# --- Happy path --------------------------------------------------------------------------------


def test_a_citizen_proposes_an_idea_and_gets_one_receipt_with_a_working_private_link(
    anonymous, django_capture_on_commit_callbacks
):
    branch = BranchFactory(name="Tårnby Hovedbibliotek")
    data = _form_data(anonymous, preferred_branch=branch.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(URL, data)

    assert response.status_code == 302
    assert response.url == reverse("initiatives:propose_thanks")
    initiative = Initiative.objects.get()
    assert initiative.title == "Erindringscafé om Kastrup i 50'erne"
    assert initiative.format == Format.CAFE
    assert initiative.citizen_role == CitizenRole.RUN
    assert initiative.preferred_branch == branch
    assert initiative.expected_participants == 20
    assert (initiative.needs_room, initiative.needs_marketing) == (True, True)
    assert (initiative.needs_equipment, initiative.needs_staff_help) == (False, False)
    assert initiative.needs_other == "Kaffe på kanden"
    assert initiative.name_may_be_shown is True
    assert initiative.citizen is None
    assert sorted(g.pk for g in initiative.target_groups.all()) == sorted(data["target_groups"])
    current = ConsentText.current("initiative")
    assert initiative.consent_text == current
    assert initiative.consented_at is not None

    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["inger@example.dk"]
    link = re.search(r"https?://\S+/initiativer/min-ide/\S+/", receipt.body).group(0)
    tracking = anonymous.get(urlsplit(link).path)
    assert tracking.status_code == 200
    assert "Erindringscafé om Kastrup i 50'erne" in text(tracking)

    thanks = text(anonymous.get(response.url))
    assert "inger@example.dk" in thanks
    assert f"{initiative.first_response_due.day}." in thanks
    assert "personligt link" in thanks


def test_the_form_shows_the_current_consent_text_and_explains_sammen_med_hvem(anonymous):
    content = text(anonymous.get(URL))
    assert ConsentText.current("initiative").text[:60] in content
    assert "Sammen med hvem?" in content
    assert 'type="file"' in content and "multiple" in content
    assert 'enctype="multipart/form-data"' in content
    assert "<legend" in content


def test_a_logged_in_citizen_gets_name_and_email_filled_in_and_the_idea_on_their_account(
    citizen, citizen_user
):
    values = form_values(citizen.get(URL))
    assert values["contact_name"] == "Mette Borger"
    assert values["contact_email"] == "borger@example.dk"

    response = citizen.post(
        URL,
        _form_data(citizen, contact_name="Mette Borger", contact_email="borger@example.dk"),
    )

    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.citizen == citizen_user
    thanks = text(citizen.get(response.url))
    assert reverse("initiatives:mine_detail", args=[initiative.pk]) in thanks


def test_without_consent_nothing_is_stored_and_the_form_says_why(anonymous):
    response = anonymous.post(URL, _form_data(anonymous, consent=None))

    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert "samtykke" in field_errors(response)["consent"]
    assert form_values(response)["title"] == "Erindringscafé om Kastrup i 50'erne"


def test_a_consent_text_changed_while_the_form_was_open_must_be_accepted_again(
    anonymous, django_capture_on_commit_callbacks
):
    data = _form_data(anonymous)
    ConsentText.objects.create(purpose="initiative", version=2, text="Den nye tekst om samtykke.")

    response = anonymous.post(URL, data)

    assert not Initiative.objects.exists()
    assert "ændret" in field_errors(response)["consent"]
    values = form_values(response)
    assert values["consent"] == []  # unticked under the new text
    assert values["consent_version"] == "2"
    assert "Den nye tekst om samtykke." in text(response)

    data.update(consent="on", consent_version=values["consent_version"])
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(URL, data)
    assert Initiative.objects.get().consent_text.version == 2


# --- Spam protection ---------------------------------------------------------------------------


def test_the_honeypot_is_hidden_from_people_and_labelled_for_those_who_see_it(anonymous):
    content = anonymous.get(URL).content.decode()
    trap = re.search(r'<div class="form-trap" aria-hidden="true">(.*?)</div>', content, re.S)
    assert trap, "the honeypot is wrapped in a hidden, aria-hidden container"
    assert "Lad dette felt være tomt" in trap.group(1)
    assert 'tabindex="-1"' in trap.group(1)
    assert 'autocomplete="off"' in trap.group(1)


def test_a_filled_honeypot_stores_nothing_and_keeps_what_was_typed(anonymous, _media):
    response = anonymous.post(
        URL, _form_data(anonymous, website="http://spam.example", attachments=png())
    )

    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert not Attachment.objects.exists()
    assert _stored_files(_media) == []
    assert mail.outbox == []
    assert any("skjult felt" in line for line in error_summary(response))
    _assert_typed_values_kept(response)
    assert form_values(response)["website"] == ""  # shown empty, so a person's resend passes
    assert "Vælg filerne igen" in field_errors(response)["attachments"]


def test_a_too_fast_submission_stores_nothing_and_a_resend_after_a_moment_is_accepted(
    anonymous, settings, _media
):
    settings.SAMMEN_FORM_MIN_SECONDS = 5
    data = _form_data(anonymous, attachments=png())

    response = anonymous.post(URL, data)

    assert not Initiative.objects.exists()
    assert _stored_files(_media) == []
    assert any("Vent et øjeblik og send igen" in line for line in error_summary(response))
    _assert_typed_values_kept(response)
    assert "Vælg filerne igen" in field_errors(response)["attachments"]
    # The page keeps the time the form was first shown, so waiting counts.
    assert form_values(response)["started"] == data["started"]

    later = time.time() + 6
    with mock.patch("portal.spam.time.time", return_value=later):
        resent = anonymous.post(URL, {**data, "attachments": png()})
    assert resent.status_code == 302
    assert Initiative.objects.count() == 1


def test_a_forged_or_missing_start_time_counts_as_too_fast(anonymous):
    for started in ["1700000000.0", ""]:
        response = anonymous.post(URL, _form_data(anonymous, started=started))
        assert any("Vent et øjeblik" in line for line in error_summary(response))
        assert form_values(response)["started"] not in {"", started}  # a genuine one to resend
    assert not Initiative.objects.exists()


def test_the_rate_limit_per_address_stores_nothing_and_tells_whom_to_call(
    anonymous, settings, _media
):
    settings.SAMMEN_PROPOSALS_PER_IP_PER_HOUR = 2
    Library.objects.create(name="Tårnby Bibliotekerne", phone="32 46 05 00", email="bib@taarnby.dk")
    for _ in range(2):
        assert anonymous.post(URL, _form_data(anonymous)).status_code == 302

    response = anonymous.post(URL, _form_data(anonymous, attachments=png()))

    assert response.status_code == 200
    assert Initiative.objects.count() == 2
    assert Attachment.objects.count() == 0
    assert _stored_files(_media) == []
    summary = " ".join(error_summary(response))
    assert "Du har sendt mange forslag den sidste time" in summary
    assert "32 46 05 00" in summary and "bib@taarnby.dk" in summary
    _assert_typed_values_kept(response)

    # Another address is not held back, and the first one may send again an hour later.
    other = anonymous.post(URL, _form_data(anonymous), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
    with mock.patch("portal.spam.time.time", return_value=time.time() + 3601):
        assert anonymous.post(URL, _form_data(anonymous)).status_code == 302
    assert Initiative.objects.count() == 4


def test_invalid_forms_do_not_count_against_the_rate_limit(anonymous, settings):
    settings.SAMMEN_PROPOSALS_PER_IP_PER_HOUR = 1
    for _ in range(3):
        anonymous.post(URL, _form_data(anonymous, title=""))
    assert anonymous.post(URL, _form_data(anonymous)).status_code == 302


# --- Attachments -------------------------------------------------------------------------------


def test_a_real_png_and_pdf_are_stored_with_the_type_their_content_shows(anonymous, _media):
    response = anonymous.post(
        URL, _form_data(anonymous, attachments=[png("Plakat.PNG"), pdf("program.pdf")])
    )

    assert response.status_code == 302
    attachments = list(Attachment.objects.order_by("original_name"))
    assert [(a.original_name, a.content_type) for a in attachments] == [
        ("Plakat.PNG", "image/png"),
        ("program.pdf", "application/pdf"),
    ]
    assert all(a.initiative == Initiative.objects.get() and a.from_citizen for a in attachments)
    assert attachments[0].file.name.endswith(".png")
    assert len(_stored_files(_media)) == 2


def test_an_html_file_named_png_is_refused_and_the_rest_of_the_form_is_kept(anonymous, _media):
    response = anonymous.post(URL, _form_data(anonymous, attachments=[html_as_png(), pdf()]))

    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert _stored_files(_media) == []
    error = field_errors(response)["attachments"]
    assert "ikke-et-billede.png" in error and "hverken et billede" in error
    assert "Vælg filerne igen" in error
    _assert_typed_values_kept(response)


def test_an_over_size_file_is_refused_and_the_rest_of_the_form_is_kept(anonymous, settings, _media):
    settings.SAMMEN_ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile(
        "stort.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n", "application/pdf"
    )

    response = anonymous.post(URL, _form_data(anonymous, attachments=big))

    assert not Initiative.objects.exists()
    assert _stored_files(_media) == []
    assert "højst fylde 1 MB" in field_errors(response)["attachments"]
    _assert_typed_values_kept(response)


def test_more_than_five_files_are_refused_and_the_rest_of_the_form_is_kept(anonymous, _media):
    files = [png(f"billede{i}.png") for i in range(MAX_ATTACHMENTS + 1)]

    response = anonymous.post(URL, _form_data(anonymous, attachments=files))

    assert not Initiative.objects.exists()
    assert _stored_files(_media) == []
    assert "højst vedhæfte 5 filer" in field_errors(response)["attachments"]
    _assert_typed_values_kept(response)


@pytest.mark.parametrize(
    ("upload", "content_type", "stored_suffix"),
    [
        (lambda: image("JPEG", "foto.jpeg"), "image/jpeg", ".jpg"),
        (lambda: image("PNG", "foto.png"), "image/png", ".png"),
        (lambda: image("WEBP", "foto.webp"), "image/webp", ".webp"),
        # The content decides, not the name.
        (lambda: image("PNG", "foto.jpg"), "image/png", ".png"),
        (lambda: pdf("folder.pdf"), "application/pdf", ".pdf"),
    ],
)
def test_images_and_pdfs_are_recognised_by_content(upload, content_type, stored_suffix):
    result = validate_attachment(upload())
    assert result.content_type == content_type
    assert result.file.name.endswith(stored_suffix)
    assert result.size > 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (html_as_png, "hverken et billede"),
        (lambda: image("GIF", "animation.gif"), "hverken et billede"),
        (
            lambda: SimpleUploadedFile("snyd.png", b"\x89PNG\r\n\x1a\n" + b"not really" * 20),
            "hverken et billede",
        ),
        (lambda: SimpleUploadedFile("halv.pdf", b"%PDF-1.7\n1 0 obj\n"), "ufuldstændig"),
        (lambda: SimpleUploadedFile("tom.pdf", b""), "tom"),
    ],
)
def test_disguised_broken_and_empty_files_are_refused_with_a_danish_message(upload, message):
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload())
    assert message in caught.value.messages[0]
