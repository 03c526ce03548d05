"""The staff API for agreements and agreement models: staff only (citizens 404, anonymous
401/403), drafts created and changed through the same services as the pages (one version per
change), a locked agreement refused with 409 and the Danish reason (never a 500), and a fixed
number of queries for the list."""

import datetime

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from partnerships.models import Agreement, AgreementStatus
from tests.factories import BranchFactory, FocusAreaFactory, StaffFactory
from tests.partnerships.factories import (
    PartnerContactFactory,
    PartnerFactory,
    agreement_template,
    make_agreement,
)

pytestmark = pytest.mark.django_db

LIST = "/api/agreements/"
MODELS = "/api/agreement-models/"


def detail(agreement):
    return f"{LIST}{agreement.pk}/"


@pytest.fixture
def agreement(staff_user):
    return make_agreement(owner=staff_user, title="Læseklub")


def test_anonymous_and_citizens_are_refused(anonymous, citizen, agreement):
    for client, codes in ((anonymous, {401, 403}), (citizen, {404})):
        assert client.get(LIST).status_code in codes
        assert client.get(detail(agreement)).status_code in codes
        assert client.get(MODELS).status_code in codes
        response = client.patch(
            detail(agreement), {"title": "Hacket"}, content_type="application/json"
        )
        assert response.status_code in codes
        response = client.post(LIST, {"title": "x"}, content_type="application/json")
        assert response.status_code in codes
    agreement.refresh_from_db()
    assert agreement.title == "Læseklub"


def test_staff_read_the_list_and_an_agreement_with_sections_matrix_and_versions(staff, agreement):
    data = staff.get(LIST).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["number"] == agreement.number
    assert row["status"] == "draft"
    assert row["partner"]["name"] == agreement.partner.name
    assert row["is_locked"] is False
    data = staff.get(detail(agreement)).json()
    assert data["template"] == {"kind": "standard", "name": "Samarbejdsaftale", "version": 1}
    assert data["sections"][0]["key"] == "parter"
    assert data["responsibilities"][0]["responsible"] in {"library", "partner", "both"}
    assert [v["number"] for v in data["versions"]] == [1]


def test_the_list_filters_like_the_back_office(staff):
    focus = FocusAreaFactory()
    wanted = make_agreement(kind="event", focus_areas=[focus])
    make_agreement()
    results = staff.get(LIST, {"kind": "event"}).json()["results"]
    assert [r["number"] for r in results] == [wanted.number]
    results = staff.get(LIST, {"focus_area": focus.pk}).json()["results"]
    assert [r["number"] for r in results] == [wanted.number]
    assert staff.get(LIST, {"status": "active"}).json()["count"] == 0


def test_staff_create_a_draft_through_the_service(staff, staff_user):
    partner = PartnerFactory(kind="company", name="Kastrup Boghandel")
    signer = PartnerContactFactory(partner=partner, name="Eva Direktør")
    branch = BranchFactory()
    response = staff.post(
        LIST,
        {
            "partner": partner.pk,
            "kind": "standard",
            "title": "Sponsorat af sommerlæsning",
            "branch": branch.pk,
            "partner_signatory": signer.pk,
            "formalisation_answers": {"money": True},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    agreement = Agreement.objects.get(pk=data["id"])
    assert data["number"] == agreement.number
    assert agreement.owner == staff_user
    assert agreement.partner_signatory == signer
    assert [v["number"] for v in data["versions"]] == [1]
    economy = next(s for s in data["sections"] if s["key"] == "oekonomi")
    assert "Kastrup Boghandel støtter samarbejdet" in economy["text"]


def test_create_refusals_are_400_with_a_reason(staff):
    response = staff.post(
        LIST, {"partner": 999, "kind": "nope", "title": ""}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"partner", "kind", "title"}
    inactive = PartnerFactory(is_active=False)
    response = staff.post(
        LIST,
        {"partner": inactive.pk, "kind": "standard", "title": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    other = PartnerContactFactory()
    response = staff.post(
        LIST,
        {
            "partner": PartnerFactory().pk,
            "kind": "standard",
            "title": "x",
            "partner_signatory": other.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "kontaktperson hos partneren" in response.json()["detail"]
    assert Agreement.objects.count() == 0


def test_a_change_makes_one_version_and_the_same_change_none(staff, agreement):
    focus = FocusAreaFactory()
    change = {
        "title": "Læseklub for seniorer",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "notice_months": 2,
        "sections": {"baggrund": "Vi læser sammen."},
        "responsibilities": [{"task": "Kaffe", "responsible": "partner"}],
        "focus_areas": [focus.pk],
        "note": "Første udkast",
    }
    response = staff.patch(detail(agreement), change, content_type="application/json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert [v["number"] for v in data["versions"]] == [2, 1]
    assert data["versions"][0]["note"] == "Første udkast"
    assert data["end_date"] == "2027-12-31"
    assert data["responsibilities"] == [{"task": "Kaffe", "responsible": "partner", "note": ""}]
    response = staff.patch(detail(agreement), change, content_type="application/json")
    assert [v["number"] for v in response.json()["versions"]] == [2, 1]
    response = staff.put(detail(agreement), {"notice_months": 4}, content_type="application/json")
    assert response.status_code == 200
    assert agreement.versions.count() == 3


def test_bad_input_is_400_and_never_500(staff, agreement):
    for payload in (
        {"start_date": "2027-06-01", "end_date": "2027-01-01"},
        {"sections": {"findes-ikke": "x"}},
        {"sections": {"baggrund": ""}},
        {"responsibilities": [{"task": "x", "responsible": "nobody"}]},
        {"notice_months": -1},
    ):
        response = staff.patch(detail(agreement), payload, content_type="application/json")
        assert response.status_code == 400, payload
    assert agreement.versions.count() == 1


@pytest.mark.parametrize("status", [AgreementStatus.READY_TO_SIGN, AgreementStatus.SIGNED])
def test_a_locked_agreement_is_refused_with_409_and_the_danish_reason(staff, agreement, status):
    Agreement.objects.filter(pk=agreement.pk).update(status=status)
    response = staff.patch(
        detail(agreement),
        {"title": "Ændret", "sections": {"baggrund": "Ændret"}},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Aftalen er låst")
    agreement.refresh_from_db()
    assert agreement.title == "Læseklub"
    assert agreement.versions.count() == 1


def test_staff_who_do_not_own_it_may_read_but_not_change(agreement):
    other = Client()
    other.force_login(StaffFactory())
    assert other.get(detail(agreement)).status_code == 200
    response = other.patch(detail(agreement), {"title": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_a_token_works(staff_user, agreement):
    token = Token.objects.create(user=staff_user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(LIST).status_code == 200
    response = client.patch(
        detail(agreement),
        {"evaluation_date": str(datetime.date(2027, 6, 1))},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_agreement_models_are_read_only(staff, manager):
    data = staff.get(MODELS).json()
    assert [m["kind"] for m in data] == ["event", "intent", "rooms", "standard"]
    assert all(m["current_version"] == 1 for m in data)
    template = agreement_template("intent")
    data = staff.get(f"{MODELS}{template.pk}/").json()
    assert data["binding"] is False
    keys = [s["key"] for s in data["current"]["sections"]]
    assert "ikke-bindende" in keys
    assert manager.post(MODELS, {"kind": "x"}).status_code == 405
    assert manager.patch(f"{MODELS}{template.pk}/", {"name": "x"}).status_code == 405


# Queries (5 for the list): session and user; the count; the page (partner, branch and owner
# joined); the focus areas of the page's agreements (one prefetch).
LIST_QUERIES = 5


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_uses_a_fixed_number_of_queries(staff, rows, django_assert_max_num_queries):
    focus = FocusAreaFactory()
    owner = StaffFactory()
    branch = BranchFactory()
    for n in range(rows):
        make_agreement(title=f"Aftale {n}", owner=owner, branch=branch, focus_areas=[focus])
    with django_assert_max_num_queries(LIST_QUERIES):
        response = staff.get(LIST)
    assert response.json()["count"] == rows


# Queries (2 for the models): session and user are 2 more; the models; their published versions.
MODEL_QUERIES = 4


def test_the_models_list_uses_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    with django_assert_max_num_queries(MODEL_QUERIES):
        assert staff.get(MODELS).status_code == 200
