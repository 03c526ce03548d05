"""Issue 6's browser test: a staff member finds a method by filters, adds it to a session plan,
prints the plan, logs the experience, and sees it on the card. Chromium, axe on every page."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD, StaffFactory
from tests.toolbox.factories import MethodFactory
from toolbox.models import ExperienceLog, Setting

pytestmark = pytest.mark.e2e

WORKED = "Bordværterne holdt samtalen i gang, og der kom mange idéer."


@pytest.fixture
def setting(transactional_db):
    StaffFactory(email="medarbejder@example.dk", name="Lars Holm")
    MethodFactory(
        slug="world-cafe",
        title="World Café",
        summary="Samtaler ved små borde, hvor deltagerne skifter bord.",
        category="cocreation_citizens",
        phases=["understand", "ideas"],
        areas=["process_facilitation", "vaertskab"],
        steps=[("Velkomst", 10), ("Caférunder", 45), ("Fælles høst", 20)],
        materials=["Papirduge", "Tusser"],
    )
    MethodFactory(
        slug="walk-and-talk",
        title="Walk and talk",
        category="dialogue_hosting",
        areas=["relational"],
    )
    MethodFactory(
        slug="online-retro",
        title="Online retrospektiv",
        category="internal_development",
        setting=Setting.ONLINE,
        areas=["process_facilitation"],
    )


def heading(page):
    return page.get_by_role("heading", level=1)


def test_find_plan_print_log_and_see_it_on_the_card(new_page, log_in, setting):
    page = new_page()
    log_in(page, "medarbejder@example.dk", PASSWORD)

    # --- 1. Find the method by filters (htmx refreshes the results and the counts). ---
    page.get_by_role("link", name="Værktøjskasse").first.click()
    expect(heading(page)).to_have_text("Værktøjskassen")
    expect(page.get_by_text("3 metoder", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name=re.compile(r"^Procesfacilitering")).check()
    expect(page.get_by_text("2 metoder", exact=True)).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(r"^Fysisk \(")).check()
    expect(page.get_by_text("1 metode", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Online retrospektiv")).to_have_count(0)
    # The other setting's count says what ticking it too would give.
    expect(page.get_by_role("checkbox", name="Online (1)")).to_be_visible()
    assert "setting=physical" in page.url  # the filters are in the address (htmx push)
    assert_accessible(page)
    page.get_by_role("link", name="World Café").click()
    expect(heading(page)).to_have_text("World Café")
    expect(page.get_by_text("Metoden er ikke brugt endnu")).to_be_visible()
    assert_accessible(page)

    # --- 2. Add it to a new plan, give the plan a start time, add a break. ---
    page.get_by_label("Titel på den nye plan").fill("Borgermøde i Kastrup")
    page.get_by_role("button", name="Tilføj til plan").click()
    expect(heading(page)).to_have_text("Borgermøde i Kastrup")
    assert_accessible(page)
    page.get_by_role("link", name="Redigér planen").click()
    page.get_by_label("Dato").fill("2026-12-03")
    page.get_by_label("Starttidspunkt").fill("17:00")
    assert_accessible(page)
    page.get_by_role("button", name="Gem").click()
    page.get_by_role("radio", name="Pause").check()
    page.get_by_label("Minutter").fill("15")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    rows = page.locator("table.plan-items tbody tr")
    expect(rows.nth(0)).to_contain_text("17:00–18:15")
    expect(rows.nth(0)).to_contain_text("World Café")
    expect(rows.nth(1)).to_contain_text("18:15–18:30")
    expect(page.locator(".plan-materials")).to_contain_text("Papirduge")
    assert_accessible(page)

    # --- 3. Print the agenda. ---
    pdf_link = page.get_by_role("link", name="Udskriv dagsorden (PDF)")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    agenda = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.body())).pages
    )
    assert "17:00–18:15 World Café" in agenda and "18:15–18:30 Pause" in agenda

    # --- 4. Log the experience from the plan item. ---
    page.get_by_role("link", name="Log erfaring – World Café").click()
    expect(heading(page)).to_have_text("Log erfaring: World Café")
    assert_accessible(page)
    page.get_by_role("button", name="Gem erfaringen").click()  # nothing filled in yet
    expect(page.get_by_role("alert").first).to_contain_text("Der er noget, du skal rette")
    assert_accessible(page)
    page.get_by_label("Antal deltagere").fill("32")
    page.get_by_label("Det virkede").fill(WORKED)
    page.get_by_role("radio", name="5 – virkede rigtig godt").check()
    page.get_by_role("button", name="Gem erfaringen").click()

    # --- 5. See it on the card. ---
    expect(heading(page)).to_have_text("World Café")
    expect(page.get_by_role("status").first).to_contain_text("Erfaringen er gemt")
    usage = page.get_by_role("complementary")
    expect(usage).to_contain_text("Brugt 1 gang")
    expect(usage).to_contain_text("gennemsnitlig vurdering 5,0 af 5")
    expect(usage).to_contain_text(WORKED)
    assert_accessible(page)
    log = ExperienceLog.objects.get()
    assert (log.participants, log.rating, log.session_item.plan.title) == (
        32,
        5,
        "Borgermøde i Kastrup",
    )


def test_the_other_toolbox_pages_pass_axe(new_page, log_in, setting, tmp_path):
    from tests.factories import ManagerFactory

    ManagerFactory(email="chef@example.dk", name="Birgitte Dahl")
    page = new_page()
    log_in(page, "chef@example.dk", PASSWORD)

    page.goto("/personale/kompetencer/")
    expect(heading(page)).to_have_text("Kompetencespejl")
    page.get_by_role("group", name="Værtskab").get_by_role("radio", name="4").check()
    page.get_by_role("button", name="Gem mit kompetencespejl").click()
    expect(page.get_by_role("status").first).to_contain_text("Kun du kan se det")
    assert_accessible(page)

    page.goto("/personale/kompetencer/team/")
    expect(heading(page)).to_have_text("Holdets kompetencer")
    assert_accessible(page)

    page.goto("/personale/vaerktoejskasse/ny-metode/")
    page.get_by_role("button", name="Gem").click()  # empty: the error summary
    expect(page.get_by_role("alert").first).to_contain_text("Der er noget, du skal rette")
    assert_accessible(page)

    page.goto("/personale/vaerktoejskasse/eksport/")
    assert_accessible(page)

    bad = tmp_path / "metoder.json"
    bad.write_text('{"format": "trello", "version": 1, "methods": []}', encoding="utf-8")
    page.goto("/personale/vaerktoejskasse/import/")
    assert_accessible(page)
    page.get_by_label("Fil med metoder (JSON)").set_input_files(bad)
    page.get_by_role("button", name="Vis, hvad der vil ske").click()
    expect(page.get_by_role("alert").first).to_contain_text("Filen kan ikke importeres")
    assert_accessible(page)

    page.goto("/personale/vaerktoejskasse/indstillinger/")
    page.get_by_label("Vis de udgivne metoder for alle").check()
    page.get_by_role("button", name="Gem").click()
    assert_accessible(page)

    citizen = new_page()
    citizen.goto("/metoder/")
    expect(heading(citizen)).to_have_text("Metoder til samskabelse")
    assert_accessible(citizen)
    citizen.get_by_role("link", name="World Café").click()
    expect(heading(citizen)).to_have_text("World Café")
    assert_accessible(citizen)
