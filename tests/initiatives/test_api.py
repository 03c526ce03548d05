"""The staff API for initiatives: staff only (citizens 404, anonymous 401/403), a token works,
the list filters like the triage list with a fixed number of queries, and status changes and
messages go through the services with Danish errors as 400."""

import pytest
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token

from initiatives.models import Initiative, MessageKind, Status
from organisation.models import TargetGroup, TargetGroupKind
from tests.factories import BranchFactory, FocusAreaFactory, StaffFactory
from tests.initiatives.staff_support import count_queries, make_initiative, make_overdue

pytestmark = pytest.mark.django_db

LIST = "/api/initiatives/"


def detail(initiative):
    return f"/api/initiatives/{initiative.pk}/"


def status_url(initiative):
    return f"/api/initiatives/{initiative.pk}/status/"


def messages_url(initiative):
    return f"/api/initiatives/{initiative.pk}/messages/"


@pytest.fixture
def initiative():
    return make_initiative(title="Erindringscafé")


def _all_endpoints(initiative):
    return [
        ("get", LIST),
        ("get", detail(initiative)),
        ("post", status_url(initiative)),
        ("get", messages_url(initiative)),
        ("post", messages_url(initiative)),
    ]


# --- Who may use it -------------------------------------------------------------------------------


def test_anonymous_callers_are_refused_everywhere(anonymous, initiative):
    for method, url in _all_endpoints(initiative):
        response = getattr(anonymous, method)(url, {"to_status": "declined", "body": "x"})
        assert response.status_code in {401, 403}, url
    initiative.refresh_from_db()
    assert initiative.status == Status.RECEIVED
    assert initiative.messages.count() == 0


def test_citizens_get_404_everywhere(citizen, initiative):
    for method, url in _all_endpoints(initiative):
        response = getattr(citizen, method)(url, {"to_status": "declined", "body": "x"})
        assert response.status_code == 404, url
    assert initiative.messages.count() == 0


def test_a_staff_token_works_and_a_wrong_one_does_not(staff_user, initiative):
    token = Token.objects.create(user=staff_user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Erindringscafé"
    response = client.post(
        messages_url(initiative),
        {"body": "Noteret", "internal": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Client(HTTP_AUTHORIZATION="Token forkert").get(LIST).status_code in {401, 403}


def test_a_citizens_token_gets_404(citizen_user, initiative):
    token = Token.objects.create(user=citizen_user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(LIST).status_code == 404
    assert client.get(detail(initiative)).status_code == 404


def test_an_unknown_initiative_is_404(staff):
    for url in ["/api/initiatives/999/", "/api/initiatives/999/messages/"]:
        assert staff.get(url).status_code == 404
    assert (
        staff.post("/api/initiatives/999/status/", {"to_status": "in_dialogue"}).status_code == 404
    )


# --- List and detail ------------------------------------------------------------------------------


def titles(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    return sorted(row["title"] for row in response.json()["results"])


def test_the_list_filters_like_the_triage_list(staff, staff_user):
    branch, area = BranchFactory(), FocusAreaFactory()
    seniors = TargetGroup.objects.get(kind=TargetGroupKind.SENIORS)
    make_overdue(title="Overskredet", preferred_branch=branch)
    make_initiative(title="Min", owner=staff_user, status=Status.IN_DIALOGUE)
    make_initiative(title="Senior", focus_areas=[area], target_groups=[seniors])
    make_initiative(title="Gammel", created_days_ago=120, status=Status.DECLINED)
    assert titles(staff, status=["in_dialogue", "declined"]) == ["Gammel", "Min"]
    assert titles(staff, owner="me") == ["Min"]
    assert titles(staff, owner="none") == ["Gammel", "Overskredet", "Senior"]
    assert titles(staff, overdue="true") == ["Overskredet"]
    assert titles(staff, age="older") == ["Gammel"]
    assert titles(staff, branch=branch.pk) == ["Overskredet"]
    assert titles(staff, focus_area=area.pk) == ["Senior"]
    assert titles(staff, target_group=seniors.pk) == ["Senior"]
    assert titles(staff, q="senior") == ["Senior"]


def test_an_invalid_filter_is_a_400(staff):
    assert staff.get(LIST, {"status": "nonsense"}).status_code == 400


def test_the_detail_has_contact_data_groups_areas_owner_and_deadline(staff, staff_user):
    area = FocusAreaFactory(name="Samskabelse")
    seniors = TargetGroup.objects.get(kind=TargetGroupKind.SENIORS)
    initiative = make_overdue(owner=staff_user, focus_areas=[area], target_groups=[seniors])
    data = staff.get(detail(initiative)).json()
    assert data["contact_email"] == "inger@example.dk"
    assert data["contact_name"] == "Inger Hansen"
    assert data["target_groups"] == [{"id": seniors.pk, "kind": "seniors", "name": "Seniorer"}]
    assert data["focus_areas"][0]["name"] == "Samskabelse"
    assert data["owner"]["email"] == staff_user.email
    assert data["status"] == "received"
    assert data["is_overdue"] is True
    assert data["first_response_due"] == initiative.first_response_due.isoformat()
    assert "declined" in data["allowed_transitions"]


def _many(rows):
    branch, area = BranchFactory(), FocusAreaFactory()
    seniors = TargetGroup.objects.get(kind=TargetGroupKind.SENIORS)
    owner = StaffFactory()
    for number in range(rows):
        make_initiative(
            title=f"Idé {number}",
            owner=owner,
            preferred_branch=branch,
            focus_areas=[area],
            target_groups=[seniors],
        )


def test_list_queries_do_not_grow_with_the_number_of_initiatives(staff):
    # session, user; the count, the page (branch and owner joined); the target groups and the
    # focus areas of the whole page (two prefetches).
    _many(1)
    with_one = count_queries(staff, LIST)
    _many(49)
    with_fifty = count_queries(staff, LIST)
    assert with_one == with_fifty == 6


# --- Status changes -------------------------------------------------------------------------------


def test_a_status_change_goes_through_the_workflow_and_emails_the_citizen(
    staff, staff_user, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            status_url(initiative),
            {"to_status": "referred", "referred_to": "Borgerservice", "message": "Spørg dem"},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "referred"
    initiative.refresh_from_db()
    assert initiative.referred_to == "Borgerservice"
    change = initiative.history.last()
    assert (change.actor, change.to_status, change.message) == (staff_user, "referred", "Spørg dem")
    assert [m.to for m in mail.outbox] == [["inger@example.dk"]]


def test_a_refused_status_change_is_a_400_with_a_danish_message(staff, initiative):
    response = staff.post(status_url(initiative), {"to_status": "evaluated"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Et initiativ med status 'Modtaget' kan ikke få status 'Evalueret'."
    }
    response = staff.post(status_url(initiative), {"to_status": "declined", "message": ""})
    assert response.status_code == 400
    assert "Skriv en begrundelse til borgeren" in response.json()["detail"]
    initiative.refresh_from_db()
    assert initiative.status == Status.RECEIVED


def test_merging_as_duplicate_through_the_api(staff, initiative):
    original = make_initiative(title="Originalen")
    response = staff.post(
        status_url(initiative),
        {"to_status": "duplicate", "duplicate_of": original.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["duplicate_of"] == original.pk
    response = staff.post(
        status_url(original), {"to_status": "duplicate", "duplicate_of": original.pk}
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Et initiativ kan ikke være en dublet af sig selv."


# --- Messages -------------------------------------------------------------------------------------


def test_a_public_reply_emails_the_citizen_and_an_internal_note_does_not(
    staff, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            messages_url(initiative),
            {"body": "Velkommen!", "internal": False},
            content_type="application/json",
        )
    assert response.status_code == 201
    assert response.json()["kind"] == MessageKind.PUBLIC_REPLY
    assert [m.to for m in mail.outbox] == [["inger@example.dk"]]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            messages_url(initiative),
            {"body": "Kun for os", "internal": True},
            content_type="application/json",
        )
    assert response.status_code == 201
    assert response.json()["internal"] is True
    assert mail.outbox == []

    thread = staff.get(messages_url(initiative)).json()
    assert [(m["body"], m["internal"]) for m in thread] == [
        ("Velkommen!", False),
        ("Kun for os", True),
    ]


def test_an_empty_message_is_refused(staff, initiative):
    response = staff.post(
        messages_url(initiative), {"body": "   ", "internal": True}, content_type="application/json"
    )
    assert response.status_code == 400
    assert Initiative.objects.get().messages.count() == 0


def test_the_endpoints_are_in_the_openapi_schema(staff):
    schema = staff.get("/api/schema/").content.decode()
    for path in [
        "/api/initiatives/:",
        "/api/initiatives/{id}/:",
        "/api/initiatives/{id}/status/:",
        "/api/initiatives/{id}/messages/:",
    ]:
        assert path in schema
