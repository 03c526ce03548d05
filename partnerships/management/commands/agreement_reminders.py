"""Run daily: reminders about agreements, and the status changes the calendar brings."""

from django.core.management.base import BaseCommand

from partnerships.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Send agreement reminders (expiry SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS days ahead, "
        "evaluation date reached, drafts waiting on the partner for "
        "SAMMEN_AGREEMENT_REVIEW_REMINDER_DAYS days), make signed agreements active from their "
        "start date and active agreements expired after their end date. Idempotent: each "
        "reminder is sent once however often the command runs."
    )

    def handle(self, *args, **options):
        run = reminders_send()
        for kind, numbers in sorted(run.sent.items()):
            self.stdout.write(f"{kind}: {', '.join(numbers)}")
        if run.activated:
            self.stdout.write(f"active: {', '.join(run.activated)}")
        if run.expired:
            self.stdout.write(f"expired: {', '.join(run.expired)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {run.count} reminders; {len(run.activated)} agreements became active, "
                f"{len(run.expired)} expired."
            )
        )
