"""Shared parts of the retention rules (ARCHITECTURE.md: "Personal data has a documented
retention period and a command that applies it"): the cutoff date, and the base class of the
daily commands (``apply_initiative_retention``, ``apply_partner_retention``)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

DAYS_PER_MONTH = 30.44


def retention_cutoff(months: int, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """What last changed before this moment is more than ``months`` months old."""
    return (now or timezone.now()) - datetime.timedelta(days=round(months * DAYS_PER_MONTH))


class RetentionCommand(BaseCommand):
    """``--months`` overrides the period setting; ``--dry-run`` only counts. Subclasses name
    the setting and the rows, and implement ``due`` (a queryset) and ``apply`` (a count)."""

    setting: str  # the name of the months setting, e.g. "SAMMEN_INITIATIVE_RETENTION_MONTHS"
    rows: str  # what the rows are called in the output, e.g. "initiatives"
    done: str  # the output after a run, with {count} and {rows}

    def due(self, *, months: int | None):
        raise NotImplementedError

    def apply(self, *, months: int | None) -> int:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=f"Override the retention period (default {getattr(settings, self.setting)}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what is past retention."
        )

    def handle(self, *args, **options):
        months = options["months"]
        if options["dry_run"]:
            count = self.due(months=months).count()
            self.stdout.write(f"{count} {self.rows} are past retention (nothing changed).")
            return
        count = self.apply(months=months)
        self.stdout.write(self.style.SUCCESS(self.done.format(count=count, rows=self.rows)))
