"""Drafting an agreement in a real browser: "Skal det formaliseres?", the steps with the live
preview (htmx) updating as the person types, the responsibility matrix, period, an appendix,
the agreement's page and the comparison of two versions; every page scanned with axe. A
manager opens the agreement models."""

import re

import pytest
from playwright.sync_api import expect

from partnerships.models import Agreement
from tests.e2e.axe import assert_accessible
from tests.e2e.test_agreement_flow import fill_in_the_text_boxes
from tests.partnerships.factories import PDF_BYTES, PartnerContactFactory, PartnerFactory

pytestmark = pytest.mark.e2e


def test_staff_draft_an_agreement_with_the_live_preview(
    page, log_in, staff_user, password, tmp_path
):
    partner = PartnerFactory(name="Tårnby Læseforening")
    PartnerContactFactory(partner=partner, name="Anne Formand", role="Formand")
    log_in(page, staff_user.email, password)

    page.goto("/personale/aftaler/formaliser/")
    assert_accessible(page)
    for question in (
        "Er der penge involveret",
        "Skal partneren behandle personoplysninger",
        "Har partnerens folk direkte kontakt med børn",
        "Skal partneren låne eller leje",
    ):
        page.get_by_role("group", name=re.compile(question)).get_by_label("Nej").check()
    page.get_by_role("group", name=re.compile("mere end ét arrangement")).get_by_label("Ja").check()
    page.get_by_label("Et år eller mere").check()
    page.get_by_role("button", name="Se anbefalingen").click()
    expect(page.get_by_role("heading", name=re.compile("hensigtserklæring"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Start en aftale med denne model")).click()

    expect(page.get_by_label(re.compile("Hensigtserklæring"))).to_be_checked()
    page.get_by_label("Partner", exact=True).select_option(label="Tårnby Læseforening")
    page.get_by_label("Titel", exact=True).fill("Læseklub for seniorer")
    assert_accessible(page)
    page.get_by_role("button", name="Opret kladden").click()

    expect(page.get_by_role("heading", level=1, name="Tekst")).to_be_visible()
    preview = page.locator("#preview-document")
    expect(preview.locator(".agreement-document__binding")).to_contain_text(
        "Ikke juridisk bindende"
    )
    expect(preview).to_contain_text("Anne Formand, Formand")
    # The model's [fill-in fields] are highlighted and counted.
    marked = preview.locator("#afsnit-hensigt mark.fill-in").first
    expect(marked).to_have_text("[beskriv, hvad I vil prøve af sammen]")
    expect(preview.locator(".fill-in-summary")).to_contain_text("4 felter mangler")
    assert_accessible(page)
    # The preview follows the typing (htmx), before anything is saved.
    page.get_by_role("textbox", name="Det vil vi gøre sammen").fill(
        "Vi læser en bog om måneden sammen."
    )
    expect(preview).to_contain_text("Vi læser en bog om måneden sammen.")
    fill_in_the_text_boxes(page)  # what is left of the model's fields
    # Left now: the start and evaluation dates, filled from the step "Periode".
    expect(preview.locator(".fill-in-summary")).to_contain_text("2 felter mangler")
    marked = preview.locator("#afsnit-naeste-skridt mark.fill-in").first
    expect(marked).to_have_text("[startdato ikke udfyldt]")
    agreement = Agreement.objects.get()
    assert agreement.versions.count() == 1
    page.get_by_role("button", name="Gem og fortsæt").click()

    expect(page.get_by_role("heading", level=1, name="Ansvarsfordeling")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Opgave, række 3").fill("Kaffe og kage")
    page.get_by_label("Ansvarlig, række 3").select_option(label="Partneren")
    expect(preview).to_contain_text("Kaffe og kage")
    page.get_by_role("button", name="Gem og fortsæt").click()

    expect(page.get_by_role("heading", level=1, name="Periode og tilknytning")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Gælder fra").fill("2027-01-01")
    page.get_by_label("Evalueres senest").fill("2027-06-01")
    expect(preview).to_contain_text("1. januar 2027")
    expect(preview).to_contain_text("Alle felter i [firkantede parenteser] er udfyldt.")
    page.get_by_role("button", name="Gem og fortsæt").click()

    expect(page.get_by_role("heading", level=1, name="Bilag")).to_be_visible()
    assert_accessible(page)
    appendix = tmp_path / "program.pdf"
    appendix.write_bytes(PDF_BYTES)
    page.get_by_label("Bilagets titel").fill("Program")
    page.get_by_label("PDF-fil").set_input_files(str(appendix))
    page.get_by_role("button", name="Tilføj bilaget").click()
    expect(page.get_by_role("link", name="Program")).to_be_visible()
    page.get_by_role("link", name="Færdig – se aftalen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Læseklub for seniorer")
    assert_accessible(page)
    assert agreement.versions.count() == 5
    page.get_by_label("Fra version").select_option("1")
    page.get_by_label("Til version").select_option("5")
    page.get_by_role("button", name="Sammenlign").click()
    expect(page.get_by_text("Vi læser en bog om måneden sammen.").first).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Kaffe og kage tilføjet"))).to_be_visible()
    assert_accessible(page)

    page.goto("/personale/aftaler/")
    expect(page.get_by_role("link", name=agreement.number)).to_be_visible()
    assert_accessible(page)


def test_a_manager_opens_the_agreement_models(page, log_in, manager_user, password):
    log_in(page, manager_user.email, password)
    page.goto("/personale/aftalemodeller/")
    assert_accessible(page)
    page.get_by_role("link", name="Samarbejdsaftale", exact=True).click()
    expect(page.get_by_role("heading", name="Børneattest")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ret modellen (ny version)").click()
    expect(page.get_by_text("Kladde – ikke udgivet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ret “Målgruppe”").click()
    assert_accessible(page)
