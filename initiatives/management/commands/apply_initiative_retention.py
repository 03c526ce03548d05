"""Run daily: anonymise contact data that is past its retention period (see README)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from initiatives.services import apply_retention, retention_queryset


class Command(BaseCommand):
    help = (
        "Anonymise the contact data of initiatives declined, referred, withdrawn or merged "
        "more than SAMMEN_INITIATIVE_RETENTION_MONTHS months ago, and of citizens who asked "
        "for deletion. The initiatives themselves stay, without personal data, for statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Override the retention period "
            f"(default {settings.SAMMEN_INITIATIVE_RETENTION_MONTHS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be anonymised."
        )

    def handle(self, *args, **options):
        months = options["months"]
        if options["dry_run"]:
            count = retention_queryset(months=months).count()
            self.stdout.write(f"{count} initiatives are past retention (nothing changed).")
            return
        count = apply_retention(months=months)
        self.stdout.write(self.style.SUCCESS(f"Anonymised {count} initiatives."))
