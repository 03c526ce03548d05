"""The volunteers' back-office front page: what needs doing, and the way to every part."""

import datetime

from django.db.models import Q
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from accounts.access import staff_required

from ..models import (
    Agreement,
    Application,
    ApplicationStatus,
    HoursEntry,
    HoursStatus,
    Shift,
    Talk,
)
from ..services.certificates import certificates_due
from ..services.shifts import understaffed, with_counts


@staff_required
def staff_overview(request):
    now = timezone.now()
    today = timezone.localdate()
    soon = now + datetime.timedelta(days=14)
    # One count query per box: the page costs the same however much is waiting.
    context = {
        "applications_waiting": Application.objects.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ON_HOLD]
        ).count(),
        "agreements_waiting": Agreement.objects.filter(
            superseded_at__isnull=True, staff_accepted_at__isnull=True
        ).count(),
        "understaffed_soon": understaffed(
            with_counts(Shift.objects.filter(starts_at__lte=soon)), now=now
        ).count(),
        "hours_waiting": HoursEntry.objects.filter(status=HoursStatus.PENDING).count(),
        "certificates_due": certificates_due(today=today).count(),
        "talks_due": Talk.objects.filter(
            Q(held_on__isnull=True), scheduled_for__lte=today + datetime.timedelta(days=14)
        ).count(),
    }
    return render(request, "volunteers/overview.html", context)


patterns = [path("personale/frivillige/", staff_overview, name="staff_overview")]
