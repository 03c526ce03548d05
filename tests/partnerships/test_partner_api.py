"""The partner API: /api/partners/ (staff) and /api/public-partners/ (anyone)."""

import pytest

from accounts.models import AuditEntry
from partnerships.models import Partner, PartnerKind
from tests.factories import BranchFactory
from tests.partnerships.factories import PartnerContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db

STAFF = "/api/partners/"
PUBLIC = "/api/public-partners/"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


# --- Staff ---------------------------------------------------------------------------------------


def test_only_staff_reach_the_registry(anonymous, citizen, staff):
    PartnerFactory()
    assert anonymous.get(STAFF).status_code in {401, 403}
    assert citizen.get(STAFF).status_code == 404
    assert staff.get(STAFF).status_code == 200


def test_staff_list_filters_searches_and_nests_contacts(staff):
    branch = BranchFactory()
    school = PartnerFactory(name="Korsvejens Skole", kind=PartnerKind.SCHOOL, is_public=False)
    school.branches.add(branch)
    PartnerContactFactory(partner=school, name="Karen Leder", may_sign=True)
    PartnerFactory(name="Læseforeningen", notes="Intern note")

    assert names(staff.get(STAFF, {"kind": "school"})) == ["Korsvejens Skole"]
    assert names(staff.get(STAFF, {"branch": branch.pk})) == ["Korsvejens Skole"]
    assert names(staff.get(STAFF, {"is_public": "true"})) == ["Læseforeningen"]
    assert names(staff.get(STAFF, {"search": "Læseforeningen"})) == ["Læseforeningen"]
    row = staff.get(f"{STAFF}{school.pk}/").json()
    assert row["contacts"][0]["name"] == "Karen Leder"
    assert row["contacts"][0]["may_sign"] is True
    assert row["branches"] == [{"id": branch.pk, "slug": branch.slug, "name": branch.name}]


def test_staff_create_and_change_a_partner_through_the_services(staff):
    response = staff.post(
        STAFF,
        {"name": "Tårnby Skakklub", "kind": "association", "cvr": "55 80 73 02"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["slug"], body["cvr"]) == ("taarnby-skakklub", "55807302")
    partner = Partner.objects.get()
    assert AuditEntry.objects.filter(action="partner_created", target_id=str(partner.pk)).exists()

    changed = staff.patch(
        f"{STAFF}{partner.pk}/", {"is_public": True}, content_type="application/json"
    )
    assert changed.status_code == 200
    partner.refresh_from_db()
    assert partner.is_public and partner.name == "Tårnby Skakklub"


def test_a_wrong_cvr_or_taken_slug_is_a_400_in_danish(staff):
    PartnerFactory(slug="skak")

    bad_cvr = staff.post(
        STAFF,
        {"name": "X", "kind": "association", "cvr": "12345678"},
        content_type="application/json",
    )
    taken = staff.post(
        STAFF, {"name": "X", "kind": "association", "slug": "skak"}, content_type="application/json"
    )

    assert bad_cvr.status_code == 400
    assert "kontrolcifferet" in bad_cvr.json()["cvr"][0]
    assert taken.status_code == 400
    assert "allerede brugt" in taken.json()["detail"]
    assert Partner.objects.count() == 1


def test_citizens_cannot_create_partners(citizen):
    response = citizen.post(
        STAFF, {"name": "X", "kind": "association"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not Partner.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_staff_list_query_count_does_not_grow_with_rows(
    staff, rows, django_assert_max_num_queries
):
    branch = BranchFactory()
    for _ in range(rows):
        partner = PartnerFactory()
        partner.branches.add(branch)
        PartnerContactFactory(partner=partner)
    # session, user; the count, the page, branches and contacts (one prefetch each).
    with django_assert_max_num_queries(6):
        response = staff.get(STAFF)
    assert response.json()["count"] == rows


# --- Public --------------------------------------------------------------------------------------


def test_the_public_directory_lists_only_public_active_partners_without_private_fields(anonymous):
    partner = PartnerFactory(
        name="Offentlig Forening", cvr="55807302", notes="Hemmelig note", website="https://f.dk"
    )
    PartnerContactFactory(partner=partner, email="formand@f.dk")
    PartnerFactory(name="Hemmelig Forening", is_public=False)
    PartnerFactory(name="Arkiveret Forening", is_active=False)

    response = anonymous.get(PUBLIC)

    assert names(response) == ["Offentlig Forening"]
    row = response.json()["results"][0]
    assert set(row) == {
        "slug",
        "url",
        "name",
        "kind",
        "kind_display",
        "description",
        "website",
        "city",
        "branches",
    }
    assert row["url"].endswith(f"/samarbejdspartnere/{partner.slug}/")
    assert "Hemmelig note" not in str(row) and "formand@f.dk" not in str(row)
    assert "55807302" not in str(row)


def test_a_hidden_partner_cannot_be_retrieved_publicly(anonymous):
    shown = PartnerFactory(slug="vist")
    hidden = PartnerFactory(slug="skjult", is_public=False)

    assert anonymous.get(f"{PUBLIC}{shown.slug}/").status_code == 200
    assert anonymous.get(f"{PUBLIC}{hidden.slug}/").status_code == 404


def test_the_public_directory_is_read_only(anonymous, staff):
    assert anonymous.post(PUBLIC, {"name": "X"}).status_code in {401, 403, 405}
    assert staff.post(PUBLIC, {"name": "X"}).status_code in {401, 403, 405}
    assert not Partner.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_public_list_query_count_does_not_grow_with_rows(
    anonymous, rows, django_assert_max_num_queries
):
    branch = BranchFactory()
    for _ in range(rows):
        PartnerFactory().branches.add(branch)
    # No login: the count, the page, the active branches (prefetch).
    with django_assert_max_num_queries(3):
        response = anonymous.get(PUBLIC)
    assert response.json()["count"] == rows


def test_both_endpoints_are_in_the_schema(staff):
    schema = staff.get("/api/schema/").content.decode()
    assert "/api/partners/:" in schema
    assert "/api/public-partners/{slug}/:" in schema
    assert "PublicPartner:" in schema
