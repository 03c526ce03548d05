"""Daily reminders about agreements, and the status changes that follow the calendar.

Run once a day (``manage.py agreement_reminders``). Idempotent: each reminder is an
``AgreementReminder`` row with a unique (agreement, kind, key), created in the same
transaction as the email is queued, so a second run the same day (or a run after a crash)
sends nothing twice. The key names what the reminder is about (the end date, the evaluation
date, the invitation), so a changed date gets its own reminder.

- expiry: ``SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS`` days before the end date, to the owner;
- evaluation: on (or after, if missed) the evaluation date, to the owner;
- review waiting: a draft has been with the partner for ``SAMMEN_AGREEMENT_REVIEW_REMINDER_DAYS``
  days: the partner contact gets their link again and the owner is told;
- status: signed agreements whose start date has come become active, active agreements whose
  end date has passed become expired (``workflow.agreements_update_by_date``).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..models import Agreement, AgreementReminder, AgreementStatus, ReminderKind
from .workflow import (
    _send,
    agreements_update_by_date,
    danish,
    event_record,
    notify_owner,
    open_invitations,
    review_url,
)


@dataclass
class ReminderRun:
    sent: dict[str, list[str]] = field(default_factory=dict)
    activated: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)

    def add(self, kind: str, agreement: Agreement):
        self.sent.setdefault(kind, []).append(agreement.number)

    @property
    def count(self) -> int:
        return sum(len(numbers) for numbers in self.sent.values())


def _once(agreement: Agreement, kind: str, key: str, send) -> bool:
    """Record the reminder and queue its email together; False if it was sent before."""
    try:
        with transaction.atomic():
            AgreementReminder.objects.create(agreement=agreement, kind=kind, key=key)
            send()
    except IntegrityError:
        # The unique (agreement, kind, key) row exists: already reminded. The savepoint is
        # rolled back, and with it nothing was queued (mail goes out after commit).
        return False
    return True


def _expiry(today: datetime.date, run: ReminderRun):
    days = settings.SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS
    due = Agreement.objects.filter(
        status__in=[AgreementStatus.SIGNED, AgreementStatus.ACTIVE],
        end_date__isnull=False,
        end_date__gte=today,
        end_date__lte=today + datetime.timedelta(days=days),
    ).select_related("owner", "created_by", "partner")
    for agreement in due.order_by("end_date", "pk"):
        left = (agreement.end_date - today).days

        def send(agreement=agreement, left=left):
            notify_owner(
                agreement,
                "expiry",
                danish(
                    "Aftalen udløber om %(days)s dage: %(title)s", days=left, title=agreement.title
                ),
                days_left=left,
            )
            event_record(agreement, "reminder_expiry", note=danish("Påmindelse om udløb sendt."))

        if _once(agreement, ReminderKind.EXPIRY, agreement.end_date.isoformat(), send):
            run.add(ReminderKind.EXPIRY, agreement)


def _evaluation(today: datetime.date, run: ReminderRun):
    due = Agreement.objects.filter(
        status__in=[AgreementStatus.SIGNED, AgreementStatus.ACTIVE],
        evaluation_date__isnull=False,
        evaluation_date__lte=today,
    ).select_related("owner", "created_by", "partner")
    for agreement in due.order_by("evaluation_date", "pk"):

        def send(agreement=agreement):
            notify_owner(
                agreement,
                "evaluation",
                danish("Tid til at evaluere aftalen: %(title)s", title=agreement.title),
            )
            event_record(
                agreement, "reminder_evaluation", note=danish("Påmindelse om evaluering sendt.")
            )

        key = agreement.evaluation_date.isoformat()
        if _once(agreement, ReminderKind.EVALUATION, key, send):
            run.add(ReminderKind.EVALUATION, agreement)


def _review_waiting(now: datetime.datetime, run: ReminderRun):
    days = settings.SAMMEN_AGREEMENT_REVIEW_REMINDER_DAYS
    cutoff = now - datetime.timedelta(days=days)
    waiting = Agreement.objects.filter(status=AgreementStatus.IN_REVIEW).select_related(
        "owner", "created_by", "partner"
    )
    for agreement in waiting.order_by("pk"):
        # The newest open invitation that has waited long enough; a new invitation restarts
        # the clock (it is a new key).
        invitation = (
            open_invitations(agreement)
            .filter(created_at__lte=cutoff, accepted_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if invitation is None:
            continue

        def send(agreement=agreement, invitation=invitation):
            waited = (now - invitation.created_at).days
            _send(
                "partner_review_reminder",
                danish("Påmindelse: aftale til gennemsyn: %(title)s", title=agreement.title),
                [invitation.contact.email],
                {
                    "agreement": agreement,
                    "contact": invitation.contact,
                    "url": review_url(invitation),
                    "expires_at": invitation.expires_at,
                },
            )
            notify_owner(
                agreement,
                "review_waiting",
                danish(
                    "Aftalen venter stadig hos %(partner)s: %(title)s",
                    partner=agreement.partner.name,
                    title=agreement.title,
                ),
                contact=invitation.contact,
                days=waited,
            )
            event_record(
                agreement,
                "reminder_review",
                contact=invitation.contact,
                note=danish("Påmindelse sendt til %(name)s.", name=invitation.contact.name),
            )

        if _once(agreement, ReminderKind.REVIEW_WAITING, f"invitation-{invitation.pk}", send):
            run.add(ReminderKind.REVIEW_WAITING, agreement)


def reminders_send(today: datetime.date | None = None) -> ReminderRun:
    now = timezone.now()
    today = today or timezone.localdate(now)
    run = ReminderRun()
    changed = agreements_update_by_date(today)
    run.activated = [agreement.number for agreement in changed["activated"]]
    run.expired = [agreement.number for agreement in changed["expired"]]
    _expiry(today, run)
    _evaluation(today, run)
    _review_waiting(now, run)
    return run


def agreements_needing_attention(today: datetime.date | None = None) -> dict[str, int]:
    """What the staff dashboard shows, in one query: agreements waiting for signatures, drafts
    with the partner, and agreements ending within the expiry reminder's horizon."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS)
    return Agreement.objects.aggregate(
        ready_to_sign=Count("pk", filter=Q(status=AgreementStatus.READY_TO_SIGN)),
        in_review=Count("pk", filter=Q(status=AgreementStatus.IN_REVIEW)),
        expiring=Count(
            "pk",
            filter=Q(
                status__in=[AgreementStatus.SIGNED, AgreementStatus.ACTIVE],
                end_date__gte=today,
                end_date__lte=horizon,
            ),
        ),
    ) | {"expiring_days": settings.SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS}
