"""Signing with evidence, the PDF to sign, the final PDF, and verification of a PDF or hash.

Simple electronic signature: the signer types their name and ticks consent; we record the time
(UTC), IP address, user agent, the signer's role and the SHA-256 of the exact PDF bytes they
were shown (the PDF stored on the agreement's latest version when it became ready to sign).

Invariants:
- The PDF to sign is rendered once per version and stored; ``pdf_sha256`` is the hash of the
  stored bytes. Every ``Signature.document_sha256`` is the hash of those bytes, read back from
  storage at the moment of signing.
- After both signatures the final PDF (signature blocks + the audit trail as an attached JSON
  file) is rendered once into ``Agreement.final_pdf``; those bytes are what is served from then
  on, with ``final_pdf_sha256``, and are never re-rendered or overwritten.
"""

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisation.models import Library

from ..access import can_sign_for_library
from ..models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    ReviewInvitation,
    Signature,
    SignatureParty,
)
from . import PartnershipError
from .workflow import (
    _change_status,
    activate_if_started,
    danish,
    event_record,
    lock,
    notify_owner,
    notify_partner,
    replace_previous,
)

logger = logging.getLogger(__name__)

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
USER_AGENT_MAX = 400


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_bytes(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


@dataclass(frozen=True)
class RequestMeta:
    """Where a signature came from. The IP is the client's as the login throttling sees it
    (honours AXES_PROXY_COUNT behind a reverse proxy, where REMOTE_ADDR is the proxy)."""

    ip: str | None
    user_agent: str

    @classmethod
    def from_request(cls, request) -> "RequestMeta":
        return cls(
            ip=get_client_ip_address(request) or None,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
        )


# --- The PDF to sign -------------------------------------------------------------------------


def version_pdf_ensure(version: AgreementVersion) -> AgreementVersion:
    """Render and store the PDF of a version that is to be signed, once (idempotent)."""
    from ..pdf import version_pdf

    if version.pdf:
        return version
    content = version_pdf(version)  # no lock held while rendering
    with transaction.atomic():
        # Only the first renderer stores its bytes; a concurrent second one is discarded, so
        # whoever already saw (or signed) the first bytes keeps seeing exactly those.
        fresh = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        if fresh.pdf:
            return fresh
        fresh.pdf.save(
            f"aftale-{fresh.agreement.number}-v{fresh.number}.pdf",
            ContentFile(content),
            save=False,
        )
        fresh.pdf_sha256 = sha256_hex(content)
        fresh.save(update_fields=["pdf", "pdf_sha256"])
        event_record(
            fresh.agreement,
            "pdf_to_sign",
            note=danish(
                "PDF til underskrift af version %(n)s, SHA-256 %(h)s",
                n=fresh.number,
                h=fresh.pdf_sha256,
            ),
        )
    return fresh


def _ensure_logged(pk: int):
    try:
        version_pdf_ensure(AgreementVersion.objects.select_related("agreement").get(pk=pk))
    except Exception:
        logger.exception("Could not render the PDF to sign of agreement version %s", pk)


def version_pdf_ensure_after_commit(version: AgreementVersion | None):
    if version is not None:
        transaction.on_commit(lambda pk=version.pk: _ensure_logged(pk))


def version_to_sign(agreement: Agreement) -> AgreementVersion | None:
    """The version being signed, with its PDF rendered (rendered now if that has not happened)."""
    if agreement.status != AgreementStatus.READY_TO_SIGN and not agreement.is_signed:
        return None
    signature = agreement.signatures.select_related("version").first()
    version = signature.version if signature else agreement.latest_version()
    return version_pdf_ensure(version) if version else None


# --- Signing ---------------------------------------------------------------------------------


def consent_text(agreement: Agreement, version: AgreementVersion, organisation: str) -> str:
    return danish(
        "Jeg har læst aftalen %(number)s \u201c%(title)s\u201d, version %(version)s (PDF med "
        "SHA-256 %(sha)s), og underskriver den elektronisk på vegne af %(organisation)s. Jeg er "
        "indforstået med, at min underskrift gælder som en underskrift på papir, og at tidspunkt, "
        "IP-adresse og browser bliver gemt som dokumentation.",
        number=agreement.number,
        title=agreement.title,
        version=version.number,
        sha=version.pdf_sha256,
        organisation=organisation,
    )


def may_sign(agreement: Agreement, party: str) -> bool:
    """Whether the party still has to sign the version being signed."""
    if agreement.status != AgreementStatus.READY_TO_SIGN:
        return False
    version = agreement.latest_version()
    return not Signature.objects.filter(version=version, party=party).exists()


def agreement_sign(
    *,
    agreement: Agreement,
    party: str,
    typed_name: str,
    consent: bool,
    meta: RequestMeta,
    user: User | None = None,
    invitation: ReviewInvitation | None = None,
) -> Signature:
    """One party's signature. The library signs through a manager's account (``user``); the
    partner through a valid review invitation of a contact who may sign (``invitation``)."""
    library = Library.load()
    if party == SignatureParty.LIBRARY:
        if user is None or not can_sign_for_library(user):
            raise PartnershipError(_("Kun en chef kan underskrive på bibliotekets vegne."))
        contact = None
        organisation = library.name
        role = f"{user.title or 'Chef'}, {library.name}"
    elif party == SignatureParty.PARTNER:
        if invitation is None:
            raise PartnershipError(_("Partneren underskriver gennem sit personlige link."))
        # The caller got the invitation from a token; look again so a link revoked or expired
        # in the meantime cannot sign.
        invitation = ReviewInvitation.objects.select_related("contact__partner").get(
            pk=invitation.pk
        )
        if invitation.revoked_at or invitation.expires_at <= timezone.now():
            raise PartnershipError(_("Linket virker ikke længere. Bed biblioteket om et nyt."))
        if invitation.agreement_id != agreement.pk:
            raise PartnershipError(_("Linket hører til en anden aftale."))
        contact = invitation.contact
        if not contact.may_sign:
            raise PartnershipError(
                _(
                    "%(name)s er ikke registreret som en, der må underskrive på %(org)s' vegne. "
                    "Kontakt biblioteket, hvis det er forkert."
                )
                % {"name": contact.name, "org": contact.partner.name}
            )
        organisation = contact.partner.name
        role = f"{contact.role}, {organisation}" if contact.role else organisation
        user = None
    else:
        raise PartnershipError(_("Ukendt part."))

    typed_name = " ".join((typed_name or "").split())
    if len(typed_name) < 2:
        raise PartnershipError(_("Skriv dit fulde navn. Det svarer til din underskrift."))
    if not consent:
        raise PartnershipError(_("Sæt kryds for at bekræfte, at du underskriver aftalen."))

    # Render the PDF to sign before taking the lock (slow; idempotent). The status is read
    # again: the caller's object may be older than the row.
    current = Agreement.objects.get(pk=agreement.pk)
    if current.status == AgreementStatus.READY_TO_SIGN:
        version_to_sign(current)

    with transaction.atomic():
        # Lock the agreement row: two signatures arriving at once are taken one after the other,
        # so exactly one of them sees that both parties have now signed, and the agreement
        # becomes signed (and its final PDF is ordered) once, not twice.
        locked = lock(agreement)
        if locked.status != AgreementStatus.READY_TO_SIGN:
            raise PartnershipError(
                _("Aftalen kan ikke underskrives nu (status: %(s)s).")
                % {"s": locked.get_status_display()}
            )
        version = locked.latest_version()
        if not version.pdf or not version.pdf_sha256:
            raise PartnershipError(_("PDF'en til underskrift er ikke klar endnu. Prøv igen."))
        if Signature.objects.filter(version=version, party=party).exists():
            raise PartnershipError(
                _("%(party)s har allerede underskrevet aftalen.")
                % {"party": SignatureParty(party).label}
            )
        # The hash of the exact bytes in storage now, not a remembered value.
        document_sha256 = sha256_hex(stored_bytes(version.pdf))
        if document_sha256 != version.pdf_sha256:
            logger.error("Stored PDF of %s does not match its recorded hash", version)
            raise PartnershipError(
                _("PDF'en til underskrift er ændret. Kontakt biblioteket, før der underskrives.")
            )
        signature = Signature.objects.create(
            agreement=locked,
            version=version,
            party=party,
            typed_name=typed_name,
            signer_role=role[:200],
            user=user,
            contact=contact,
            signed_at=timezone.now(),
            ip_address=meta.ip,
            user_agent=(meta.user_agent or "")[:USER_AGENT_MAX],
            document_sha256=document_sha256,
            consent_text=consent_text(locked, version, organisation),
        )
        event_record(
            locked,
            "signed",
            user=user,
            contact=contact,
            note=danish(
                "%(name)s (%(role)s) har underskrevet version %(n)s.",
                name=typed_name,
                role=signature.signer_role,
                n=version.number,
            ),
        )
        _between_insert_and_count()
        parties = set(Signature.objects.filter(version=version).values_list("party", flat=True))
        if parties == set(SignatureParty.values):
            _complete(locked)
        elif party == SignatureParty.PARTNER:
            notify_owner(
                locked,
                "partner_signed",
                danish(
                    "%(partner)s har underskrevet aftalen: %(title)s",
                    partner=locked.partner.name,
                    title=locked.title,
                ),
                signature=signature,
            )
        else:
            notify_partner(
                locked,
                "library_signed",
                danish("Biblioteket har underskrevet aftalen: %(title)s", title=locked.title),
                signers_only=True,
                signature=signature,
            )
    agreement.refresh_from_db()
    return signature


def _between_insert_and_count():
    """Nothing; the concurrency test widens the race window here to show what the lock stops."""


def _complete(locked: Agreement):
    """Both have signed (called once, under the agreement lock)."""
    locked.signed_at = timezone.now()
    locked.save(update_fields=["signed_at", "updated_at"])
    _change_status(locked, AgreementStatus.SIGNED, note=danish("Underskrevet af begge parter."))
    activate_if_started(locked)
    replace_previous(locked)
    # The final PDF is rendered once, after commit (slow; never under the lock). If it fails,
    # it is rendered when it is first downloaded (final_pdf_ensure is idempotent).
    transaction.on_commit(lambda pk=locked.pk: _final_logged(pk))
    subject = danish("Aftalen er underskrevet af begge parter: %(title)s", title=locked.title)
    notify_owner(locked, "signed", subject)
    notify_partner(locked, "signed", subject)


def _final_logged(pk: int):
    try:
        final_pdf_ensure(Agreement.objects.get(pk=pk))
    except Exception:
        logger.exception("Could not render the final PDF of agreement %s", pk)


def final_pdf_ensure(agreement: Agreement) -> Agreement:
    """Render and store the final PDF of an agreement signed by both, once (idempotent)."""
    from ..pdf import final_pdf

    if agreement.final_pdf or not agreement.is_signed:
        return agreement
    content = final_pdf(agreement)  # no lock held while rendering
    with transaction.atomic():
        # Only the first renderer stores its bytes: the final PDF never changes once stored.
        fresh = Agreement.objects.select_for_update(of=("self",)).get(pk=agreement.pk)
        if fresh.final_pdf:
            return fresh
        fresh.final_pdf.save(f"aftale-{fresh.number}.pdf", ContentFile(content), save=False)
        fresh.final_pdf_sha256 = sha256_hex(content)
        fresh.save(update_fields=["final_pdf", "final_pdf_sha256", "updated_at"])
        event_record(
            fresh,
            "final_pdf",
            note=danish("Den underskrevne PDF er gemt, SHA-256 %(h)s", h=fresh.final_pdf_sha256),
        )
    return fresh


def audit_trail(agreement: Agreement) -> dict:
    """Everything that happened to the agreement, with the full signing evidence: the JSON
    file attached to the final PDF."""
    library = Library.load()
    signatures = agreement.signatures.select_related("version").order_by("signed_at", "pk")
    events = agreement.events.select_related("actor", "actor_contact").order_by("at", "pk")
    version = signatures[0].version if signatures else agreement.latest_version()
    return {
        "format": "sammen-agreement-audit",
        "format_version": 1,
        "generated_at": _utc(timezone.now()),
        "agreement": {
            "number": agreement.number,
            "title": agreement.title,
            "kind": agreement.kind,
            "binding": agreement.binding,
            "library": library.name,
            "partner": agreement.partner.name,
            "partner_cvr": agreement.partner.cvr,
            "start_date": agreement.start_date.isoformat() if agreement.start_date else None,
            "end_date": agreement.end_date.isoformat() if agreement.end_date else None,
            "renewed_from": agreement.renewed_from.number if agreement.renewed_from else None,
        },
        "signed_document": {
            "version": version.number if version else None,
            "sha256": version.pdf_sha256 if version else "",
        },
        "signatures": [
            {
                "party": signature.party,
                "typed_name": signature.typed_name,
                "signer_role": signature.signer_role,
                "signed_at_utc": _utc(signature.signed_at),
                "ip_address": signature.ip_address,
                "user_agent": signature.user_agent,
                "document_sha256": signature.document_sha256,
                "version": signature.version.number,
                "consent_text": signature.consent_text,
            }
            for signature in signatures
        ],
        "events": [
            {
                "at_utc": _utc(event.at),
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "actor": str(event.actor) if event.actor else "",
                "actor_contact": event.actor_contact.name if event.actor_contact else "",
                "note": event.note,
            }
            for event in events
        ],
    }


def _utc(moment) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


# --- Verification ----------------------------------------------------------------------------


@dataclass
class Verification:
    """What the public verification page may say: names, roles and times, never IPs."""

    kind: str  # "final", "to_sign" or "none"
    sha256: str
    agreement: Agreement | None = None
    version: AgreementVersion | None = None
    signatures: list | None = None


def verify_sha256(sha256: str) -> Verification:
    sha256 = sha256.strip().lower()
    if not SHA256_HEX.match(sha256):
        raise PartnershipError(
            _("En SHA-256 består af 64 tegn, kun tallene 0-9 og bogstaverne a-f.")
        )
    agreement = Agreement.objects.select_related("partner").filter(final_pdf_sha256=sha256).first()
    if agreement is not None:
        signatures = list(agreement.signatures.order_by("signed_at", "pk"))
        return Verification("final", sha256, agreement, signatures=signatures)
    version = (
        AgreementVersion.objects.select_related("agreement__partner")
        .filter(pdf_sha256=sha256)
        .first()
    )
    if version is not None:
        signatures = list(version.signatures.order_by("signed_at", "pk"))
        return Verification("to_sign", sha256, version.agreement, version, signatures)
    return Verification("none", sha256)


def verify_pdf(data: bytes) -> Verification:
    return verify_sha256(sha256_hex(data))
