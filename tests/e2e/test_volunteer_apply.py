"""In a real browser: a citizen finds a role and applies (logging in on the way), the tovholder
screens and approves; every page is scanned with axe. The staff's role and model pages too."""

import pytest
from playwright.sync_api import expect

from organisation.models import Library
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD, BranchFactory, ManagerFactory, StaffFactory, UserFactory
from tests.volunteers.factories import RoleFactory, VolunteerModelFactory
from volunteers.models import Application, ApplicationStatus, RoleQuestion

pytestmark = pytest.mark.e2e


@pytest.fixture
def setting(transactional_db):
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.save()
    tovholder = StaffFactory(email="tovholder@example.dk", name="Sofie Tovholder")
    branch = BranchFactory(name="Vestamager Bibliotek", tovholder=tovholder)
    role = RoleFactory(
        title="Højtlæser for børn",
        slug="hoejtlaeser",
        branch=branch,
        contact_person=tovholder,
        involves_children=True,
        minimum_age=18,
    )
    RoleQuestion.objects.create(role=role, text="Hvilke bøger læser du helst højt?", required=True)
    VolunteerModelFactory(introduction="Frivillige skaber biblioteket sammen med os.")
    UserFactory(email="borger@example.dk", name="Mette Borger")
    return role


def test_a_citizen_applies_and_the_tovholder_approves(new_page, log_in, setting):
    citizen = new_page()
    citizen.goto("/frivillig/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Bliv frivillig på biblioteket")
    assert_accessible(citizen)

    citizen.get_by_role("link", name="Højtlæser for børn").click()
    expect(citizen.get_by_text("Børneattest", exact=True)).to_be_visible()
    assert_accessible(citizen)

    citizen.get_by_role("link", name="Ansøg", exact=True).click()
    # Not logged in: the login page, and back to the form afterwards.
    expect(citizen).to_have_url("/konto/login/?next=/frivillig/hoejtlaeser/ansoeg/")
    citizen.get_by_label("E-mail").fill("borger@example.dk")
    citizen.get_by_label("Adgangskode").fill(PASSWORD)
    citizen.get_by_role("button", name="Log ind").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(
        "Ansøg som frivillig: Højtlæser for børn"
    )
    expect(citizen.get_by_text("Frivillige skaber biblioteket sammen med os.")).to_be_visible()
    expect(citizen.get_by_text("Får du dagpenge eller efterløn?")).to_be_visible()
    assert_accessible(citizen)

    citizen.get_by_label("Hvorfor vil du være frivillig her?").fill("Jeg elsker at læse højt.")
    citizen.get_by_label("Hvornår kan du?").fill("Torsdag formiddag")
    citizen.get_by_label("Fødselsår").fill("1960")
    citizen.get_by_role("button", name="Send ansøgningen").click()
    # The required question and consent were left out: the error summary says so.
    expect(citizen.get_by_role("heading", name="Der er noget, du skal rette")).to_be_visible()
    assert_accessible(citizen)

    citizen.get_by_label("Hvilke bøger læser du helst højt?").fill("Astrid Lindgren")
    citizen.get_by_label("Ja, jeg giver mit samtykke").check()
    citizen.get_by_role("button", name="Send ansøgningen").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(
        "Din ansøgning: Højtlæser for børn"
    )
    expect(citizen.get_by_text("Astrid Lindgren")).to_be_visible()
    assert_accessible(citizen)

    staff = new_page()
    log_in(staff, "tovholder@example.dk", PASSWORD)
    staff.goto("/personale/frivillige/ansoegninger/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Mette Borger").click()
    expect(staff.get_by_text("Astrid Lindgren")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_label("Note fra samtalen").fill("God samtale i telefonen.")
    staff.get_by_role("button", name="Gem noten").click()
    expect(staff.get_by_text("God samtale i telefonen.")).to_be_visible()
    staff.get_by_role("button", name="Godkend ansøgningen").click()
    expect(staff.get_by_text("Ansøgningen er godkendt.")).to_be_visible()
    assert_accessible(staff)
    assert Application.objects.get().status == ApplicationStatus.APPROVED


def test_the_role_and_model_back_office_pages_are_accessible(new_page, log_in, setting):
    ManagerFactory(email="chef@example.dk")
    manager = new_page()
    log_in(manager, "chef@example.dk", PASSWORD)
    for path in [
        "/personale/frivillige/roller/",
        f"/personale/frivillige/roller/{setting.pk}/",
        f"/personale/frivillige/roller/{setting.pk}/rediger/",
        "/personale/frivillige/roller/ny/",
        "/personale/frivillige/frivillighedsmodel/",
        "/personale/frivillige/frivillighedsmodel/ny-version/",
        "/frivillig/om-frivillighed/",
    ]:
        manager.goto(path)
        assert_accessible(manager)

    manager.goto(f"/personale/frivillige/roller/{setting.pk}/")
    manager.get_by_label("Ny status").select_option("paused")
    manager.get_by_role("button", name="Skift status").click()
    expect(manager.get_by_text("Rollen har nu status: Sat på pause.")).to_be_visible()
