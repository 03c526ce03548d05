"""Agreements as PDF (WeasyPrint through ``portal.pdf``): A4, PDF/A-3u, tagged, Danish.

Two documents, each rendered once and stored (``services.signing``):

- the PDF to sign: a version's text as the parties read it, status "Klar til underskrift";
- the final PDF: the same text with both signature blocks (name, role, time in UTC and Danish
  time, SHA-256 of the signed PDF) and the audit trail attached as ``revisionsspor.json``
  (with the full evidence, IP addresses and browsers included; the visible page has none).

The document body is ``partnerships/_document.html``: the same template the live preview and
the partner's review page use, so what is read is what is signed.
"""

import json

from django.utils import timezone

from organisation.models import Library
from portal.pdf import PdfAttachment, logo_url, render_html, render_pdf

from .models import Agreement, AgreementStatus, AgreementVersion

TEMPLATE = "partnerships/pdf/agreement.html"
AUDIT_FILENAME = "revisionsspor.json"


def _context(agreement: Agreement, version: AgreementVersion, *, status: str, signatures=()):
    library = Library.load()
    return {
        "agreement": agreement,
        "version": version,
        "content": version.content,
        "library": library,
        "logo_url": logo_url(library),
        "status_label": AgreementStatus(status).label,
        "final": bool(signatures),
        "signatures": [
            {
                "signature": signature,
                "local": timezone.localtime(signature.signed_at),
            }
            for signature in signatures
        ],
        "audit_filename": AUDIT_FILENAME,
    }


def version_context(version: AgreementVersion) -> dict:
    return _context(version.agreement, version, status=AgreementStatus.READY_TO_SIGN)


def version_html(version: AgreementVersion) -> str:
    return render_html(TEMPLATE, version_context(version))


def version_pdf(version: AgreementVersion) -> bytes:
    """The PDF the parties sign."""
    return render_pdf(TEMPLATE, version_context(version))


def final_context(agreement: Agreement) -> dict:
    signatures = list(agreement.signatures.select_related("version").order_by("party"))
    version = signatures[0].version
    return _context(agreement, version, status=AgreementStatus.SIGNED, signatures=signatures)


def final_pdf(agreement: Agreement) -> bytes:
    """The signed agreement: signature blocks and the audit trail attached as JSON."""
    from .services.signing import audit_trail

    audit = json.dumps(audit_trail(agreement), ensure_ascii=False, indent=2).encode()
    return render_pdf(
        TEMPLATE,
        final_context(agreement),
        attachments=[
            PdfAttachment(
                name=AUDIT_FILENAME,
                content=audit,
                description="Revisionsspor: aftalens forløb og underskrifternes dokumentation",
            )
        ],
    )
