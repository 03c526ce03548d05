"""What the agreement's staff page shows of the workflow and the signatures
(templates/partnerships/agreements/_workflow.html and _signatures.html): the buttons the
person may use now, the review links, the partner's comments, the signatures and the PDFs."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..access import can_change_agreement, can_sign_for_library
from ..models import AgreementStatus, SignatureParty
from ..services.signing import may_sign
from ..services.workflow import AUTOMATIC, TRANSITIONS

register = template.Library()

Status = AgreementStatus

# The button for each status change staff may make, by (from, to).
BUTTONS = {
    (Status.IN_REVIEW, Status.DRAFT): _("Tag aftalen tilbage som kladde"),
    (Status.IN_REVIEW, Status.READY_TO_SIGN): _("Markér som klar til underskrift"),
    (Status.READY_TO_SIGN, Status.DRAFT): _("Åbn aftalen igen som kladde"),
}


@register.simple_tag
def workflow_state(agreement, user):
    now = timezone.now()
    may_change = can_change_agreement(user, agreement)
    status = agreement.status
    # Queries: the invitations with their contacts; the comments with contact and author;
    # whether each party has signed (two small exists queries, only when ready to sign).
    invitations = list(
        agreement.review_invitations.select_related("contact", "sent_by").order_by("-created_at")
    )
    for invitation in invitations:
        invitation.is_open = invitation.revoked_at is None and invitation.expires_at > now
    comments = list(
        agreement.comments.select_related("contact", "author").order_by("created_at", "pk")
    )
    version = agreement.latest_version()
    titles = {
        section["key"]: section["title"]
        for section in ((version.content or {}).get("sections", []) if version else [])
    }
    threads: dict[str, dict] = {}
    for comment in comments:
        thread = threads.setdefault(
            comment.section_key,
            {
                "key": comment.section_key,
                "title": titles.get(comment.section_key, comment.section_key),
                "comments": [],
            },
        )
        thread["comments"].append(comment)
    ready = status == Status.READY_TO_SIGN
    buttons = [
        {"to": to, "label": BUTTONS[(status, to)]}
        for to in sorted(TRANSITIONS[status] - AUTOMATIC - {Status.IN_REVIEW, Status.TERMINATED})
        if (status, to) in BUTTONS
    ]
    return {
        "may_change": may_change,
        "buttons": buttons if may_change else [],
        "may_invite": may_change
        and status in (Status.DRAFT, Status.IN_REVIEW, Status.READY_TO_SIGN),
        "may_sign_library": ready
        and can_sign_for_library(user)
        and may_sign(agreement, SignatureParty.LIBRARY),
        "library_must_sign": ready and may_sign(agreement, SignatureParty.LIBRARY),
        "partner_must_sign": ready and may_sign(agreement, SignatureParty.PARTNER),
        "may_terminate": may_change and status in (Status.SIGNED, Status.ACTIVE),
        "may_amend": may_change and status in (Status.SIGNED, Status.ACTIVE),
        "may_renew": may_change and status in (Status.SIGNED, Status.ACTIVE, Status.EXPIRED),
        "invitations": invitations,
        "threads": list(threads.values()),
        "may_reply": may_change and status in (Status.DRAFT, Status.IN_REVIEW),
    }


@register.simple_tag
def signatures_state(agreement):
    # Queries: the signatures with their versions; the versions that have a PDF to sign.
    signatures = list(
        agreement.signatures.select_related("version", "user", "contact").order_by("signed_at")
    )
    to_sign = list(
        agreement.versions.exclude(pdf="").only("pk", "number", "pdf", "pdf_sha256", "created_at")
    )
    return {"signatures": signatures, "to_sign": to_sign}
