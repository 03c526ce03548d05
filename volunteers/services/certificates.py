"""Børneattest: only its status and dates are kept, never its content or a CPR number."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record

from ..models import Application, ApplicationStatus, CertificateStatus, ChildCertificate, Volunteer
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
            raise VolunteerError(
                "Datoen for, hvornår attesten blev fundet i orden, kan ikke ligge i fremtiden."
            )
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


# --- Renewal ---------------------------------------------------------------------------------

REMIND_DAYS_BEFORE = 30


def certificates_due(*, today: datetime.date | None = None, days: int = REMIND_DAYS_BEFORE):
    """Certificates in order that must be renewed within ``days`` days, or already lapsed, for
    volunteers who have not stopped."""
    today = today or timezone.localdate()
    return ChildCertificate.objects.filter(
        status=CertificateStatus.IN_ORDER,
        renewal_due__lte=today + datetime.timedelta(days=days),
        volunteer__ended_at__isnull=True,
    )


def certificates_lapsed(*, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return certificates_due(today=today).filter(renewal_due__lt=today)


def volunteers_needing_certificate():
    """Active volunteers approved for a role with children whose certificate is not in order
    (none kept yet, consent asked for, or not in order)."""
    return (
        Volunteer.objects.filter(
            ended_at__isnull=True,
            applications__status=ApplicationStatus.APPROVED,
            applications__role__involves_children=True,
        )
        .exclude(child_certificate__status=CertificateStatus.IN_ORDER)
        .distinct()
    )


def certificate_recipients(volunteer: Volunteer) -> list[str]:
    """Who is told about a certificate coming up for renewal: the contact person, tovholder and
    koordinator of each role with children the volunteer is approved for, and their mentor."""
    people = [volunteer.mentor]
    applications = Application.objects.filter(
        volunteer=volunteer, status=ApplicationStatus.APPROVED, role__involves_children=True
    ).select_related("role__contact_person", "role__branch__tovholder", "role__team__koordinator")
    for application in applications:
        role = application.role
        people += [
            role.contact_person,
            role.branch.tovholder,
            role.team.koordinator if role.team else None,
        ]
    return sorted(
        {person.email for person in people if person and person.email and person.is_active}
    )


def certificate_reminders_send(*, today: datetime.date | None = None) -> list[ChildCertificate]:
    """Email staff once per certificate, REMIND_DAYS_BEFORE days before its renewal is due (or at
    once if it is due sooner or has lapsed). ``reminded_at`` makes it once: a renewed certificate
    (set in order again) clears it."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from organisation.models import Library

    today = today or timezone.localdate()
    library = Library.load()
    reminded = []
    due_ids = list(
        certificates_due(today=today).filter(reminded_at__isnull=True).values_list("pk", flat=True)
    )
    for pk in due_ids:
        with transaction.atomic():
            # Lock and re-check: two runs at the same time must not both send the reminder.
            certificate = (
                ChildCertificate.objects.select_for_update(of=("self",))
                .select_related("volunteer__user", "volunteer__mentor")
                .filter(pk=pk, reminded_at__isnull=True, status=CertificateStatus.IN_ORDER)
                .first()
            )
            if certificate is None:
                continue
            recipients = certificate_recipients(certificate.volunteer)
            if not recipients:
                continue  # no longer in a role with children: nobody needs telling
            lapsed = certificate.renewal_due < today
            send_mail(
                (
                    f"Børneattesten for {certificate.volunteer.user} er udløbet"
                    if lapsed
                    else f"Børneattesten for {certificate.volunteer.user} skal fornyes senest "
                    f"{certificate.renewal_due:%d.%m.%Y}"
                ),
                render_to_string(
                    "volunteers/agreements/email/certificate_reminder.txt",
                    {
                        "certificate": certificate,
                        "lapsed": lapsed,
                        "library": library,
                        "url": settings.SITE_URL
                        + reverse("volunteers:certificate_detail", args=[certificate.volunteer_id]),
                    },
                ),
                None,
                recipients,
            )
            certificate.reminded_at = timezone.now()
            certificate.save(update_fields=["reminded_at"])
            reminded.append(certificate)
    return reminded
