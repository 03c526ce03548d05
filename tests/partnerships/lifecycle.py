"""Helpers for the lifecycle tests (workflow, review links, signing, PDFs, reminders)."""

import hashlib
import io
import json

from pypdf import PdfReader

from partnerships.models import AgreementStatus, SignatureParty
from partnerships.services.signing import RequestMeta, agreement_sign
from partnerships.services.workflow import review_accept, review_invite, review_token

LIBRARY_META = RequestMeta(ip="192.0.2.10", user_agent="Mozilla/5.0 (Chef) Firefox/140.0")
PARTNER_META = RequestMeta(ip="198.51.100.7", user_agent="Mozilla/5.0 (Formand) Safari/18")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_audit(data: bytes) -> dict:
    reader = PdfReader(io.BytesIO(data))
    return json.loads(reader.attachments["revisionsspor.json"][0])


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def token_url(invitation, suffix="") -> str:
    from django.urls import reverse

    return reverse(f"partnerships:review{suffix}", args=[review_token(invitation)])


def make_ready(agreement, contact, user, capture):
    """draft -> in_review -> ready_to_sign through the partner's acceptance, PDF rendered."""
    with capture(execute=True):
        invitation = review_invite(agreement=agreement, contact=contact, acting_user=user)
        review_accept(invitation=invitation)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.READY_TO_SIGN
    return invitation


def sign_both(agreement, invitation, manager, capture):
    with capture(execute=True):
        agreement_sign(
            agreement=agreement,
            party=SignatureParty.LIBRARY,
            typed_name="Birgitte Chef",
            consent=True,
            meta=LIBRARY_META,
            user=manager,
        )
        agreement_sign(
            agreement=agreement,
            party=SignatureParty.PARTNER,
            typed_name="Anne Formand",
            consent=True,
            meta=PARTNER_META,
            invitation=invitation,
        )
    agreement.refresh_from_db()
    return agreement
