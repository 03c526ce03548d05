import pytest
from playwright.sync_api import expect

from organisation.models import BranchKind, Library
from tests.e2e.axe import assert_accessible, axe_violations
from tests.factories import BranchFactory, FocusAreaFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def library_with_content(transactional_db):
    """What a real installation shows: contact details, branches, focus areas."""
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.address = "Kastruplundgade 15"
    library.postcode = "2770"
    library.city = "Kastrup"
    library.email = "biblioteket@example.dk"
    library.phone = "32 46 05 00"
    library.save()
    BranchFactory(name="Hovedbiblioteket", kind=BranchKind.MAIN, opening_hours="Man-fre 10-19")
    BranchFactory(name="Vestamager Bibliotek")
    BranchFactory(name="Bogbussen", kind=BranchKind.MOBILE, address="", postcode="", city="")
    FocusAreaFactory(name="Børn og unge", summary="Flere børn skal læse.")
    FocusAreaFactory(name="Fællesskaber", summary="Biblioteket som mødested.")
    return library


def test_home_page_is_danish_and_the_language_switch_goes_to_english_and_back(
    page, live_server, library_with_content
):
    html = page.locator("html")
    page.goto("/")
    expect(html).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sammen med Tårnby Kommunebiblioteker"
    )
    expect(page.get_by_role("heading", name="Det kan du her")).to_be_visible()
    expect(page.get_by_role("heading", name="Børn og unge")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    # The switch keeps the person on the page they were on and now offers the way back.
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("button", name="Dansk")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_count(0)
    assert_accessible(page)

    # The choice sticks from page to page: allauth's own English texts on the login page.
    page.goto("/konto/login/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    expect(page.get_by_role("button", name="Sign In")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Dansk").click()
    expect(html).to_have_attribute("lang", "da")
    expect(page).to_have_url(live_server.url + "/konto/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    expect(page.get_by_role("button", name="English")).to_be_visible()
    assert_accessible(page)


PUBLIC_PAGES = [
    ("/", "Sammen med Tårnby Kommunebiblioteker"),
    ("/biblioteker/", None),
    ("/was/", None),
    ("/privatliv/", None),
    ("/konto/login/", "Log ind"),
    ("/konto/signup/", "Opret konto"),
    ("/konto/password/reset/", None),
    ("/findes-ikke/", "Siden findes ikke"),
]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_public_page_meets_wcag_21_aa(page, library_with_content, path, heading):
    response = page.goto(path)
    assert response.status == (404 if path == "/findes-ikke/" else 200)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_count(1)
    if heading:
        expect(title).to_have_text(heading)
    assert_accessible(page)


def test_the_branch_list_shows_every_open_library(page, live_server, library_with_content):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Biblioteker").click()
    expect(page).to_have_url(live_server.url + "/biblioteker/")
    for name in ("Hovedbiblioteket", "Vestamager Bibliotek", "Bogbussen"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    assert_accessible(page)


def test_the_axe_scan_reports_what_it_finds(page, live_server):
    """The scan itself must be able to fail: break two WCAG rules on a real page."""
    page.goto("/")
    assert_accessible(page)
    page.evaluate(
        """() => {
            document.querySelector("h1").style.color = "#dddddd";
            const image = document.createElement("img");
            image.src = "/static/img/favicon.svg";
            document.querySelector("main").append(image);
        }"""
    )
    assert {"color-contrast", "image-alt"} <= {v["id"] for v in axe_violations(page)}
    with pytest.raises(AssertionError, match=r"image-alt \(critical\).*\n +img: <img"):
        assert_accessible(page)
