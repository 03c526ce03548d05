"""Signing: evidence recorded, who may sign, and the final PDF after both signatures."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgreementStatus, Signature, SignatureParty
from partnerships.services import PartnershipError
from partnerships.services.signing import RequestMeta, agreement_sign
from tests.partnerships.lifecycle import (
    LIBRARY_META,
    PARTNER_META,
    make_ready,
    sha256,
    sign_both,
    stored,
    token_url,
)

pytestmark = pytest.mark.django_db


def test_ready_to_sign_stores_the_pdf_to_sign_once_with_its_hash(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    version = agreement.latest_version()
    data = stored(version.pdf)
    assert data.startswith(b"%PDF-")
    assert version.pdf_sha256 == sha256(data)
    assert agreement.events.filter(action="pdf_to_sign").count() == 1


def test_the_library_signature_records_utc_time_ip_browser_role_and_hash(
    agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    before = timezone.now()
    signature = agreement_sign(
        agreement=agreement,
        party=SignatureParty.LIBRARY,
        typed_name="  Birgitte   Chef ",
        consent=True,
        meta=LIBRARY_META,
        user=manager_user,
    )
    version = agreement.latest_version()
    assert signature.typed_name == "Birgitte Chef"
    assert signature.signed_at.utcoffset() == datetime.timedelta(0)
    assert before <= signature.signed_at <= timezone.now()
    assert signature.ip_address == "192.0.2.10"
    assert signature.user_agent == LIBRARY_META.user_agent
    assert signature.signer_role.startswith("Chef, ")
    assert signature.document_sha256 == sha256(stored(version.pdf)) == version.pdf_sha256
    assert version.pdf_sha256 in signature.consent_text
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.READY_TO_SIGN  # one signature is not enough


def test_staff_who_are_not_managers_cannot_sign_for_the_library(
    agreement, signer, staff_user, staff, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    with pytest.raises(PartnershipError, match="Kun en chef"):
        agreement_sign(
            agreement=agreement,
            party=SignatureParty.LIBRARY,
            typed_name="Lars Medarbejder",
            consent=True,
            meta=LIBRARY_META,
            user=staff_user,
        )
    url = reverse("partnerships:agreement_sign", args=[agreement.pk])
    assert staff.get(url).status_code == 403
    assert staff.post(url, {"typed_name": "Lars", "consent": "on"}).status_code == 403
    assert not Signature.objects.exists()


def test_a_manager_signs_through_the_page_and_the_real_client_ip_is_recorded(
    agreement, signer, staff_user, manager, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    url = reverse("partnerships:agreement_sign", args=[agreement.pk])
    page = manager.get(url)
    assert page.status_code == 200
    assert agreement.latest_version().pdf_sha256 in page.content.decode()
    response = manager.post(
        url,
        {"typed_name": "Birgitte Chef", "consent": "on"},
        REMOTE_ADDR="203.0.113.5",
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.ip_address == "203.0.113.5"
    assert signature.user_agent == "TestBrowser/1.0"


def test_name_and_consent_are_required_in_danish(
    agreement, signer, staff_user, manager, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    url = reverse("partnerships:agreement_sign", args=[agreement.pk])
    response = manager.post(url, {"typed_name": "", "consent": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Skriv dit fulde navn" in body
    assert "Sæt kryds" in body
    assert not Signature.objects.exists()


def test_a_contact_who_may_not_sign_is_refused(
    agreement, reader, signer, staff_user, django_capture_on_commit_callbacks
):
    invitation = make_ready(agreement, reader, staff_user, django_capture_on_commit_callbacks)
    with pytest.raises(PartnershipError, match="må underskrive"):
        agreement_sign(
            agreement=agreement,
            party=SignatureParty.PARTNER,
            typed_name="Bo Kasserer",
            consent=True,
            meta=PARTNER_META,
            invitation=invitation,
        )
    assert not Signature.objects.exists()


def test_the_partner_signs_through_the_link_with_evidence(
    agreement, signer, staff_user, anonymous, django_capture_on_commit_callbacks
):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    page = anonymous.get(token_url(invitation))
    assert "Underskriv aftalen" in page.content.decode()
    response = anonymous.post(
        token_url(invitation, "_sign"),
        {"typed_name": "Anne Formand", "consent": "on"},
        REMOTE_ADDR="198.51.100.9",
        HTTP_USER_AGENT="PartnerBrowser/2.0",
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.party == SignatureParty.PARTNER
    assert signature.contact == signer
    assert signature.signer_role == "Formand, Tårnby Læseforening"
    assert signature.ip_address == "198.51.100.9"
    assert signature.document_sha256 == agreement.latest_version().pdf_sha256


def test_the_same_party_cannot_sign_twice(
    agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    kwargs = {
        "agreement": agreement,
        "party": SignatureParty.LIBRARY,
        "typed_name": "Birgitte Chef",
        "consent": True,
        "meta": LIBRARY_META,
        "user": manager_user,
    }
    agreement_sign(**kwargs)
    with pytest.raises(PartnershipError, match="allerede underskrevet"):
        agreement_sign(**kwargs)
    assert Signature.objects.count() == 1


def test_a_draft_cannot_be_signed(agreement, manager_user):
    with pytest.raises(PartnershipError, match="kan ikke underskrives"):
        agreement_sign(
            agreement=agreement,
            party=SignatureParty.LIBRARY,
            typed_name="Birgitte Chef",
            consent=True,
            meta=RequestMeta(ip=None, user_agent=""),
            user=manager_user,
        )


def test_after_both_signatures_the_final_pdf_is_stored_and_the_agreement_is_active(
    agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
    assert agreement.status == AgreementStatus.ACTIVE  # start date is today
    assert agreement.signed_at is not None
    data = stored(agreement.final_pdf)
    assert data.startswith(b"%PDF-")
    assert agreement.final_pdf_sha256 == sha256(data)
    statuses = list(agreement.events.filter(action="status").values_list("to_status", flat=True))
    assert statuses[-2:] == [AgreementStatus.SIGNED, AgreementStatus.ACTIVE]
    assert agreement.events.filter(action="final_pdf").count() == 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"anne@laese.example.dk", staff_user.email} <= recipients


def test_an_agreement_starting_later_stays_signed_until_its_start_date(
    agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    from partnerships.services.drafting import agreement_update

    start = timezone.localdate() + datetime.timedelta(days=30)
    agreement_update(
        agreement=agreement,
        acting_user=staff_user,
        start_date=start,
        end_date=start + datetime.timedelta(days=365),
        evaluation_date=start + datetime.timedelta(days=100),
    )
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
    assert agreement.status == AgreementStatus.SIGNED
