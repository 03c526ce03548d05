"""Run daily: erase personal data in partner enquiries past their retention period (README)."""

from partnerships.services.partners import enquiries_apply_retention, enquiries_retention_queryset
from portal.retention import RetentionCommand


class Command(RetentionCommand):
    help = (
        'Erase the sender\'s personal data in "Bliv samarbejdspartner" enquiries answered more '
        "than SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS months ago, or never answered and that "
        "old. Organisation, kind, status and dates stay for statistics. Idempotent."
    )
    setting = "SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS"
    rows = "partner enquiries"
    done = "Erased the personal data in {count} {rows}."

    def due(self, *, months):
        return enquiries_retention_queryset(months=months)

    def apply(self, *, months):
        return enquiries_apply_retention(months=months)
