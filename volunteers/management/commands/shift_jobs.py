"""Run every 10 minutes (cron or a systemd timer): offers not answered in time pass to the next
on the waitlist, and confirmed volunteers get their reminder SAMMEN_SHIFT_REMINDER_HOURS before
the shift (once per shift: Shift.reminder_sent_at). Safe to run twice at once: offers are
expired under the shift lock, and a reminder is claimed by a conditional update."""

from django.conf import settings
from django.core.management.base import BaseCommand

from volunteers.services.shifts import expire_offers, send_reminders


class Command(BaseCommand):
    help = (
        "Pass expired waitlist offers on to the next volunteer, and send shift reminders "
        f"{settings.SAMMEN_SHIFT_REMINDER_HOURS} hours before each shift. Run every 10 minutes."
    )

    def handle(self, *args, **options):
        expired = expire_offers()
        reminded = send_reminders()
        self.stdout.write(
            self.style.SUCCESS(f"{expired} offers expired; {reminded} reminders sent.")
        )
