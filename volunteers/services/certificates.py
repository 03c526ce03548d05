"""Børneattest: only its status and dates are kept, never its content or a CPR number."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record

from ..models import CertificateStatus, ChildCertificate, Volunteer
from . import VolunteerError


def certificate_allows(volunteer: Volunteer, day: datetime.date) -> bool:
    """May this volunteer work with children on this day?"""
    certificate = ChildCertificate.objects.filter(volunteer=volunteer).first()
    return bool(certificate and certificate.is_valid_on(day))


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def certificate_set_status(
    *, volunteer: Volunteer, status: str, acting_user: User, checked_on=None
) -> ChildCertificate:
    if status not in CertificateStatus.values:
        raise VolunteerError("Ukendt status for børneattesten.")
    certificate, _created = ChildCertificate.objects.select_for_update().get_or_create(
        volunteer=volunteer
    )
    today = timezone.localdate()
    certificate.status = status
    if status == CertificateStatus.CONSENT_REQUESTED:
        certificate.consent_requested_on = today
    if status == CertificateStatus.IN_ORDER:
        checked_on = checked_on or today
        if checked_on > today:
            raise VolunteerError("Datoen for, hvornår attesten blev fundet i orden, kan ikke ligge i fremtiden.")
        certificate.checked_on = checked_on
        certificate.renewal_due = _add_years(checked_on, settings.SAMMEN_CHILD_CERTIFICATE_YEARS)
        certificate.reminded_at = None
    if status == CertificateStatus.NOT_IN_ORDER:
        certificate.checked_on = checked_on or today
        certificate.renewal_due = None
    certificate.updated_by = acting_user
    certificate.save()
    audit_record(
        actor=acting_user,
        action="child_certificate_status",
        target=volunteer,
        changes={"status": status, "checked_on": str(certificate.checked_on or "")},
    )
    return certificate
