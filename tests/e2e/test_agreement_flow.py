"""Issue 5's browser test: a samarbejdsaftale from model to signed, verified PDF in Chromium,
axe on every page.

Three browsers, one per person: the staff member who drafts the agreement and sends it for
review, the partner's chairwoman who reads it through the link in her email, comments, accepts
and signs, and the library's manager who signs for the library. Then the signed PDF is
downloaded and checked on the public verification page.
"""

import datetime
import hashlib
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from organisation.models import Library
from partnerships.models import Agreement, AgreementStatus, SectionComment, Signature
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD, ManagerFactory, StaffFactory
from tests.partnerships.factories import PartnerContactFactory, PartnerFactory, fill_in_text

pytestmark = pytest.mark.e2e

TITLE = "Læseklub for seniorer 2027"
COMMENT = "Kan vi mødes den første tirsdag i måneden i stedet?"
PARTNER_EMAIL = "anne@laeseforening.example.dk"


def fill_in_the_text_boxes(page):
    """On the drafting step "Tekst": replace every [fill-in field] in the section boxes, as the
    drafter does (the words in the brackets become the text)."""
    for box in page.locator("#step-form textarea").all():
        text = box.input_value()
        if fill_in_text(text) != text:
            box.fill(fill_in_text(text))


@pytest.fixture
def setting(transactional_db, settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "media"  # the PDFs are stored here
    settings.SITE_URL = live_server.url  # the link in the email points at the live server
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.save()
    partner = PartnerFactory(name="Tårnby Læseforening", slug="laeseforening")
    PartnerContactFactory(
        partner=partner, name="Anne Formand", role="Formand", email=PARTNER_EMAIL, may_sign=True
    )
    staff = StaffFactory(email="lars@example.dk", name="Lars Medarbejder")
    manager = ManagerFactory(email="chef@example.dk", name="Birgitte Chef")
    return {"partner": partner, "staff": staff, "manager": manager}


def test_staff_draft_partner_reviews_both_sign_and_the_pdf_is_verified(setting, new_page, log_in):
    # --- 1. Staff draft an agreement from the standard model. ---
    staff = new_page()
    log_in(staff, "lars@example.dk", PASSWORD)
    staff.goto("/personale/aftaler/ny/")
    assert_accessible(staff)
    staff.get_by_label("Partner", exact=True).select_option(label="Tårnby Læseforening")
    staff.get_by_role("radio", name=re.compile(r"^Samarbejdsaftale –")).check()
    staff.get_by_label("Titel", exact=True).fill(TITLE)
    staff.get_by_role("button", name="Opret kladden").click()
    staff.wait_for_load_state()
    expect(staff).to_have_url(re.compile(r"/rediger/tekst/$"))
    assert_accessible(staff)
    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.status == AgreementStatus.DRAFT

    # The model's [fill-in fields] are highlighted in the preview and counted; the drafter
    # fills them in, and the period, so nothing in brackets is left to sign.
    preview = staff.locator("#preview-document")
    expect(preview.locator("mark.fill-in").first).to_be_visible()
    expect(preview.locator(".fill-in-summary")).to_contain_text("mangler at blive udfyldt")
    fill_in_the_text_boxes(staff)
    staff.get_by_role("button", name="Gem", exact=True).click()
    staff.wait_for_load_state()
    expect(staff.get_by_text("Aftalen er gemt.")).to_be_visible()
    staff.goto(f"/personale/aftaler/{agreement.pk}/rediger/periode/")
    today = timezone.localdate()  # it begins today: active once both have signed
    staff.get_by_label("Gælder fra").fill(today.isoformat())
    staff.get_by_label("Gælder til").fill((today + datetime.timedelta(days=365)).isoformat())
    staff.get_by_label("Evalueres senest").fill((today + datetime.timedelta(days=180)).isoformat())
    expect(preview).to_contain_text("Alle felter i [firkantede parenteser] er udfyldt.")
    assert_accessible(staff)
    staff.get_by_role("button", name="Gem", exact=True).click()
    staff.wait_for_load_state()
    expect(staff.get_by_text("Aftalen er gemt.")).to_be_visible()

    # --- 2. ...and send it for review to the partner's chairwoman. ---
    staff.goto(f"/personale/aftaler/{agreement.pk}/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Send til gennemsyn hos partneren").click()
    assert_accessible(staff)
    staff.get_by_role("radio", name=re.compile(r"^Anne Formand")).check()
    staff.get_by_role("button", name="Send linket").click()
    staff.wait_for_load_state()
    expect(staff.get_by_text("Vi har sendt et link til Anne Formand")).to_be_visible()
    assert_accessible(staff)
    to_partner = [m for m in mail.outbox if m.to == [PARTNER_EMAIL]]
    assert len(to_partner) == 1
    link = re.search(r"https?://\S+/aftaler/gennemsyn/\S+/", to_partner[0].body).group(0)

    # --- 3. The partner reads it through the link, comments on a section and accepts. ---
    partner = new_page()
    partner.goto(link)
    expect(partner.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    assert_accessible(partner)
    sections = agreement.latest_version().content["sections"]
    partner.get_by_label("Afsnit", exact=True).select_option(label=sections[1]["title"])
    partner.get_by_label("Kommentar", exact=True).fill(COMMENT)
    partner.get_by_role("button", name="Send kommentaren").click()
    partner.wait_for_load_state()
    expect(partner.get_by_text(COMMENT)).to_be_visible()
    assert_accessible(partner)
    assert SectionComment.objects.get().section_key == sections[1]["key"]
    partner.get_by_role("button", name="Godkend til underskrift").click()
    partner.wait_for_load_state()
    expect(partner.get_by_text("Aftalen er godkendt til underskrift")).to_be_visible()
    assert_accessible(partner)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.READY_TO_SIGN

    # --- 4. The manager signs for the library. ---
    manager = new_page()
    log_in(manager, "chef@example.dk", PASSWORD)
    manager.goto(f"/personale/aftaler/{agreement.pk}/")
    assert_accessible(manager)
    manager.get_by_role("link", name="Underskriv for biblioteket").click()
    assert_accessible(manager)
    manager.get_by_label("Dit fulde navn").fill("Birgitte Chef")
    manager.get_by_label(re.compile(r"^Jeg har læst aftalen")).check()
    manager.get_by_role("button", name="Underskriv aftalen").click()
    manager.wait_for_load_state()
    expect(manager.get_by_text("Du har underskrevet aftalen på bibliotekets vegne")).to_be_visible()
    assert_accessible(manager)

    # --- 5. The partner signs. ---
    partner.goto(link)
    assert_accessible(partner)
    partner.get_by_label("Dit fulde navn").fill("Anne Formand")
    partner.get_by_label(re.compile(r"^Jeg har læst aftalen")).check()
    partner.get_by_role("button", name="Underskriv aftalen").click()
    partner.wait_for_load_state()
    expect(partner.get_by_text("Du har underskrevet aftalen")).to_be_visible()
    assert_accessible(partner)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert Signature.objects.filter(agreement=agreement).count() == 2

    # --- 6. The partner downloads the signed PDF: the stored bytes, with their hash. ---
    pdf_link = partner.get_by_role("link", name="Hent den underskrevne aftale (PDF)")
    expect(pdf_link).to_be_visible()
    response = partner.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()
    assert data.startswith(b"%PDF-")
    agreement.refresh_from_db()
    assert hashlib.sha256(data).hexdigest() == agreement.final_pdf_sha256
    assert response.headers["x-content-sha256"] == agreement.final_pdf_sha256

    # --- 7. Anyone can verify it on the public page. ---
    partner.goto("/aftaler/bekraeft/")
    assert_accessible(partner)
    partner.get_by_label("PDF-fil").set_input_files(
        {"name": "aftale.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    partner.get_by_role("button", name="Kontrollér").click()
    partner.wait_for_load_state()
    expect(partner.get_by_role("heading", name="Aftalen er ægte og underskrevet")).to_be_visible()
    expect(partner.get_by_text("Birgitte Chef").first).to_be_visible()
    assert_accessible(partner)

    # --- 8. Staff see the signatures with their evidence on the agreement's page. ---
    staff.goto(f"/personale/aftaler/{agreement.pk}/")
    expect(staff.get_by_role("link", name="Hent den underskrevne aftale (PDF)")).to_be_visible()
    assert_accessible(staff)
