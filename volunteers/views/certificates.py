"""Børneattest in the back office: one page per volunteer and a list of those due for renewal,
lapsed or missing. Only status and dates are kept, never the attest's content or a CPR number."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import staff_required

from ..access import access_volunteer, manages_volunteer
from ..forms_agreements import CertificateStatusForm
from ..models import Application, ApplicationStatus, CertificateStatus, ChildCertificate
from ..services import VolunteerError
from ..services.certificates import (
    REMIND_DAYS_BEFORE,
    certificate_set_status,
    certificates_due,
    volunteers_needing_certificate,
)


@staff_required
@require_GET
def certificate_list(request):
    today = timezone.localdate()
    # Queries: certificates due or lapsed (volunteer joined); volunteers in a role with children
    # whose certificate is not in order (certificate joined).
    due = list(
        certificates_due(today=today)
        .select_related("volunteer__user")
        .order_by("renewal_due", "pk")
    )
    missing = list(
        volunteers_needing_certificate()
        .select_related("user", "child_certificate")
        .order_by("user__name", "pk")
    )
    return render(
        request,
        "volunteers/agreements/certificate_list.html",
        {"due": due, "missing": missing, "today": today, "days": REMIND_DAYS_BEFORE},
    )


def _certificate_page(request, volunteer, form=None):
    certificate = (
        ChildCertificate.objects.filter(volunteer=volunteer).select_related("updated_by").first()
    )
    if form is None:
        form = CertificateStatusForm(
            initial={
                "status": certificate.status if certificate else CertificateStatus.NOT_REQUESTED,
                "checked_on": certificate.checked_on if certificate else None,
            }
        )
    child_roles = [
        application.role
        for application in Application.objects.filter(
            volunteer=volunteer, status=ApplicationStatus.APPROVED, role__involves_children=True
        ).select_related("role")
    ]
    return render(
        request,
        "volunteers/agreements/certificate_detail.html",
        {
            "volunteer": volunteer,
            "certificate": certificate,
            "valid_today": bool(certificate and certificate.is_valid_on(timezone.localdate())),
            "child_roles": child_roles,
            "form": form if manages_volunteer(request.user, volunteer) else None,
            "years": settings.SAMMEN_CHILD_CERTIFICATE_YEARS,
        },
    )


@staff_required
@require_GET
def certificate_detail(request, volunteer_pk):
    return _certificate_page(request, access_volunteer(request.user, volunteer_pk))


@staff_required
@require_POST
def certificate_update(request, volunteer_pk):
    volunteer = access_volunteer(request.user, volunteer_pk, write=True)
    form = CertificateStatusForm(request.POST)
    if form.is_valid():
        try:
            certificate_set_status(
                volunteer=volunteer,
                status=form.cleaned_data["status"],
                checked_on=form.cleaned_data["checked_on"],
                acting_user=request.user,
            )
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Status for børneattesten er gemt."))
            return redirect("volunteers:certificate_detail", volunteer_pk=volunteer.pk)
    return _certificate_page(request, volunteer, form=form)


patterns = [
    path("personale/frivillige/boerneattester/", certificate_list, name="certificate_list"),
    path(
        "personale/frivillige/boerneattester/<int:volunteer_pk>/",
        certificate_detail,
        name="certificate_detail",
    ),
    path(
        "personale/frivillige/boerneattester/<int:volunteer_pk>/status/",
        certificate_update,
        name="certificate_update",
    ),
]
