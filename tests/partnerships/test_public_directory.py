"""'Vores samarbejdspartnere': the public directory and a partner's public page."""

import html

import pytest
from django.urls import reverse

from activities.models import ActivityStatus
from partnerships.models import PartnerKind
from partnerships.services.partners import activity_link_partner
from tests.activities.factories import ActivityFactory, in_days
from tests.factories import BranchFactory
from tests.partnerships.factories import PartnerContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("partnerships:directory")


def text(response) -> str:
    return html.unescape(response.content.decode())


def page_of(partner) -> str:
    return reverse("partnerships:public_partner", args=[partner.slug])


def test_only_public_and_active_partners_are_listed(anonymous):
    PartnerFactory(name="Offentlig Forening")
    PartnerFactory(name="Hemmelig Forening", is_public=False)
    PartnerFactory(name="Arkiveret Forening", is_active=False)

    content = text(anonymous.get(DIRECTORY))

    assert "Offentlig Forening" in content
    assert "Hemmelig Forening" not in content
    assert "Arkiveret Forening" not in content
    assert "Bliv samarbejdspartner" in content  # the library invites partners


def test_the_directory_filters_by_kind_and_searches(anonymous):
    PartnerFactory(name="Korsvejens Skole", kind=PartnerKind.SCHOOL)
    PartnerFactory(name="Læseforeningen", description="Vi elsker krimier")

    schools = text(anonymous.get(DIRECTORY, {"type": "school"}))
    assert "Korsvejens Skole" in schools and "Læseforeningen" not in schools
    found = text(anonymous.get(DIRECTORY, {"q": "krimier"}))
    assert "Læseforeningen" in found and "Korsvejens Skole" not in found
    assert "Ingen samarbejdspartnere passer" in text(anonymous.get(DIRECTORY, {"q": "xyz"}))


def test_an_empty_directory_invites_organisations_to_get_in_touch(anonymous):
    content = text(anonymous.get(DIRECTORY))
    assert "Vi har ikke offentliggjort vores samarbejdspartnere endnu." in content
    assert reverse("partnerships:enquiry") in content


def test_a_partner_page_shows_description_website_branches_and_upcoming_public_activities(
    anonymous, staff_user
):
    branch = BranchFactory(name="Vestamager Bibliotek")
    partner = PartnerFactory(
        name="Tårnby Skakklub", description="Skak for alle.", website="https://skak.example.dk"
    )
    partner.branches.add(branch)
    contact = PartnerContactFactory(partner=partner, email="formand@skak.example.dk")
    upcoming = ActivityFactory(title="Skakcafé", starts_at=in_days(3))
    past = ActivityFactory(title="Sidste års turnering", starts_at=in_days(-30))
    internal = ActivityFactory(title="Internt planlægningsmøde", is_public=False)
    cancelled = ActivityFactory(
        title="Aflyst lynskak", status=ActivityStatus.CANCELLED, cancel_reason="Syg"
    )
    ActivityFactory(title="Andres arrangement")
    for activity in (upcoming, past, internal, cancelled):
        activity_link_partner(activity=activity, partner=partner, acting_user=staff_user)

    content = text(anonymous.get(page_of(partner)))

    assert "Skak for alle." in content
    assert "https://skak.example.dk" in content
    assert "Vestamager Bibliotek" in content
    assert "Skakcafé" in content
    for hidden in ("Sidste års turnering", "Internt planlægningsmøde", "Aflyst lynskak"):
        assert hidden not in content
    assert "Andres arrangement" not in content
    assert contact.email not in content  # contact persons are never public
    assert DIRECTORY in content  # a way back


@pytest.mark.parametrize("fields", [{"is_public": False}, {"is_active": False}])
def test_a_partner_that_is_not_public_or_is_archived_has_no_public_page(anonymous, fields):
    partner = PartnerFactory(**fields)
    assert anonymous.get(page_of(partner)).status_code == 404


def test_an_unknown_partner_page_is_404(anonymous):
    assert anonymous.get("/samarbejdspartnere/findes-ikke/").status_code == 404


def test_the_citizen_menu_links_to_the_directory(anonymous):
    assert f'href="{DIRECTORY}"' in anonymous.get(reverse("home")).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_directory_query_count_does_not_grow_with_rows(
    anonymous, rows, django_assert_max_num_queries
):
    branch = BranchFactory()
    for _ in range(rows):
        PartnerFactory().branches.add(branch)
    # No session: library (layout); the count, the page of partners, their active
    # branches (prefetch).
    with django_assert_max_num_queries(4):
        response = anonymous.get(DIRECTORY)
    assert response.status_code == 200
    assert text(response).count(branch.name) == min(rows, 20)
