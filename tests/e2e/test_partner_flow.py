"""In a real browser: an organisation asks to become a partner, staff accept it, make it public
and link it to an activity as co-host; a citizen then finds it in the directory and the
calendar. Every page is scanned with axe."""

import pytest
from playwright.sync_api import expect

from organisation.models import Library
from partnerships.models import ActivityPartner, Partner
from tests.activities.factories import ActivityFactory
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD, BranchFactory, StaffFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def setting(transactional_db, settings):
    settings.SAMMEN_FORM_MIN_SECONDS = 0
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.save()
    tovholder = StaffFactory(email="tovholder@example.dk", name="Sofie Tovholder")
    branch = BranchFactory(name="Vestamager Bibliotek", tovholder=tovholder)
    return ActivityFactory(title="Skakcafé for begyndere", branch=branch)


def test_an_enquiry_becomes_a_public_partner_and_co_host(new_page, log_in, setting):
    organisation = new_page()
    organisation.goto("/samarbejdspartnere/")
    expect(organisation.get_by_role("heading", level=1)).to_have_text("Vores samarbejdspartnere")
    assert_accessible(organisation)
    organisation.get_by_role("link", name="Bliv samarbejdspartner").first.click()
    assert_accessible(organisation)

    organisation.get_by_label("Organisationens navn").fill("Tårnby Skakklub")
    organisation.get_by_label("Hvad slags organisation er I?").select_option("association")
    organisation.get_by_label("CVR-nummer").fill("12345678")
    organisation.get_by_label("Hvad vil I gerne lave sammen med biblioteket?").fill(
        "En skakcafé hver anden lørdag."
    )
    organisation.get_by_label("Hvilket bibliotek?").select_option(label="Vestamager Bibliotek")
    organisation.get_by_label("Dit navn").fill("Henrik Bruun")
    organisation.get_by_label("Din e-mail").fill("henrik@skak.example.dk")
    organisation.get_by_label("Ja, jeg giver mit samtykke").check()
    organisation.get_by_role("button", name="Send henvendelsen").click()
    # A wrong CVR: the error summary, and what was typed is still there.
    expect(organisation.get_by_role("heading", name="Der er noget, du skal rette")).to_be_visible()
    expect(organisation.get_by_label("Organisationens navn")).to_have_value("Tårnby Skakklub")
    assert_accessible(organisation)
    organisation.get_by_label("CVR-nummer").fill("55807302")
    organisation.get_by_role("button", name="Send henvendelsen").click()
    expect(organisation.get_by_role("heading", level=1)).to_have_text("Tak for jeres henvendelse")
    assert_accessible(organisation)

    staff = new_page()
    log_in(staff, "tovholder@example.dk", PASSWORD)
    staff.goto("/personale/")
    staff.get_by_role("link", name="ny henvendelse om at blive samarbejdspartner").click()
    assert_accessible(staff)
    staff.get_by_role("link", name="Tårnby Skakklub").click()
    assert_accessible(staff)
    staff.get_by_label("Hilsen til afsenderen").fill("Velkommen! Jeg ringer i næste uge.")
    staff.get_by_role("button", name="Opret som partner").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Tårnby Skakklub")
    expect(staff.get_by_text("henrik@skak.example.dk")).to_be_visible()
    assert_accessible(staff)

    staff.get_by_role("link", name="Rediger partneren").click()
    assert_accessible(staff)
    staff.get_by_label("Vis i oversigten over samarbejdspartnere").check()
    staff.get_by_role("button", name="Gem").click()
    expect(staff.get_by_text("Vises i den offentlige oversigt")).to_be_visible()

    staff.goto(f"/personale/aktiviteter/{setting.pk}/")
    staff.get_by_text("Tilføj en samarbejdspartner som medarrangør").click()
    staff.get_by_label("Samarbejdspartner", exact=True).select_option(label="Tårnby Skakklub")
    staff.get_by_role("button", name="Tilføj som medarrangør").click()
    expect(staff.get_by_text("vises i kalenderen").first).to_be_visible()
    assert_accessible(staff)
    assert ActivityPartner.objects.get().partner == Partner.objects.get()

    citizen = new_page()
    citizen.goto("/samarbejdspartnere/")
    citizen.get_by_role("link", name="Tårnby Skakklub").click()
    expect(citizen.get_by_role("link", name="Skakcafé for begyndere")).to_be_visible()
    assert_accessible(citizen)
    citizen.goto("/arrangementer/")
    expect(citizen.get_by_text("Sammen med Tårnby Skakklub")).to_be_visible()


def test_the_partner_back_office_pages_are_accessible(new_page, log_in, setting):
    from tests.partnerships.factories import PartnerContactFactory, PartnerEnquiryFactory

    contact = PartnerContactFactory(partner__name="Læseforeningen")
    partner = contact.partner
    PartnerEnquiryFactory()
    staff = new_page()
    log_in(staff, "tovholder@example.dk", PASSWORD)
    for path in [
        "/personale/partnere/",
        "/personale/partnere/ny/",
        f"/personale/partnere/{partner.pk}/",
        f"/personale/partnere/{partner.pk}/kontakter/ny/",
        f"/personale/partnere/{partner.pk}/kontakter/{contact.pk}/",
        "/personale/partnere/henvendelser/",
    ]:
        staff.goto(path)
        assert_accessible(staff)
