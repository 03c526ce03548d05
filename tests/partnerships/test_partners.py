"""The partner registry in the back office: list, create, edit, archive, contact persons."""

import html

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from partnerships.models import Partner, PartnerContact, PartnerKind
from partnerships.services import PartnershipError
from partnerships.services.partners import contact_add, contact_remove, partner_create
from tests.factories import BranchFactory
from tests.html import error_summary, field_errors, form_values
from tests.partnerships.factories import (
    PartnerContactFactory,
    PartnerEnquiryFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("partnerships:staff_partner_list")
CREATE = reverse("partnerships:partner_create")


def text(response) -> str:
    return html.unescape(response.content.decode())


def _partner_data(**overrides) -> dict:
    data = {
        "name": "Tårnby Skakklub",
        "kind": PartnerKind.ASSOCIATION,
        "cvr": "55807302",
        "address": "Skakvej 1",
        "postcode": "2770",
        "city": "Kastrup",
        "website": "https://skak.example.dk",
        "description": "Skak for alle aldre.",
        "notes": "Formanden foretrækker telefon.",
        "slug": "",
    }
    data.update(overrides)
    return data


# --- Creating and changing ----------------------------------------------------------------------


def test_staff_register_a_partner_with_a_slug_made_from_the_danish_name(staff, staff_user):
    branch = BranchFactory(name="Vestamager Bibliotek")

    response = staff.post(CREATE, _partner_data(branches=[branch.pk], is_public="on"))

    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("partnerships:staff_partner_detail", args=[partner.pk])
    assert partner.slug == "taarnby-skakklub"
    assert partner.cvr == "55807302"
    assert partner.is_public and partner.is_active
    assert list(partner.branches.all()) == [branch]
    assert partner.created_by == staff_user
    assert AuditEntry.objects.filter(action="partner_created", target_id=str(partner.pk)).exists()
    page = text(staff.get(response.url))
    assert "Tårnby Skakklub" in page and "Vestamager Bibliotek" in page


def test_a_second_partner_with_the_same_name_gets_its_own_address(staff):
    PartnerFactory(name="Tårnby Skakklub", slug="taarnby-skakklub")

    staff.post(CREATE, _partner_data())

    assert Partner.objects.filter(slug="taarnby-skakklub-2").exists()


def test_a_cvr_typed_with_spaces_is_stored_as_eight_digits(staff):
    staff.post(CREATE, _partner_data(cvr="55 80 73 02"))

    assert Partner.objects.get().cvr == "55807302"


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("1234", "Et CVR-nummer er 8 cifre"),
        ("12345678", "kontrolcifferet passer ikke"),
        ("0123456x", "Et CVR-nummer er 8 cifre"),
    ],
)
def test_a_wrong_cvr_is_refused_in_danish_and_what_was_typed_is_kept(staff, cvr, message):
    response = staff.post(CREATE, _partner_data(cvr=cvr))

    assert response.status_code == 200
    assert not Partner.objects.exists()
    assert message in field_errors(response)["cvr"]
    values = form_values(response)
    assert values["cvr"] == cvr
    assert values["name"] == "Tårnby Skakklub"
    assert values["notes"] == "Formanden foretrækker telefon."


def test_a_wrong_postcode_and_website_are_refused_next_to_their_fields(staff):
    response = staff.post(CREATE, _partner_data(postcode="27a0", website="ikke en adresse"))

    errors = field_errors(response)
    assert "4 cifre" in errors["postcode"]
    assert "website" in errors
    assert error_summary(response)
    assert form_values(response)["postcode"] == "27a0"
    assert not Partner.objects.exists()


def test_a_taken_short_name_is_refused_and_the_form_kept(staff):
    PartnerFactory(slug="skak")

    response = staff.post(CREATE, _partner_data(slug="skak"))

    assert response.status_code == 200
    assert any("allerede brugt" in line for line in error_summary(response))
    assert Partner.objects.count() == 1
    assert form_values(response)["slug"] == "skak"


def test_staff_edit_a_partner_and_the_change_is_logged(staff):
    partner = PartnerFactory(name="Gammelt navn", is_public=False)
    url = reverse("partnerships:partner_edit", args=[partner.pk])
    shown = form_values(staff.get(url))
    assert shown["name"] == "Gammelt navn"

    response = staff.post(url, _partner_data(name="Nyt navn", slug=partner.slug))

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Nyt navn"
    entry = AuditEntry.objects.get(action="partner_changed")
    assert entry.changes["name"] == ["Gammelt navn", "Nyt navn"]


def test_archiving_hides_the_partner_from_the_list_and_restoring_brings_it_back(staff):
    partner = PartnerFactory(name="Arkivforeningen")
    url = reverse("partnerships:partner_archive", args=[partner.pk])

    staff.post(url, {"archived": "1"}, follow=True)
    partner.refresh_from_db()
    assert not partner.is_active
    assert "Arkivforeningen" not in text(staff.get(LIST))
    assert "Arkivforeningen" in text(staff.get(LIST, {"active": "arkiv"}))

    staff.post(url, {"archived": "0"})
    partner.refresh_from_db()
    assert partner.is_active


# --- Contacts ------------------------------------------------------------------------------------


def test_the_first_contact_becomes_primary_and_a_new_primary_replaces_the_old(staff):
    partner = PartnerFactory()
    url = reverse("partnerships:contact_add", args=[partner.pk])

    staff.post(url, {"name": "Anne", "email": "anne@example.dk", "may_sign": "on"})
    staff.post(url, {"name": "Bo", "email": "bo@example.dk", "is_primary": "on"})

    contacts = {c.name: c for c in partner.contacts.all()}
    assert contacts["Anne"].may_sign and not contacts["Anne"].is_primary
    assert contacts["Bo"].is_primary and not contacts["Bo"].may_sign
    assert partner.contacts.filter(is_primary=True).count() == 1


def test_a_contact_needs_an_email(staff):
    partner = PartnerFactory()

    response = staff.post(
        reverse("partnerships:contact_add", args=[partner.pk]), {"name": "Anne", "email": ""}
    )

    assert response.status_code == 200
    assert "email" in field_errors(response)
    assert form_values(response)["name"] == "Anne"
    assert not PartnerContact.objects.exists()


def test_editing_and_removing_a_contact_keeps_one_primary(staff, staff_user):
    partner = PartnerFactory()
    first = contact_add(partner=partner, acting_user=staff_user, name="Anne", email="a@x.dk")
    second = contact_add(partner=partner, acting_user=staff_user, name="Bo", email="b@x.dk")
    edit = reverse("partnerships:contact_edit", args=[partner.pk, second.pk])

    staff.post(edit, {"name": "Bo Berg", "email": "b@x.dk", "role": "Kasserer"})
    second.refresh_from_db()
    assert (second.name, second.role) == ("Bo Berg", "Kasserer")

    staff.post(reverse("partnerships:contact_remove", args=[partner.pk, first.pk]))

    assert list(partner.contacts.values_list("name", "is_primary")) == [("Bo Berg", True)]


def test_a_contact_is_reached_only_through_its_own_partner(staff):
    contact = PartnerContactFactory()
    other = PartnerFactory()

    response = staff.get(reverse("partnerships:contact_edit", args=[other.pk, contact.pk]))

    assert response.status_code == 404


def test_the_service_refuses_a_partner_without_a_name(staff_user):
    with pytest.raises(PartnershipError):
        partner_create(acting_user=staff_user, name="  ", kind=PartnerKind.SCHOOL)


def test_contact_remove_service_reassigns_primary(staff_user):
    partner = PartnerFactory()
    only = contact_add(partner=partner, acting_user=staff_user, name="A", email="a@x.dk")
    assert only.is_primary
    contact_remove(contact=only, acting_user=staff_user)
    assert not partner.contacts.exists()


# --- The list ------------------------------------------------------------------------------------


def test_the_list_searches_and_filters_by_kind_branch_and_public(staff):
    branch = BranchFactory()
    school = PartnerFactory(name="Korsvejens Skole", kind=PartnerKind.SCHOOL, is_public=False)
    school.branches.add(branch)
    PartnerFactory(name="Læseforeningen")
    PartnerContactFactory(partner=PartnerFactory(name="Firmaet"), name="Karen Kontakt")

    assert "Korsvejens Skole" in text(staff.get(LIST, {"kind": "school"}))
    assert "Læseforeningen" not in text(staff.get(LIST, {"kind": "school"}))
    assert "Læseforeningen" not in text(staff.get(LIST, {"branch": branch.pk}))
    assert "Korsvejens Skole" in text(staff.get(LIST, {"public": "nej"}))
    assert "Korsvejens Skole" not in text(staff.get(LIST, {"public": "ja"}))
    found = text(staff.get(LIST, {"q": "Karen"}))
    assert "Firmaet" in found and "Læseforeningen" not in found
    assert "Ingen partnere passer" in text(staff.get(LIST, {"q": "findes ikke"}))


def test_the_list_shows_the_number_of_new_enquiries(staff):
    PartnerEnquiryFactory()
    PartnerEnquiryFactory()

    assert "2 nye henvendelser" in text(staff.get(LIST))


def test_an_empty_registry_says_so_and_offers_to_create(staff):
    page = text(staff.get(LIST))
    assert "Der er ingen samarbejdspartnere endnu." in page
    assert CREATE in page


@pytest.mark.parametrize("rows", [1, 50])
def test_the_staff_list_query_count_does_not_grow_with_rows(
    staff, rows, django_assert_max_num_queries
):
    branch = BranchFactory()
    for _ in range(rows):
        partner = PartnerFactory()
        partner.branches.add(branch)
        PartnerContactFactory(partner=partner)
    # session, user, library (layout); filter form's branches; the count, the page with four
    # counts as subqueries, branches, primary contacts (prefetch); new enquiries' count.
    with django_assert_max_num_queries(9):
        response = staff.get(LIST)
    assert response.status_code == 200
    assert text(response).count("Kontakt Person") == min(rows, 25)


# --- Access --------------------------------------------------------------------------------------


def _staff_urls(partner, contact):
    return [
        ("get", LIST),
        ("get", CREATE),
        ("get", reverse("partnerships:staff_partner_detail", args=[partner.pk])),
        ("get", reverse("partnerships:partner_edit", args=[partner.pk])),
        ("get", reverse("partnerships:contact_add", args=[partner.pk])),
        ("get", reverse("partnerships:contact_edit", args=[partner.pk, contact.pk])),
        ("post", reverse("partnerships:partner_archive", args=[partner.pk])),
        ("post", reverse("partnerships:contact_remove", args=[partner.pk, contact.pk])),
        ("get", reverse("partnerships:enquiry_list")),
    ]


def test_anonymous_people_are_sent_to_login(anonymous):
    contact = PartnerContactFactory()
    for method, url in _staff_urls(contact.partner, contact):
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_citizens_get_404_everywhere_in_the_registry(citizen):
    contact = PartnerContactFactory()
    for method, url in _staff_urls(contact.partner, contact):
        assert getattr(citizen, method)(url).status_code == 404, url
    assert Partner.objects.get().is_active


def test_an_unknown_partner_is_404(staff):
    assert staff.get(reverse("partnerships:staff_partner_detail", args=[999])).status_code == 404


def test_post_only_actions_refuse_get(staff):
    contact = PartnerContactFactory()
    partner = contact.partner
    for url in [
        reverse("partnerships:partner_archive", args=[partner.pk]),
        reverse("partnerships:contact_remove", args=[partner.pk, contact.pk]),
    ]:
        assert staff.get(url).status_code == 405, url


def test_the_detail_page_lists_contacts_and_marks_who_may_sign(staff):
    contact = PartnerContactFactory(name="Anne Formand", may_sign=True)

    page = text(staff.get(reverse("partnerships:staff_partner_detail", args=[contact.partner.pk])))

    assert "Anne Formand" in page
    assert "må underskrive" in page
    assert "Der er ingen aftaler med partneren endnu." in page
