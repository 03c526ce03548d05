"""The agreement's status workflow, review invitations and the partner's comments.

One transition table (``TRANSITIONS``) says which status may follow which; every change goes
through ``_change_status`` and leaves an ``AgreementEvent`` (who, from, to, when, note).

    kladde -> til gennemsyn hos partner -> klar til underskrift -> underskrevet -> aktiv
                                                                              -> udløbet / opsagt

- draft -> in_review: staff send a review invitation to a contact of the partner.
- in_review -> draft: the partner asks for changes, or staff take the draft back.
- in_review -> ready_to_sign: the partner accepts it for signing, or staff mark it ready;
  refused while a fill-in marker ("[beløb]", drafting.FILL_IN_MARKER) is left in the text.
  The PDF to be signed is then rendered once and stored on the latest version (``signing``).
- ready_to_sign -> draft: staff reopen it, but only while nobody has signed.
- ready_to_sign -> signed: only ``signing.agreement_sign`` when both parties have signed.
- signed -> active: on the start date (daily command) or at once when it has begun.
- active -> expired: the daily command once the end date has passed.
- signed/active -> terminated: staff, with a reason; or automatically when a renewal or an
  amendment of it is signed ("Erstattet af ...").

Invariant: a signed agreement's content is never edited. A change is a NEW agreement
(``agreement_amend``/``agreement_renew``, ``renewed_from`` pointing back) to be signed again.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.models import User
from organisation.models import Library

from ..access import can_change_agreement
from ..models import (
    Agreement,
    AgreementEvent,
    AgreementStatus,
    PartnerContact,
    ReviewInvitation,
    SectionComment,
)
from . import PartnershipError
from .drafting import content_unfilled_fields, unfilled_message

Status = AgreementStatus

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.DRAFT, Status.READY_TO_SIGN},
    Status.READY_TO_SIGN: {Status.DRAFT, Status.SIGNED},
    Status.SIGNED: {Status.ACTIVE, Status.TERMINATED},
    Status.ACTIVE: {Status.EXPIRED, Status.TERMINATED},
    Status.EXPIRED: set(),
    Status.TERMINATED: set(),
}

# Changes only the portal itself makes: "signed" when the second signature is given, "active"
# and "expired" by date. Staff never get a button for them.
AUTOMATIC = {Status.SIGNED, Status.ACTIVE, Status.EXPIRED}

REVIEW_SALT = "partnerships.review"
REVIEW_DAYS = 14
# The token's own timestamp is a second fence behind the row's expires_at.
REVIEW_TOKEN_MAX_AGE = datetime.timedelta(days=366)


def danish(message: str, **params) -> str:
    """Text the portal stores or sends to the partner (event notes, email subjects, the consent
    text): always Danish, whatever language the person who caused it reads the portal in.
    Error messages for the person who tried use gettext (``_``) instead."""
    with translation.override("da"):
        text = gettext(message)
    return text % params if params else text


def allowed_transitions(agreement: Agreement) -> list[str]:
    return [status for status in Status.values if status in TRANSITIONS[agreement.status]]


def manual_transitions(agreement: Agreement) -> list[str]:
    """What staff may choose as a button on the agreement's page."""
    return [status for status in allowed_transitions(agreement) if status not in AUTOMATIC]


def _label(status: str) -> str:
    return str(Status(status).label)


def lock(agreement: Agreement) -> Agreement:
    # Lock the agreement row: two people changing the same agreement at once (staff and the
    # partner, or two signers) must not both start from the same old status; the second waits
    # and sees the first one's result.
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("partner", "owner", "branch")
        .get(pk=agreement.pk)
    )


def event_record(
    agreement: Agreement,
    action: str,
    *,
    user: User | None = None,
    contact: PartnerContact | None = None,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
) -> AgreementEvent:
    return AgreementEvent.objects.create(
        agreement=agreement,
        action=action,
        actor=user if user is not None and user.is_authenticated else None,
        actor_contact=contact,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _change_status(
    locked: Agreement,
    to_status: str,
    *,
    user: User | None = None,
    contact: PartnerContact | None = None,
    note: str = "",
) -> AgreementEvent:
    """The one place a status changes. Call with the agreement row locked (``lock``)."""
    from_status = locked.status
    if to_status not in Status.values:
        raise PartnershipError(_("Ukendt status."))
    if to_status == from_status:
        raise PartnershipError(
            _("Aftalen har allerede status '%(status)s'.") % {"status": _label(to_status)}
        )
    if to_status not in TRANSITIONS[from_status]:
        raise PartnershipError(
            _("En aftale med status '%(old)s' kan ikke få status '%(new)s'.")
            % {"old": _label(from_status), "new": _label(to_status)}
        )
    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Status.TERMINATED:
        locked.terminated_at = timezone.now()
        locked.termination_reason = note
        fields += ["terminated_at", "termination_reason"]
    locked.save(update_fields=fields)
    return event_record(
        locked,
        "status",
        user=user,
        contact=contact,
        note=note,
        from_status=from_status,
        to_status=to_status,
    )


# --- Email -----------------------------------------------------------------------------------


def review_token(invitation: ReviewInvitation) -> str:
    return signing.TimestampSigner(salt=REVIEW_SALT).sign(invitation.nonce)


def review_url(invitation: ReviewInvitation) -> str:
    return settings.SITE_URL + reverse("partnerships:review", args=[review_token(invitation)])


def staff_url(agreement: Agreement) -> str:
    return settings.SITE_URL + reverse("partnerships:agreement_detail", args=[agreement.pk])


def _send(template: str, subject: str, recipients: list[str], context: dict):
    if not recipients:
        return
    with translation.override("da"):
        body = render_to_string(
            f"partnerships/email/{template}.txt", {"library": Library.load(), **context}
        )
    send_mail(subject, body, None, recipients)


def owner_recipients(agreement: Agreement) -> list[str]:
    person = agreement.owner or agreement.created_by
    return [person.email] if person and person.email else []


def notify_owner(agreement: Agreement, what: str, subject: str, **context):
    """Tell the responsible staff member what the partner (or the calendar) did."""
    _send(
        f"owner_{what}",
        subject,
        owner_recipients(agreement),
        {"agreement": agreement, "url": staff_url(agreement), **context},
    )


def open_invitations(agreement: Agreement):
    return agreement.review_invitations.filter(
        revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("contact")


def notify_partner(agreement: Agreement, what: str, subject: str, *, signers_only=False, **ctx):
    """Write to each partner contact with an open link, each with their own link."""
    seen = set()
    for invitation in open_invitations(agreement).order_by("-created_at"):
        contact = invitation.contact
        if contact.pk in seen or (signers_only and not contact.may_sign):
            continue
        seen.add(contact.pk)
        _send(
            f"partner_{what}",
            subject,
            [contact.email],
            {"agreement": agreement, "contact": contact, "url": review_url(invitation), **ctx},
        )


# --- Status changes staff make -------------------------------------------------------------


def _require_change(user: User, agreement: Agreement):
    if not can_change_agreement(user, agreement):
        raise PartnershipError(
            _(
                "Kun aftalens ansvarlige, tovholderen for filialen eller en chef kan ændre "
                "aftalens status."
            )
        )


def agreement_change_status(
    *, agreement: Agreement, to_status: str, acting_user: User, note: str = ""
) -> AgreementEvent:
    """A status button on the staff page. Sending for review needs a contact: ``review_invite``;
    terminating needs a reason: ``agreement_terminate``."""
    if to_status == Status.IN_REVIEW:
        raise PartnershipError(
            _("Vælg den kontaktperson hos partneren, der skal have aftalen til gennemsyn.")
        )
    if to_status == Status.TERMINATED:
        return agreement_terminate(agreement=agreement, acting_user=acting_user, reason=note)
    if to_status in AUTOMATIC:
        raise PartnershipError(
            _("Status '%(status)s' sætter portalen selv, når det er tid.")
            % {"status": _label(to_status)}
        )
    if to_status == Status.READY_TO_SIGN:
        return agreement_mark_ready(agreement=agreement, acting_user=acting_user, note=note)
    if to_status == Status.DRAFT:
        return agreement_reopen(agreement=agreement, acting_user=acting_user, note=note)
    raise PartnershipError(_("Ukendt status."))


def _ready_to_sign(locked: Agreement, *, user=None, contact=None, note="") -> AgreementEvent:
    version = locked.latest_version()
    if version is None:
        raise PartnershipError(_("Aftalen har ingen tekst endnu. Gem den først."))
    # What is signed is this version's text: no "[beløb]" may be left in it.
    unfilled = content_unfilled_fields(version.content)
    if unfilled:
        raise PartnershipError(unfilled_message(unfilled))
    event = _change_status(locked, Status.READY_TO_SIGN, user=user, contact=contact, note=note)
    # Rendering is slow: after commit, never while the lock is held. A PDF that failed to
    # render is made when it is first needed (signing.version_pdf_ensure is idempotent).
    from .signing import version_pdf_ensure_after_commit

    version_pdf_ensure_after_commit(version)
    notify_partner(
        locked,
        "ready_to_sign",
        danish("Aftalen er klar til underskrift: %(title)s", title=locked.title),
    )
    return event


@transaction.atomic
def agreement_mark_ready(*, agreement: Agreement, acting_user: User, note: str = ""):
    locked = lock(agreement)
    _require_change(acting_user, locked)
    if locked.status == Status.DRAFT:
        raise PartnershipError(
            _("Send aftalen til gennemsyn hos partneren, før den kan blive klar til underskrift.")
        )
    event = _ready_to_sign(locked, user=acting_user, note=note.strip())
    agreement.refresh_from_db()
    return event


@transaction.atomic
def agreement_reopen(*, agreement: Agreement, acting_user: User, note: str = ""):
    """Back to draft: staff take a draft back from the partner, or reopen it before signing."""
    locked = lock(agreement)
    _require_change(acting_user, locked)
    if locked.status == Status.READY_TO_SIGN and locked.signatures.exists():
        raise PartnershipError(
            _(
                "Aftalen er allerede underskrevet af den ene part og kan ikke åbnes igen. "
                "Vent på den anden underskrift, og lav derefter en ny version af aftalen."
            )
        )
    event = _change_status(locked, Status.DRAFT, user=acting_user, note=note.strip())
    notify_partner(
        locked,
        "reopened",
        danish("Biblioteket arbejder videre på aftalen: %(title)s", title=locked.title),
        note=note.strip(),
    )
    agreement.refresh_from_db()
    return event


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, acting_user: User, reason: str):
    locked = lock(agreement)
    _require_change(acting_user, locked)
    reason = (reason or "").strip()
    if not reason:
        raise PartnershipError(_("Skriv en begrundelse for opsigelsen."))
    if locked.status not in (Status.SIGNED, Status.ACTIVE):
        raise PartnershipError(
            _("Kun en underskrevet eller aktiv aftale kan opsiges. Denne har status '%(s)s'.")
            % {"s": _label(locked.status)}
        )
    event = _change_status(locked, Status.TERMINATED, user=acting_user, note=reason)
    notify_partner(
        locked,
        "terminated",
        danish("Aftalen er opsagt: %(title)s", title=locked.title),
        reason=reason,
    )
    notify_owner(
        locked,
        "terminated",
        danish("Aftalen er opsagt: %(title)s", title=locked.title),
        reason=reason,
    )
    agreement.refresh_from_db()
    return event


# --- Status changes by date (the daily command) ----------------------------------------------


def _starts_by(agreement: Agreement, today: datetime.date) -> bool:
    return agreement.start_date is None or agreement.start_date <= today


def activate_if_started(locked: Agreement, today: datetime.date | None = None):
    """signed -> active when the agreement has begun. Call with the row locked."""
    today = today or timezone.localdate()
    if locked.status == Status.SIGNED and _starts_by(locked, today):
        return _change_status(
            locked, Status.ACTIVE, note=danish("Aftalen gælder fra %(day)s.", day=_day(today))
        )
    return None


def _day(day: datetime.date | None) -> str:
    return f"{day.day}.{day.month}.{day.year}" if day else ""


def agreements_update_by_date(today: datetime.date | None = None) -> dict[str, list[Agreement]]:
    """signed -> active from the start date; active -> expired after the end date. One
    transaction per agreement, so one failure does not undo the others."""
    today = today or timezone.localdate()
    changed: dict[str, list[Agreement]] = {"activated": [], "expired": []}
    due_start = Agreement.objects.filter(status=Status.SIGNED).exclude(start_date__gt=today)
    for agreement in due_start.order_by("pk"):
        with transaction.atomic():
            locked = lock(agreement)
            if activate_if_started(locked, today):
                changed["activated"].append(locked)
    due_end = Agreement.objects.filter(status=Status.ACTIVE, end_date__lt=today)
    for agreement in due_end.order_by("pk"):
        with transaction.atomic():
            locked = lock(agreement)
            if locked.status != Status.ACTIVE or not locked.end_date or locked.end_date >= today:
                continue  # changed meanwhile
            _change_status(
                locked,
                Status.EXPIRED,
                note=danish("Aftalen udløb %(day)s.", day=_day(locked.end_date)),
            )
            notify_owner(
                locked, "expired", danish("Aftalen er udløbet: %(title)s", title=locked.title)
            )
            changed["expired"].append(locked)
    return changed


# --- Review invitations ------------------------------------------------------------------------


class ReviewLinkRefused(Exception):
    """Why a review link does not open: "invalid" (tampered, unknown), "expired", "revoked"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_from_token(token: str) -> ReviewInvitation:
    try:
        nonce = signing.TimestampSigner(salt=REVIEW_SALT).unsign(
            token, max_age=REVIEW_TOKEN_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise ReviewLinkRefused("expired") from error
    except signing.BadSignature as error:
        raise ReviewLinkRefused("invalid") from error
    invitation = (
        ReviewInvitation.objects.select_related(
            "agreement__partner", "agreement__owner", "agreement__branch", "contact__partner"
        )
        .filter(nonce=nonce)
        .first()
    )
    if invitation is None:
        raise ReviewLinkRefused("invalid")
    if invitation.revoked_at is not None:
        raise ReviewLinkRefused("revoked")
    if invitation.expires_at <= timezone.now():
        raise ReviewLinkRefused("expired")
    if invitation.contact.partner_id != invitation.agreement.partner_id:
        # The contact has moved to another organisation's record: the link is dead.
        raise ReviewLinkRefused("revoked")
    return invitation


@transaction.atomic
def review_invite(
    *,
    agreement: Agreement,
    contact: PartnerContact,
    acting_user: User,
    days: int = REVIEW_DAYS,
    note: str = "",
) -> ReviewInvitation:
    """Send a contact of the partner a personal link to read, comment, accept and (if they may
    sign) sign the agreement. A draft goes to review with the first invitation."""
    locked = lock(agreement)
    _require_change(acting_user, locked)
    if contact.partner_id != locked.partner_id:
        raise PartnershipError(_("Kontaktpersonen hører ikke til aftalens partner."))
    if not contact.email:
        raise PartnershipError(_("Kontaktpersonen har ingen e-mailadresse."))
    if locked.status not in (Status.DRAFT, Status.IN_REVIEW, Status.READY_TO_SIGN):
        raise PartnershipError(
            _("En aftale med status '%(s)s' kan ikke sendes til gennemsyn.")
            % {"s": _label(locked.status)}
        )
    if locked.latest_version() is None:
        raise PartnershipError(_("Aftalen har ingen tekst endnu. Gem den først."))
    if not 1 <= days <= 90:
        raise PartnershipError(_("Linket kan gælde fra 1 til 90 dage."))
    invitation = ReviewInvitation.objects.create(
        agreement=locked,
        contact=contact,
        nonce=secrets.token_urlsafe(32),
        expires_at=timezone.now() + datetime.timedelta(days=days),
        sent_by=acting_user,
    )
    note = (note or "").strip()
    if locked.status == Status.DRAFT:
        _change_status(
            locked,
            Status.IN_REVIEW,
            user=acting_user,
            note=danish("Sendt til %(name)s.", name=contact.name),
        )
    event_record(
        locked,
        "review_invited",
        user=acting_user,
        contact=contact,
        note=danish(
            "Link sendt til %(name)s (%(email)s), gælder til %(day)s.",
            name=contact.name,
            email=contact.email,
            day=_day(invitation.expires_at.date()),
        ),
    )
    signing_now = locked.status == Status.READY_TO_SIGN
    _send(
        "partner_invited",
        (
            danish("Aftale til underskrift: %(title)s")
            if signing_now
            else danish("Aftale til gennemsyn: %(title)s")
        )
        % {"title": locked.title},
        [contact.email],
        {
            "agreement": locked,
            "contact": contact,
            "url": review_url(invitation),
            "expires_at": invitation.expires_at,
            "sender": acting_user,
            "note": note,
            "signing_now": signing_now,
        },
    )
    agreement.refresh_from_db()
    return invitation


@transaction.atomic
def review_revoke(*, invitation: ReviewInvitation, acting_user: User) -> ReviewInvitation:
    locked = lock(invitation.agreement)
    _require_change(acting_user, locked)
    invitation = ReviewInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        event_record(
            locked,
            "review_revoked",
            user=acting_user,
            contact=invitation.contact,
            note=danish("Linket til %(name)s virker ikke længere.", name=invitation.contact.name),
        )
    return invitation


def review_resend(*, invitation: ReviewInvitation, acting_user: User) -> ReviewInvitation:
    """A fresh link to the same contact; the old one stops working."""
    with transaction.atomic():
        review_revoke(invitation=invitation, acting_user=acting_user)
        return review_invite(
            agreement=invitation.agreement, contact=invitation.contact, acting_user=acting_user
        )


def _require_open_review(invitation: ReviewInvitation) -> Agreement:
    locked = lock(invitation.agreement)
    if locked.status != Status.IN_REVIEW:
        raise PartnershipError(
            _("Aftalen er ikke til gennemsyn lige nu (status: %(s)s).")
            % {"s": _label(locked.status)}
        )
    return locked


@transaction.atomic
def review_comment(*, invitation: ReviewInvitation, section_key: str, text: str) -> SectionComment:
    """The partner's comment on one section of the version they read."""
    locked = _require_open_review(invitation)
    text = (text or "").strip()
    if not text:
        raise PartnershipError(_("Skriv en kommentar."))
    version = locked.latest_version()
    keys = {section.get("key") for section in version.content.get("sections", [])}
    if section_key not in keys:
        raise PartnershipError(_("Vælg et afsnit i aftalen."))
    comment = SectionComment.objects.create(
        agreement=locked,
        version=version,
        section_key=section_key,
        text=text,
        contact=invitation.contact,
    )
    event_record(locked, "comment", contact=invitation.contact, note=text[:500])
    notify_owner(
        locked,
        "comment",
        danish(
            "%(partner)s har kommenteret aftalen: %(title)s",
            partner=locked.partner.name,
            title=locked.title,
        ),
        comment=comment,
        contact=invitation.contact,
        section_title=_section_title(version, section_key),
    )
    return comment


def _section_title(version, key: str) -> str:
    for section in version.content.get("sections", []):
        if section.get("key") == key:
            return section.get("title", key)
    return key


@transaction.atomic
def comment_reply(
    *, agreement: Agreement, section_key: str, text: str, acting_user: User
) -> SectionComment:
    """Staff answer in the same section; the partner sees the reply through their link."""
    locked = lock(agreement)
    _require_change(acting_user, locked)
    text = (text or "").strip()
    if not text:
        raise PartnershipError(_("Skriv et svar."))
    version = locked.latest_version()
    if version is None:
        raise PartnershipError(_("Aftalen har ingen tekst endnu."))
    comment = SectionComment.objects.create(
        agreement=locked,
        version=version,
        section_key=section_key,
        text=text,
        author=acting_user,
    )
    event_record(locked, "comment_reply", user=acting_user, note=text[:500])
    return comment


@transaction.atomic
def comment_resolve(*, comment: SectionComment, acting_user: User) -> SectionComment:
    locked = lock(comment.agreement)
    _require_change(acting_user, locked)
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.resolved_by = acting_user
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def review_request_changes(*, invitation: ReviewInvitation, note: str) -> AgreementEvent:
    """The partner sends the draft back to the library with what should change."""
    locked = _require_open_review(invitation)
    note = (note or "").strip()
    if not note:
        raise PartnershipError(_("Skriv, hvad I gerne vil have ændret."))
    event = _change_status(locked, Status.DRAFT, contact=invitation.contact, note=note)
    notify_owner(
        locked,
        "changes",
        danish(
            "%(partner)s ønsker ændringer i aftalen: %(title)s",
            partner=locked.partner.name,
            title=locked.title,
        ),
        contact=invitation.contact,
        note=note,
    )
    return event


@transaction.atomic
def review_accept(*, invitation: ReviewInvitation, note: str = "") -> AgreementEvent:
    """ "Godkend til underskrift": the partner accepts the text as it stands."""
    locked = _require_open_review(invitation)
    event = _ready_to_sign(locked, contact=invitation.contact, note=(note or "").strip())
    ReviewInvitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    notify_owner(
        locked,
        "accepted",
        danish(
            "%(partner)s har godkendt aftalen til underskrift: %(title)s",
            partner=locked.partner.name,
            title=locked.title,
        ),
        contact=invitation.contact,
    )
    return event


def review_opened(invitation: ReviewInvitation):
    ReviewInvitation.objects.filter(pk=invitation.pk).update(last_opened_at=timezone.now())


# --- Amend and renew ---------------------------------------------------------------------------


@transaction.atomic
def _copy_as_new_draft(
    original: Agreement, *, acting_user: User, renewal: bool, note: str
) -> Agreement:
    # Lock the original: two clicks on "Forny" must not make two renewals.
    original = lock(original)
    _require_change(acting_user, original)
    if original.status not in (Status.SIGNED, Status.ACTIVE, Status.EXPIRED):
        raise PartnershipError(
            _("Kun en underskrevet, aktiv eller udløbet aftale kan fornyes eller ændres.")
        )
    if original.renewals.exclude(status__in=[Status.TERMINATED, Status.EXPIRED]).exists():
        raise PartnershipError(
            _("Der er allerede en ny version af aftalen under arbejde. Arbejd videre på den.")
        )
    changes = {}
    if renewal and original.end_date:
        start = original.end_date + datetime.timedelta(days=1)
        changes["start_date"] = start
        if original.start_date:
            changes["end_date"] = start + (original.end_date - original.start_date)
        else:
            changes["end_date"] = None
        if original.evaluation_date and original.start_date:
            changes["evaluation_date"] = start + (original.evaluation_date - original.start_date)
    # The original is never touched: the copy is a new agreement with its own number.
    new = _copy_agreement(original, acting_user=acting_user, changes=changes, note=note)
    event_record(
        original,
        "renewed" if renewal else "amended",
        user=acting_user,
        note=danish("Ny aftale %(number)s er lavet ud fra denne.", number=new.number),
    )
    return new


def _copy_agreement(original: Agreement, *, acting_user: User, changes: dict, note: str):
    from .drafting import agreement_insert_numbered, version_create

    fields = {
        "title": original.title,
        "partner": original.partner,
        "template_version": original.template_version,
        "kind": original.kind,
        "binding": original.binding,
        "branch": original.branch,
        "owner": original.owner or acting_user,
        "partner_signatory": original.partner_signatory,
        "start_date": changes.get("start_date", original.start_date),
        "end_date": changes.get("end_date", original.end_date),
        "notice_months": original.notice_months,
        "evaluation_date": changes.get("evaluation_date", original.evaluation_date),
        "formalisation_answers": original.formalisation_answers,
        "renewed_from": original,
        "created_by": acting_user,
    }
    new = agreement_insert_numbered(**fields)
    # Copies of the rows (one insert each kind); appendix copies share the stored file.
    for related in (original.sections, original.responsibilities, original.appendices):
        copies = list(related.all())
        for row in copies:
            row.pk = None
            row.agreement = new
        related.model.objects.bulk_create(copies)
    new.focus_areas.set(original.focus_areas.all())
    new.activities.set(original.activities.all())
    new.initiatives.set(original.initiatives.all())
    event_record(new, "created", user=acting_user, note=note, to_status=Status.DRAFT)
    version_create(agreement=new, acting_user=acting_user, note=note)
    return new


def agreement_renew(*, agreement: Agreement, acting_user: User) -> Agreement:
    """ "Forny": the same agreement for a new period, as a new draft to be signed again."""
    return _copy_as_new_draft(
        agreement,
        acting_user=acting_user,
        renewal=True,
        note=danish("Fornyelse af %(number)s", number=agreement.number),
    )


def agreement_amend(*, agreement: Agreement, acting_user: User) -> Agreement:
    """ "Lav ny version": the same period with changed content, as a new draft to be signed."""
    return _copy_as_new_draft(
        agreement,
        acting_user=acting_user,
        renewal=False,
        note=danish("Ændring af %(number)s", number=agreement.number),
    )


def replace_previous(locked: Agreement):
    """When a renewal or amendment is signed, the agreement it replaces ends. Call with the new
    agreement's row locked, inside the signing transaction."""
    previous = locked.renewed_from
    if previous is None:
        return None
    previous = lock(previous)
    if previous.status not in (Status.SIGNED, Status.ACTIVE):
        return None
    note = danish("Erstattet af %(number)s %(title)s", number=locked.number, title=locked.title)
    return _change_status(previous, Status.TERMINATED, note=note)
