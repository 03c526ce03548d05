"""Run daily: anonymise contact data that is past its retention period (see README)."""

from initiatives.services import apply_retention, retention_queryset
from portal.retention import RetentionCommand


class Command(RetentionCommand):
    help = (
        "Anonymise the contact data of initiatives declined, referred, withdrawn or merged "
        "more than SAMMEN_INITIATIVE_RETENTION_MONTHS months ago, and of citizens who asked "
        "for deletion. The initiatives themselves stay, without personal data, for statistics."
    )
    setting = "SAMMEN_INITIATIVE_RETENTION_MONTHS"
    rows = "initiatives"
    done = "Anonymised {count} {rows}."

    def due(self, *, months):
        return retention_queryset(months=months)

    def apply(self, *, months):
        return apply_retention(months=months)
