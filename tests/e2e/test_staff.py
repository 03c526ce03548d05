import re

import pytest
from playwright.sync_api import expect

from organisation.models import Branch, BranchKind
from portal.navigation import CITIZEN_MENU, STAFF_MENU
from tests.e2e.axe import assert_accessible
from tests.factories import BranchFactory, FocusAreaFactory, FocusTargetFactory, TeamFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def organisation(transactional_db, staff_user, tovholder_user, own_branch):
    """A small library: branches with a tovholder, a team with members, a focus area."""
    BranchFactory(name="Bogbussen", slug="bogbus", kind=BranchKind.MOBILE)
    TeamFactory(
        name="Lektiecafé",
        branch=own_branch,
        koordinator=tovholder_user,
        members=[staff_user, tovholder_user],
    )
    FocusTargetFactory(focus_area=FocusAreaFactory(name="Børn og unge"), target_value=10000)


def staff_menu(page):
    return page.get_by_role("navigation", name="Personalemenu")


def test_a_citizen_who_tries_the_back_office_gets_page_not_found(
    page, log_in, citizen_user, password
):
    log_in(page, citizen_user.email, password)
    expect(page.get_by_role("banner").get_by_role("link", name="Mette Borger")).to_be_visible()
    expect(staff_menu(page)).to_have_count(0)
    assert_accessible(page)

    response = page.goto("/personale/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    expect(staff_menu(page)).to_have_count(0)
    assert_accessible(page)

    response = page.goto("/personale/filialer/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    assert_accessible(page)


def test_staff_log_in_to_the_dashboard_and_open_every_back_office_page(
    page, live_server, log_in, organisation, staff_user, password
):
    log_in(page, staff_user.email, password)
    expect(page).to_have_url(live_server.url + "/personale/")
    overview = staff_menu(page).get_by_role("link", name="Overblik")
    expect(overview).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Goddag, Lars")
    expect(page.get_by_role("main").get_by_role("link", name="Lektiecafé")).to_be_visible()
    assert_accessible(page)

    staff_menu(page).get_by_role("link", name="Filialer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Filialer og bogbus")
    expect(staff_menu(page).get_by_role("link", name="Filialer")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("row", name="Vestamager Bibliotek")).to_contain_text("Sofie Tovholder")
    # Only a manager creates branches.
    expect(page.get_by_role("link", name="Opret filial")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Vestamager Bibliotek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vestamager Bibliotek")
    assert_accessible(page)

    staff_menu(page).get_by_role("link", name="Hold").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hold")
    expect(page.get_by_role("row", name="Lektiecafé")).to_contain_text("Vestamager Bibliotek")
    assert_accessible(page)

    page.get_by_role("link", name="Lektiecafé").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lektiecafé")
    assert_accessible(page)

    staff_menu(page).get_by_role("link", name="Indsatsområder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indsatsområder")
    expect(page.get_by_role("main")).to_contain_text("10.000")
    assert_accessible(page)

    page.get_by_role("link", name="Børn og unge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Børn og unge")
    assert_accessible(page)

    staff_menu(page).get_by_role("link", name="Biblioteket").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bibliotekets oplysninger")
    expect(page.get_by_role("main")).to_contain_text("Kun chefer kan ændre")
    assert_accessible(page)


def test_a_manager_creates_a_branch_after_fixing_a_form_error(page, log_in, manager_user, password):
    log_in(page, manager_user.email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Goddag, Birgitte")
    assert_accessible(page)
    staff_menu(page).get_by_role("link", name="Filialer").click()
    expect(page.get_by_role("main")).to_contain_text("Der er ingen filialer endnu.")
    assert_accessible(page)
    page.get_by_role("link", name="Opret filial").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opret filial")
    assert_accessible(page)

    # Everything but the name.
    page.get_by_label("Type").select_option(label="Filial")
    page.get_by_label(re.compile("^Adresse")).fill("Nordre Strandvej 2")
    page.get_by_label("Postnummer").fill("2770")
    page.get_by_label(re.compile(r"^By\b")).fill("Kastrup")
    page.get_by_label("Åbningstider").fill("Man-fre 10-19")
    page.get_by_role("button", name="Gem").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Der er noget, du skal rette")
    name_error = summary.get_by_role("link", name="Navn: Dette felt er påkrævet.")
    expect(name_error).to_be_visible()
    # portal.js moves focus to the summary so a screen reader reads it first.
    expect(summary).to_be_focused()
    expect(page.get_by_label(re.compile("^Adresse"))).to_have_value("Nordre Strandvej 2")
    expect(page.get_by_label("Postnummer")).to_have_value("2770")
    expect(page.get_by_label(re.compile(r"^By\b"))).to_have_value("Kastrup")
    expect(page.get_by_label("Åbningstider")).to_have_value("Man-fre 10-19")
    assert_accessible(page)
    assert not Branch.objects.exists()

    # The summary's link takes the person to the field.
    name_error.click()
    expect(page.get_by_label("Navn", exact=True)).to_be_focused()
    page.get_by_label("Navn", exact=True).fill("Kastrup Bibliotek")
    page.get_by_role("button", name="Gem").click()

    expect(page.get_by_role("status")).to_contain_text("Filialen Kastrup Bibliotek er oprettet.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kastrup Bibliotek")
    assert_accessible(page)
    branch = Branch.objects.get()
    assert (branch.name, branch.slug, branch.address, branch.city) == (
        "Kastrup Bibliotek",
        "kastrup-bibliotek",
        "Nordre Strandvej 2",
        "Kastrup",
    )

    staff_menu(page).get_by_role("link", name="Filialer").click()
    expect(page.get_by_role("row", name="Kastrup Bibliotek")).to_contain_text("Nordre Strandvej 2")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "heading", "clear"),
    [
        ("/personale/hold/nyt/", "Opret hold", None),
        ("/personale/indsatsomraader/nyt/", "Opret indsatsområde", None),
        ("/personale/biblioteket/rediger/", "Rediger bibliotekets oplysninger", "Navn"),
    ],
)
def test_a_managers_forms_meet_wcag_21_aa(
    page, log_in, organisation, manager_user, password, path, heading, clear
):
    log_in(page, manager_user.email, password)
    assert_accessible(page)
    response = page.goto(path)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    # A required field left empty shows the error summary; that state must be accessible too.
    if clear:
        page.get_by_label(clear, exact=True).fill("")
    page.get_by_role("main").get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text("Der er noget, du skal rette")
    assert_accessible(page)


def test_on_a_narrow_screen_every_menu_item_and_the_account_links_stay_reachable(
    new_page, log_in, staff_user, password
):
    """WCAG 1.4.10 Reflow: 320 CSS px wide (a phone, or 1280 px at 400 % zoom)."""
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto("/")
    banner = page.get_by_role("banner")
    for name in ("Log ind", "Opret konto"):
        expect(banner.get_by_role("link", name=name)).to_be_visible()
    expect(banner.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hovedmenu").get_by_role("link")).to_have_count(
        len(CITIZEN_MENU)
    )
    for link in page.get_by_role("navigation", name="Hovedmenu").get_by_role("link").all():
        expect(link).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

    log_in(page, staff_user.email, password)
    expect(banner.get_by_role("button", name="Log ud")).to_be_visible()
    menu_links = staff_menu(page).get_by_role("link")
    expect(menu_links).to_have_count(len(STAFF_MENU))
    for link in menu_links.all():
        expect(link).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    menu_links.last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bibliotekets oplysninger")
