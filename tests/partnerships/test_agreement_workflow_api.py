"""The agreement workflow in the staff API: each step goes through the same service as the
button on the agreement's page (one status event, the same emails), refused steps answer 400
with the Danish reason (409 when one party has signed), outsiders are kept out, the history is
read with a fixed number of queries, and the signed PDF is served as stored, with its hash."""

import hashlib

import pytest
from django.core import mail

from partnerships.models import (
    Agreement,
    AgreementEvent,
    AgreementStatus,
    ReviewInvitation,
    SignatureParty,
)
from partnerships.services.signing import agreement_sign
from partnerships.services.workflow import event_record, review_invite
from tests.conftest import _client_for
from tests.factories import StaffFactory
from tests.partnerships.factories import PartnerContactFactory, make_agreement
from tests.partnerships.lifecycle import LIBRARY_META, make_ready, sign_both, stored

pytestmark = pytest.mark.django_db

S = AgreementStatus
JSON = "application/json"


def url(agreement, step):
    return f"/api/agreements/{agreement.pk}/{step}/"


def status_events(agreement):
    return list(
        AgreementEvent.objects.filter(agreement=agreement, action="status").values_list(
            "from_status", "to_status"
        )
    )


def set_status(agreement, status):
    Agreement.objects.filter(pk=agreement.pk).update(status=status)
    agreement.refresh_from_db()


def post(client, agreement, step, data=None, capture=None):
    """POST as JSON; with ``capture`` the on-commit callbacks (emails, PDFs) run."""
    if capture is None:
        return client.post(url(agreement, step), data or {}, content_type=JSON)
    with capture(execute=True):
        return client.post(url(agreement, step), data or {}, content_type=JSON)


@pytest.fixture
def in_review(agreement, signer, staff_user):
    review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    agreement.refresh_from_db()
    mail.outbox.clear()
    return agreement


# --- Happy paths ---------------------------------------------------------------------------------


def test_send_for_review_emails_the_contact_and_logs_one_status_change(
    staff, agreement, signer, django_capture_on_commit_callbacks
):
    response = post(
        staff,
        agreement,
        "send-for-review",
        {"contact": signer.pk, "days": 10, "note": "Se den gerne igennem."},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.IN_REVIEW
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW
    assert status_events(agreement) == [(S.DRAFT, S.IN_REVIEW)]
    invitation = ReviewInvitation.objects.get(agreement=agreement)
    assert invitation.contact == signer
    assert [m.to for m in mail.outbox] == [["anne@laese.example.dk"]]
    assert "Se den gerne igennem." in mail.outbox[0].body
    assert invitation.nonce not in response.content.decode()  # the link is only in the email


def test_take_back_returns_the_draft_and_tells_the_partner(
    staff, in_review, staff_user, django_capture_on_commit_callbacks
):
    response = post(
        staff,
        in_review,
        "take-back",
        {"note": "Vi retter perioden"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.DRAFT
    assert status_events(in_review) == [(S.DRAFT, S.IN_REVIEW), (S.IN_REVIEW, S.DRAFT)]
    event = in_review.events.filter(action="status").last()
    assert event.actor == staff_user and event.note == "Vi retter perioden"
    assert [m.to for m in mail.outbox] == [["anne@laese.example.dk"]]


def test_mark_ready_makes_the_pdf_to_sign_and_tells_the_partner(
    staff, in_review, django_capture_on_commit_callbacks
):
    response = post(staff, in_review, "mark-ready", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200, response.json()
    assert response.json()["is_locked"] is True
    in_review.refresh_from_db()
    assert in_review.status == S.READY_TO_SIGN
    assert status_events(in_review)[-1] == (S.IN_REVIEW, S.READY_TO_SIGN)
    assert len(status_events(in_review)) == 2
    assert in_review.latest_version().pdf_sha256
    assert [m.to for m in mail.outbox] == [["anne@laese.example.dk"]]


def test_reopen_a_ready_agreement_nobody_has_signed(
    staff, agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    response = post(staff, agreement, "reopen", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200, response.json()
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert status_events(agreement)[-1] == (S.READY_TO_SIGN, S.DRAFT)
    assert len(status_events(agreement)) == 3
    assert [m.to for m in mail.outbox] == [["anne@laese.example.dk"]]


def test_terminate_with_a_reason_tells_the_partner_and_the_owner(
    staff, in_review, staff_user, django_capture_on_commit_callbacks
):
    set_status(in_review, S.ACTIVE)  # the partner still has an open link
    reason = {"reason": "Foreningen er nedlagt"}
    response = post(staff, in_review, "terminate", reason, django_capture_on_commit_callbacks)
    assert response.status_code == 200, response.json()
    in_review.refresh_from_db()
    assert in_review.status == S.TERMINATED
    assert in_review.termination_reason == "Foreningen er nedlagt"
    assert status_events(in_review)[-1] == (S.ACTIVE, S.TERMINATED)
    assert len(status_events(in_review)) == 2
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted(["anne@laese.example.dk", staff_user.email])


@pytest.mark.parametrize(("step", "event"), [("renew", "renewed"), ("amend", "amended")])
def test_renew_and_amend_make_a_new_draft_and_leave_the_original(
    staff, agreement, step, event, django_capture_on_commit_callbacks
):
    set_status(agreement, S.ACTIVE)
    response = post(staff, agreement, step, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.json()
    data = response.json()
    new = Agreement.objects.get(pk=data["id"])
    assert new.renewed_from == agreement
    assert data["status"] == S.DRAFT and data["number"] != agreement.number
    assert [v["number"] for v in data["versions"]] == [1]
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE
    assert list(agreement.events.values_list("action", flat=True)) == ["created", event]
    assert mail.outbox == []  # the page sends no email for this either


def test_the_branch_tovholder_and_managers_may_take_steps(
    in_review, tovholder_user, own_branch, manager, django_capture_on_commit_callbacks
):
    Agreement.objects.filter(pk=in_review.pk).update(branch=own_branch)
    tovholder = _client_for(tovholder_user)
    response = post(tovholder, in_review, "take-back", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200, response.json()
    set_status(in_review, S.ACTIVE)
    response = post(
        manager, in_review, "terminate", {"reason": "Slut"}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 200, response.json()


# --- Refusals ------------------------------------------------------------------------------------


def assert_refused(response, message, code=400):
    assert response.status_code == code, response.content
    assert message in response.json()["detail"]


def test_refused_steps_are_400_with_the_danish_reason_and_change_nothing(staff, agreement, signer):
    refusals = [
        ("mark-ready", {}, "Send aftalen til gennemsyn hos partneren, før"),
        ("take-back", {}, "Kun en aftale, der er til gennemsyn hos partneren, kan tages tilbage."),
        ("reopen", {}, "Kun en aftale, der er klar til underskrift, kan åbnes igen som kladde."),
        ("terminate", {"reason": "Slut"}, "Kun en underskrevet eller aktiv aftale kan opsiges."),
        ("renew", {}, "Kun en underskrevet, aktiv eller udløbet aftale kan fornyes"),
        ("amend", {}, "Kun en underskrevet, aktiv eller udløbet aftale kan fornyes"),
        (
            "send-for-review",
            {"contact": PartnerContactFactory().pk},
            "Kontaktpersonen hører ikke til aftalens partner.",
        ),
        (
            "send-for-review",
            {"contact": signer.pk, "days": 0},
            "Linket kan gælde fra 1 til 90 dage.",
        ),
    ]
    for step, data, message in refusals:
        assert_refused(post(staff, agreement, step, data), message)
    set_status(agreement, S.ACTIVE)
    assert_refused(
        post(staff, agreement, "terminate", {"reason": "  "}),
        "Skriv en begrundelse for opsigelsen.",
    )
    assert_refused(
        post(staff, agreement, "send-for-review", {"contact": signer.pk}),
        "kan ikke sendes til gennemsyn",
    )
    assert_refused(post(staff, agreement, "mark-ready"), "kan ikke få status")
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE
    assert status_events(agreement) == []
    assert Agreement.objects.count() == 1
    assert ReviewInvitation.objects.count() == 0
    assert mail.outbox == []


def test_bad_input_is_400_never_500(staff, agreement):
    for step, data in (
        ("send-for-review", {}),
        ("send-for-review", {"contact": 999999}),
        ("send-for-review", {"contact": "x", "days": "mange"}),
        ("terminate", {}),
        ("take-back", {"note": "x" * 2001}),
    ):
        response = post(staff, agreement, step, data)
        assert response.status_code == 400, (step, data)
        assert set(response.json()) - {"detail"}, response.json()  # field errors
    assert status_events(agreement) == []


def test_marking_ready_is_refused_while_fill_in_fields_are_left(staff, signer, staff_user):
    agreement = make_agreement(partner=signer.partner, owner=staff_user, fill_in=False)
    review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    response = post(staff, agreement, "mark-ready")
    assert_refused(response, "før alle felter i [firkantede parenteser] er udfyldt")
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW


def test_reopening_what_one_party_signed_is_409(
    staff, agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_sign(
            agreement=agreement,
            party=SignatureParty.LIBRARY,
            typed_name="Birgitte Chef",
            consent=True,
            meta=LIBRARY_META,
            user=manager_user,
        )
    response = post(staff, agreement, "reopen")
    assert_refused(response, "allerede underskrevet af den ene part", code=409)
    agreement.refresh_from_db()
    assert agreement.status == S.READY_TO_SIGN


# --- Access --------------------------------------------------------------------------------------

POST_STEPS = ["send-for-review", "take-back", "mark-ready", "reopen", "terminate", "renew", "amend"]
GET_STEPS = ["events", "signatures", "pdf"]


def test_outsiders_are_kept_out(agreement, signer, anonymous, citizen):
    reader = _client_for(StaffFactory())  # staff, but not the owner, tovholder or a manager
    data = {"contact": signer.pk, "reason": "Slut"}
    for step in POST_STEPS:
        assert post(anonymous, agreement, step, data).status_code in {401, 403}, step
        assert post(citizen, agreement, step, data).status_code == 404, step
        response = post(reader, agreement, step, data)
        assert response.status_code == 403, step
    for step in GET_STEPS:
        assert anonymous.get(url(agreement, step)).status_code in {401, 403}, step
        assert citizen.get(url(agreement, step)).status_code == 404, step
    # Every staff member may read the history and the signatures, as on the page.
    assert reader.get(url(agreement, "events")).status_code == 200
    assert reader.get(url(agreement, "signatures")).status_code == 200
    assert reader.get(url(agreement, "pdf")).status_code == 404  # not signed
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert ReviewInvitation.objects.count() == 0
    assert Agreement.objects.count() == 1


def test_steps_refuse_get_and_reads_refuse_post(staff, agreement):
    for step in POST_STEPS:
        assert staff.get(url(agreement, step)).status_code == 405, step
    for step in GET_STEPS:
        assert staff.post(url(agreement, step)).status_code == 405, step


def test_signing_is_not_in_the_api(manager, agreement):
    assert manager.post(url(agreement, "sign"), {}, content_type=JSON).status_code == 404


# --- Reading: history, signatures, the signed PDF ------------------------------------------------


def test_the_signatures_and_the_signed_pdf_as_stored(
    staff,
    agreement,
    signer,
    staff_user,
    manager_user,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
    assert agreement.final_pdf_sha256
    # Queries (4): session and user; the agreement (access check); the signatures with their
    # version, user and contact joined.
    with django_assert_max_num_queries(4):
        rows = staff.get(url(agreement, "signatures")).json()
    assert [(r["party"], r["typed_name"]) for r in rows] == [
        ("library", "Birgitte Chef"),
        ("partner", "Anne Formand"),
    ]
    library, partner = rows
    version = agreement.signatures.first().version
    assert library["version"] == version.number
    assert library["document_sha256"] == version.pdf_sha256
    assert library["user"]["name"] == "Birgitte Chef" and library["contact"] is None
    assert partner["contact"] == {"id": signer.pk, "name": "Anne Formand"}
    # The evidence, as the staff page shows it to every staff member.
    assert library["ip_address"] == "192.0.2.10"
    assert partner["user_agent"] == "Mozilla/5.0 (Formand) Safari/18"
    assert library["signed_at"].endswith("Z") or "+" in library["signed_at"]

    for _ in range(2):  # the same bytes on every request
        response = staff.get(url(agreement, "pdf"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        assert response["X-Content-SHA256"] == agreement.final_pdf_sha256
        assert hashlib.sha256(body).hexdigest() == agreement.final_pdf_sha256
        assert body == stored(agreement.final_pdf)


def test_no_pdf_before_signing(staff, agreement, signer, staff_user):
    assert staff.get(url(agreement, "pdf")).status_code == 404
    review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    assert staff.get(url(agreement, "pdf")).status_code == 404


def test_the_history_newest_first(staff, in_review, staff_user, signer):
    data = staff.get(url(in_review, "events")).json()
    assert [e["action"] for e in data] == ["review_invited", "status", "created"]
    invited, change, _created = data
    assert change["from_status"] == S.DRAFT and change["to_status"] == S.IN_REVIEW
    assert change["to_status_display"] == "Til gennemsyn hos partner"
    assert change["actor"]["id"] == staff_user.pk
    assert invited["actor_contact"] == {"id": signer.pk, "name": "Anne Formand"}


@pytest.mark.parametrize("rows", [1, 50])
def test_the_history_uses_a_fixed_number_of_queries(
    staff, agreement, signer, staff_user, rows, django_assert_max_num_queries
):
    AgreementEvent.objects.filter(agreement=agreement).delete()
    for n in range(rows):
        event_record(agreement, "comment", user=staff_user, contact=signer, note=f"Nr. {n}")
    # Queries (4): session and user; the agreement (access check); the events with their
    # staff actor and partner contact joined.
    with django_assert_max_num_queries(4):
        response = staff.get(url(agreement, "events"))
    assert len(response.json()) == rows
