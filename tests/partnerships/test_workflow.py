"""The status workflow: one transition table, every change logged once, emails, refusals."""

import datetime
import itertools

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgreementEvent, AgreementStatus, SignatureParty
from partnerships.services import PartnershipError
from partnerships.services.signing import agreement_sign
from partnerships.services.workflow import (
    TRANSITIONS,
    _change_status,
    agreement_amend,
    agreement_change_status,
    agreement_renew,
    agreement_terminate,
    agreements_update_by_date,
    lock,
    review_accept,
    review_invite,
    review_request_changes,
)
from tests.factories import StaffFactory
from tests.partnerships.lifecycle import (
    LIBRARY_META,
    make_ready,
    sign_both,
)

pytestmark = pytest.mark.django_db
S = AgreementStatus


def status_events(agreement):
    return list(
        AgreementEvent.objects.filter(agreement=agreement, action="status").values_list(
            "from_status", "to_status"
        )
    )


def set_status(agreement, status):
    type(agreement).objects.filter(pk=agreement.pk).update(status=status)
    agreement.refresh_from_db()


def test_sending_for_review_logs_one_event_and_emails_the_contact_a_link(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW
    assert status_events(agreement) == [(S.DRAFT, S.IN_REVIEW)]
    event = agreement.events.get(action="status")
    assert event.actor == staff_user and event.at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anne@laese.example.dk"]
    assert "Læseklub for seniorer" in message.subject
    assert f"/aftaler/gennemsyn/{invitation.nonce}" in message.body  # signed token of the nonce


def test_the_partner_asks_for_changes_and_the_owner_is_told(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    invitation = review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review_request_changes(invitation=invitation, note="Ret venligst perioden.")
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert status_events(agreement)[-1] == (S.IN_REVIEW, S.DRAFT)
    event = agreement.events.filter(action="status").last()
    assert event.actor_contact == signer and event.note == "Ret venligst perioden."
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert "Ret venligst perioden." in mail.outbox[0].body


def test_staff_take_the_draft_back_from_review(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_change_status(
            agreement=agreement, to_status=S.DRAFT, acting_user=staff_user, note="Vi retter"
        )
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert status_events(agreement) == [(S.DRAFT, S.IN_REVIEW), (S.IN_REVIEW, S.DRAFT)]
    assert [m.to for m in mail.outbox] == [["anne@laese.example.dk"]]


def test_the_partner_accepts_for_signing_and_the_owner_is_told(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    invitation = review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review_accept(invitation=invitation)
    agreement.refresh_from_db()
    assert agreement.status == S.READY_TO_SIGN
    assert status_events(agreement)[-1] == (S.IN_REVIEW, S.READY_TO_SIGN)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([staff_user.email, "anne@laese.example.dk"])


def test_staff_mark_ready_and_reopen_before_anyone_signed(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_change_status(
            agreement=agreement, to_status=S.READY_TO_SIGN, acting_user=staff_user
        )
    agreement.refresh_from_db()
    assert agreement.status == S.READY_TO_SIGN
    agreement_change_status(agreement=agreement, to_status=S.DRAFT, acting_user=staff_user)
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert status_events(agreement) == [
        (S.DRAFT, S.IN_REVIEW),
        (S.IN_REVIEW, S.READY_TO_SIGN),
        (S.READY_TO_SIGN, S.DRAFT),
    ]


def test_reopening_after_one_signature_is_refused(
    agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    agreement_sign(
        agreement=agreement,
        party=SignatureParty.LIBRARY,
        typed_name="Birgitte Chef",
        consent=True,
        meta=LIBRARY_META,
        user=manager_user,
    )
    with pytest.raises(PartnershipError, match="allerede underskrevet"):
        agreement_change_status(agreement=agreement, to_status=S.DRAFT, acting_user=staff_user)
    agreement.refresh_from_db()
    assert agreement.status == S.READY_TO_SIGN


def test_signed_becomes_active_on_the_start_date_and_expires_after_the_end_date(
    agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    from partnerships.services.drafting import agreement_update

    today = timezone.localdate()
    agreement_update(
        agreement=agreement,
        acting_user=staff_user,
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=20),
        evaluation_date=today + datetime.timedelta(days=15),
    )
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
    assert agreement.status == S.SIGNED
    assert agreements_update_by_date(today + datetime.timedelta(days=9))["activated"] == []
    changed = agreements_update_by_date(today + datetime.timedelta(days=10))
    assert [a.pk for a in changed["activated"]] == [agreement.pk]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        changed = agreements_update_by_date(today + datetime.timedelta(days=21))
    assert [a.pk for a in changed["expired"]] == [agreement.pk]
    agreement.refresh_from_db()
    assert agreement.status == S.EXPIRED
    assert status_events(agreement)[-3:] == [
        (S.READY_TO_SIGN, S.SIGNED),
        (S.SIGNED, S.ACTIVE),
        (S.ACTIVE, S.EXPIRED),
    ]
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


@pytest.mark.parametrize("status", [S.SIGNED, S.ACTIVE])
def test_terminating_needs_a_reason_and_tells_both(
    status, agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    set_status(agreement, status)
    with pytest.raises(PartnershipError, match="begrundelse"):
        agreement_terminate(agreement=agreement, acting_user=staff_user, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_terminate(agreement=agreement, acting_user=staff_user, reason="Foreningen lukker")
    agreement.refresh_from_db()
    assert agreement.status == S.TERMINATED
    assert agreement.termination_reason == "Foreningen lukker"
    assert agreement.terminated_at is not None
    assert status_events(agreement)[-1] == (status, S.TERMINATED)
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([staff_user.email, "anne@laese.example.dk"])


FORBIDDEN = [
    (old, new)
    for old, new in itertools.product(S.values, S.values)
    if old != new and new not in TRANSITIONS[old]
]


@pytest.mark.parametrize(("old", "new"), FORBIDDEN)
def test_every_other_transition_is_refused_in_danish(old, new, agreement):
    set_status(agreement, old)
    with pytest.raises(PartnershipError, match="kan ikke få status"), transaction.atomic():
        _change_status(lock(agreement), new)
    agreement.refresh_from_db()
    assert agreement.status == old
    assert status_events(agreement) == []


@pytest.mark.parametrize("new", [S.SIGNED, S.ACTIVE, S.EXPIRED])
def test_staff_cannot_set_the_automatic_statuses(new, agreement, staff_user):
    set_status(agreement, S.READY_TO_SIGN if new == S.SIGNED else S.SIGNED)
    with pytest.raises(PartnershipError, match="sætter portalen selv"):
        agreement_change_status(agreement=agreement, to_status=new, acting_user=staff_user)


def test_a_draft_cannot_be_marked_ready_without_review(agreement, staff_user):
    with pytest.raises(PartnershipError, match="gennemsyn"):
        agreement_change_status(
            agreement=agreement, to_status=S.READY_TO_SIGN, acting_user=staff_user
        )


def test_staff_who_do_not_own_the_agreement_may_not_change_it(agreement, signer):
    other = StaffFactory()
    with pytest.raises(PartnershipError, match="Kun aftalens ansvarlige"):
        review_invite(agreement=agreement, contact=signer, acting_user=other)


def test_renewal_is_a_new_draft_and_signing_it_replaces_the_old(
    agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
    final_sha = agreement.final_pdf_sha256
    renewal = agreement_renew(agreement=agreement, acting_user=staff_user)
    assert renewal.pk != agreement.pk and renewal.number != agreement.number
    assert renewal.status == S.DRAFT and renewal.renewed_from == agreement
    assert renewal.start_date == agreement.end_date + datetime.timedelta(days=1)
    assert [s.key for s in renewal.sections.all()] == [s.key for s in agreement.sections.all()]
    assert renewal.responsibilities.count() == agreement.responsibilities.count()
    assert renewal.versions.count() == 1
    with pytest.raises(PartnershipError, match="allerede en ny version"):
        agreement_amend(agreement=agreement, acting_user=staff_user)
    invitation = make_ready(renewal, signer, staff_user, django_capture_on_commit_callbacks)
    sign_both(renewal, invitation, manager_user, django_capture_on_commit_callbacks)
    agreement.refresh_from_db()
    assert agreement.status == S.TERMINATED
    assert agreement.termination_reason.startswith(f"Erstattet af {renewal.number}")
    assert agreement.final_pdf_sha256 == final_sha  # the old agreement's PDF is untouched


def test_a_draft_cannot_be_renewed(agreement, staff_user):
    with pytest.raises(PartnershipError, match="Kun en underskrevet"):
        agreement_renew(agreement=agreement, acting_user=staff_user)


# --- The views -----------------------------------------------------------------------------


def test_status_view_refuses_get_outsiders_and_readers(
    agreement, signer, staff_user, anonymous, citizen
):
    review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    url = reverse("partnerships:agreement_status", args=[agreement.pk])
    from tests.conftest import _client_for

    reader_staff = _client_for(StaffFactory())
    assert _client_for(staff_user).get(url).status_code == 405
    assert anonymous.post(url, {"to_status": S.DRAFT}).status_code == 302
    assert citizen.post(url, {"to_status": S.DRAFT}).status_code == 404
    assert reader_staff.post(url, {"to_status": S.DRAFT}).status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW


def test_status_view_changes_status_and_shows_refusals_as_messages(agreement, signer, staff_user):
    from tests.conftest import _client_for

    client = _client_for(staff_user)
    review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    url = reverse("partnerships:agreement_status", args=[agreement.pk])
    response = client.post(url, {"to_status": S.ACTIVE}, follow=True)
    assert response.status_code == 200
    assert "sætter portalen selv" in response.content.decode()
    response = client.post(url, {"to_status": S.DRAFT, "note": "Vi retter"}, follow=True)
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT


def test_invite_page_keeps_input_and_shows_danish_errors(agreement, staff_user):
    from tests.conftest import _client_for

    client = _client_for(staff_user)
    url = reverse("partnerships:agreement_invite", args=[agreement.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"contact": "", "days": "500", "note": "Hej Anne"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vælg en kontaktperson" in body
    assert "højst virke i 90 dage" in body
    assert "Hej Anne" in body
