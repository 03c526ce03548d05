"""Follow-up talks (opfølgningssamtaler) and exit talks: scheduled, then recorded as held with
short notes. The first follow-up talk is scheduled when an agreement is accepted by both parties
(services.agreements); staff schedule the rest."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from organisation.models import Library

from ..models import Talk, TalkKind, Volunteer
from . import VolunteerError

DUE_WITHIN_DAYS = 14
REMIND_DAYS_BEFORE = 7


def talk_schedule(
    *,
    volunteer: Volunteer,
    kind: str,
    scheduled_for: datetime.date,
    staff: User | None,
    acting_user: User,
) -> Talk:
    if kind not in TalkKind.values:
        raise VolunteerError("Vælg, om det er en opfølgningssamtale eller en exitsamtale.")
    if scheduled_for < timezone.localdate():
        raise VolunteerError(
            "En samtale kan ikke planlægges i fortiden. Registrér den som holdt i stedet."
        )
    talk = Talk.objects.create(
        volunteer=volunteer, kind=kind, scheduled_for=scheduled_for, staff=staff
    )
    audit_record(
        actor=acting_user,
        action="volunteer_talk_scheduled",
        target=volunteer,
        changes={"talk": talk.pk, "kind": kind, "scheduled_for": str(scheduled_for)},
    )
    return talk


@transaction.atomic
def talk_record(*, talk: Talk, held_on: datetime.date, notes: str, acting_user: User) -> Talk:
    """Mark a talk as held, with short notes (notes may be corrected afterwards)."""
    talk = Talk.objects.select_for_update().get(pk=talk.pk)
    if held_on > timezone.localdate():
        raise VolunteerError("En samtale kan ikke være holdt i fremtiden.")
    talk.held_on = held_on
    talk.notes = notes.strip()
    if talk.staff_id is None:
        talk.staff = acting_user
    talk.save(update_fields=["held_on", "notes", "staff"])
    audit_record(
        actor=acting_user,
        action="volunteer_talk_held",
        target=talk.volunteer,
        changes={"talk": talk.pk, "held_on": str(held_on)},
    )
    return talk


@transaction.atomic
def talk_reschedule(
    *, talk: Talk, scheduled_for: datetime.date, staff: User | None, acting_user: User
) -> Talk:
    talk = Talk.objects.select_for_update().get(pk=talk.pk)
    if talk.held_on:
        raise VolunteerError("Samtalen er holdt og kan ikke flyttes.")
    if scheduled_for < timezone.localdate():
        raise VolunteerError("En samtale kan ikke flyttes til fortiden.")
    old = talk.scheduled_for
    talk.scheduled_for = scheduled_for
    talk.staff = staff
    talk.reminded_at = None  # a new date earns a new reminder
    talk.save(update_fields=["scheduled_for", "staff", "reminded_at"])
    audit_record(
        actor=acting_user,
        action="volunteer_talk_rescheduled",
        target=talk.volunteer,
        changes={"talk": talk.pk, "scheduled_for": [str(old), str(scheduled_for)]},
    )
    return talk


def talks_due(*, today: datetime.date | None = None, days: int = DUE_WITHIN_DAYS) -> QuerySet:
    """Talks not held yet that are overdue or due within ``days`` days."""
    today = today or timezone.localdate()
    return Talk.objects.filter(
        held_on__isnull=True,
        scheduled_for__lte=today + datetime.timedelta(days=days),
        volunteer__ended_at__isnull=True,
    )


def _talk_recipients(talk: Talk) -> list[str]:
    people = [talk.staff, talk.volunteer.mentor]
    if not any(people):
        people = [
            application.role.contact_person
            for application in talk.volunteer.applications.filter(status="approved").select_related(
                "role__contact_person"
            )
        ]
    return sorted({person.email for person in people if person and person.email})


def talk_reminders_send(*, today: datetime.date | None = None) -> list[Talk]:
    """Remind staff once of each talk due within REMIND_DAYS_BEFORE days (or overdue and never
    reminded). Safe to run again: a talk that was reminded is skipped."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    due_ids = list(
        talks_due(today=today, days=REMIND_DAYS_BEFORE)
        .filter(reminded_at__isnull=True)
        .values_list("pk", flat=True)
    )
    reminded = []
    library = Library.load()
    for pk in due_ids:
        with transaction.atomic():
            # Lock and re-check, so two runs at the same time remind only once.
            talk = (
                Talk.objects.select_for_update(of=("self",))
                .select_related("volunteer__user", "volunteer__mentor", "staff")
                .filter(pk=pk, reminded_at__isnull=True, held_on__isnull=True)
                .first()
            )
            if talk is None or talk.scheduled_for > horizon:
                continue
            recipients = _talk_recipients(talk)
            if recipients:
                send_mail(
                    f"Samtale med {talk.volunteer.user} senest {talk.scheduled_for:%d.%m.%Y}",
                    render_to_string(
                        "volunteers/agreements/email/talk_reminder.txt",
                        {
                            "talk": talk,
                            "library": library,
                            "url": settings.SITE_URL
                            + reverse("volunteers:volunteer_talks", args=[talk.volunteer_id]),
                        },
                    ),
                    None,
                    recipients,
                )
            talk.reminded_at = timezone.now()
            talk.save(update_fields=["reminded_at"])
            reminded.append(talk)
    return reminded
