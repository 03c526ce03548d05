"""Run daily: remind staff of børneattester coming up for renewal and of talks to hold."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from volunteers.services.certificates import (
    REMIND_DAYS_BEFORE,
    certificate_reminders_send,
    certificates_lapsed,
)
from volunteers.services.talks import talk_reminders_send


class Command(BaseCommand):
    help = (
        f"Email the contact persons, tovholder and koordinator once, {REMIND_DAYS_BEFORE} days "
        "before a volunteer's børneattest must be renewed; list lapsed børneattester; remind "
        "staff of follow-up and exit talks due within a week. Safe to run more than once a day."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        certificates = certificate_reminders_send(today=today)
        self.stdout.write(f"Sent {len(certificates)} børneattest renewal reminder(s).")
        lapsed = list(certificates_lapsed(today=today).select_related("volunteer__user"))
        if lapsed:
            self.stdout.write(self.style.WARNING(f"{len(lapsed)} børneattest(er) have lapsed:"))
            for certificate in lapsed:
                self.stdout.write(
                    f"  {certificate.volunteer.user} (volunteer {certificate.volunteer_id}): "
                    f"renewal was due {certificate.renewal_due:%Y-%m-%d}"
                )
        talks = talk_reminders_send(today=today)
        self.stdout.write(f"Sent {len(talks)} talk reminder(s).")
