"""The volunteer's own page (see volunteers/urls.py): applications, agreements, shifts and
offers, hours, contact person, onboarding, and "Mine data" (download, or stop and erase)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms_me import EraseForm, HoursReportForm
from ..models import (
    ACTIVE_APPLICATION,
    Agreement,
    Application,
    ApplicationStatus,
    ChildCertificate,
    HoursEntry,
    Signup,
    SignupStatus,
    Volunteer,
)
from ..services import VolunteerError
from ..services.hours import hours_report, my_hours_summary
from ..services.personal_data import volunteer_erase, volunteer_export

RECENT_HOURS = 10
HOURS_PAGE_SIZE = 25


def optional_url(name: str, *args) -> str | None:
    """A page another part of the app provides, or None while it does not exist yet (the link
    is then left out rather than broken)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _my_volunteer(user) -> Volunteer | None:
    return Volunteer.objects.select_related("mentor").filter(user=user).first()


def no_profile(request):
    """For someone signed in who has not applied yet: what volunteering is and where to apply.
    Every volunteer page shows it (rather than a 404) to a person without a volunteer profile."""
    return render(
        request,
        "volunteers/me/no_profile.html",
        {"roles_url": optional_url("volunteers:roles") or "/frivillig/"},
    )


def _contact_people(volunteer: Volunteer, applications) -> list:
    """The mentor if there is one; otherwise the contact person of each approved role."""
    if volunteer.mentor:
        return [volunteer.mentor]
    people = []
    for application in applications:
        if application.status == ApplicationStatus.APPROVED:
            person = application.role.contact_person
            if person not in people:
                people.append(person)
    return people


@login_required
def me(request):
    volunteer = _my_volunteer(request.user)
    if volunteer is None:
        return no_profile(request)
    now = timezone.now()
    # Queries, whatever the amounts: volunteer, applications (+ role, branch, contact person and
    # onboarding counts), agreements, sign-ups, recent hours, hours summary, børneattest.
    applications = list(
        Application.objects.filter(volunteer=volunteer)
        .select_related("role__branch", "role__contact_person")
        .annotate(
            onboarding_total=Count("role__onboarding", distinct=True),
            onboarding_done=Count("onboarding", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    agreements = list(
        Agreement.objects.filter(application__volunteer=volunteer)
        .select_related("application__role")
        .order_by("application__role__title", "application_id", "-version")
    )
    current_agreements = [a for a in agreements if a.superseded_at is None]
    earlier_agreements = [a for a in agreements if a.superseded_at is not None]
    signups = list(
        Signup.objects.filter(
            volunteer=volunteer,
            status__in=[SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.OFFERED],
            shift__ends_at__gt=now,
            shift__cancelled_at__isnull=True,
        )
        .select_related("shift__role__branch")
        .order_by("shift__starts_at", "pk")
    )
    offers = [s for s in signups if s.status == SignupStatus.OFFERED]
    upcoming = [s for s in signups if s.status != SignupStatus.OFFERED]
    recent_hours = list(
        HoursEntry.objects.filter(volunteer=volunteer)
        .select_related("role")
        .order_by("-date", "-pk")[:RECENT_HOURS]
    )
    approved = [a for a in applications if a.status == ApplicationStatus.APPROVED]
    needs_certificate = any(a.role.involves_children for a in approved)
    certificate = (
        ChildCertificate.objects.filter(volunteer=volunteer).first() if needs_certificate else None
    )
    onboarding = [a for a in approved if a.onboarding_total]
    for application in onboarding:
        application.onboarding_url = optional_url("volunteers:my_onboarding", application.pk)
    for agreement in agreements:
        agreement.url = optional_url("volunteers:my_agreement", agreement.pk)
    for application in applications:
        application.url = optional_url("volunteers:application", application.pk)
    return render(
        request,
        "volunteers/me/page.html",
        {
            "volunteer": volunteer,
            "applications": applications,
            "current_agreements": current_agreements,
            "earlier_agreements": earlier_agreements,
            "upcoming": upcoming,
            "offers": offers,
            "recent_hours": recent_hours,
            "hours_summary": my_hours_summary(volunteer),
            "can_report_hours": volunteer.is_active and bool(approved),
            "contact_people": _contact_people(volunteer, applications),
            "onboarding": onboarding,
            "needs_certificate": needs_certificate,
            "certificate": certificate,
            "agreements_url": optional_url("volunteers:my_agreements"),
            "shifts_url": optional_url("volunteers:my_shifts") or optional_url("volunteers:shifts"),
            "roles_url": optional_url("volunteers:roles") or "/frivillig/",
        },
    )


@login_required
def my_hours(request):
    volunteer = _my_volunteer(request.user)
    if volunteer is None:
        return no_profile(request)
    # Queries: volunteer, the count, the page (role joined), the summary.
    entries = HoursEntry.objects.filter(volunteer=volunteer).select_related("role")
    page = Paginator(entries.order_by("-date", "-pk"), HOURS_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "volunteers/me/hours.html",
        {
            "volunteer": volunteer,
            "page": page,
            "hours_summary": my_hours_summary(volunteer),
            "can_report_hours": volunteer.is_active,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hours_new(request):
    volunteer = _my_volunteer(request.user)
    if volunteer is None:
        return no_profile(request)
    form = HoursReportForm(request.POST if request.method == "POST" else None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            hours_report(
                volunteer=volunteer,
                role=form.cleaned_data["role"],
                date=form.cleaned_data["date"],
                hours=form.cleaned_data["hours"],
                description=form.cleaned_data["description"],
                acting_user=request.user,
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Tak! Dine timer er sendt til godkendelse. Du får besked, når de er behandlet."),
            )
            return redirect("volunteers:me")
    return render(
        request,
        "volunteers/me/hours_form.html",
        {
            "form": form,
            "has_roles": volunteer.is_active and form.fields["role"].queryset.exists(),
        },
    )


@login_required
def my_data(request):
    """Everything about me as a JSON file (structure: services/personal_data.py)."""
    volunteer = _my_volunteer(request.user)
    if volunteer is None:
        return no_profile(request)
    data = volunteer_export(volunteer)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mine-frivilligdata-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    """Stop as a volunteer and erase my data: a confirmation page, then POST."""
    volunteer = _my_volunteer(request.user)
    if volunteer is None:
        return no_profile(request)
    may_delete_account = not request.user.is_library_staff
    form = EraseForm(
        request.POST if request.method == "POST" else None,
        allow_account_deletion=may_delete_account,
    )
    if request.method == "POST" and form.is_valid():
        delete_account = may_delete_account and form.cleaned_data.get("delete_account", False)
        try:
            result = volunteer_erase(
                volunteer=volunteer, acting_user=request.user, delete_account=delete_account
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            if result.account_deleted:
                logout(request)
            return redirect("volunteers:me_erased")
    now = timezone.now()
    return render(
        request,
        "volunteers/me/erase.html",
        {
            "form": form,
            "may_delete_account": may_delete_account,
            "future_signups": Signup.objects.filter(
                volunteer=volunteer,
                status__in=[SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.OFFERED],
                shift__starts_at__gt=now,
            ).count(),
            "live_applications": Application.objects.filter(
                volunteer=volunteer, status__in=ACTIVE_APPLICATION
            ).count(),
        },
    )


def erased(request):
    """After the erasure (the person may be logged out by then)."""
    return render(request, "volunteers/me/erased.html")


patterns = [
    path("frivillig/min-side/", me, name="me"),
    path("frivillig/min-side/timer/", my_hours, name="me_hours"),
    path("frivillig/min-side/timer/ny/", hours_new, name="me_hours_new"),
    path("frivillig/min-side/mine-data.json", my_data, name="me_data"),
    path("frivillig/min-side/stop/", erase, name="me_erase"),
    path("frivillig/min-side/stoppet/", erased, name="me_erased"),
]
