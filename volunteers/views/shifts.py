"""Shift pages (see volunteers/urls.py).

Staff, under /personale/frivillige/vagter/: the list and the week, single shifts and weekly
series (create, edit, cancel), a shift's sign-ups, a message to its volunteers, attendance.
Volunteers, under /frivillig/: the shifts they may take, their own sign-ups and offers, and
their personal calendar feed. Every rule is in volunteers/services/shifts.py.
"""

import datetime
from itertools import groupby
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_required

from ..access import (
    access_own_signup,
    access_own_volunteer,
    access_shift,
    access_shift_feed,
    access_shift_series,
    access_volunteer_shift,
    can_manage_shifts,
    shift_roles_for,
)
from ..forms_shifts import (
    WEEKDAYS,
    AttendanceForm,
    CancelForm,
    MessageForm,
    SeriesEditForm,
    SeriesForm,
    ShiftFilterForm,
    ShiftForm,
    week_start,
)
from ..ical import shift_calendar
from ..models import LIVE_SIGNUP, ChildCertificate, Shift, Signup, SignupStatus, Volunteer
from ..services import VolunteerError
from ..services import shifts as services
from .me import no_profile

PAGE_SIZE = 25
STAFF_BASE = "personale/frivillige/vagter/"


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))


def _query(request, keys) -> str:
    return urlencode([(key, request.GET[key]) for key in keys if request.GET.get(key)])


def _cutoff(shift) -> datetime.datetime:
    return shift.starts_at - datetime.timedelta(hours=settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS)


def _weekday_label(weekday: int) -> str:
    return str(dict(WEEKDAYS)[weekday])


# --- Staff: list and week -----------------------------------------------------------------------


def _filtered_shifts(values: dict, now):
    shifts = services.with_counts(Shift.objects.select_related("role__branch", "series"))
    if values["role"]:
        shifts = shifts.filter(role=values["role"])
    if values["branch"]:
        shifts = shifts.filter(role__branch=values["branch"])
    if values["understaffed"]:
        shifts = services.understaffed(shifts, now=now)
    return shifts


def _decorate(shifts):
    for shift in shifts:
        shift.missing = max(shift.capacity - shift.confirmed_count, 0)
    return shifts


@staff_required
def shift_list(request):
    form = ShiftFilterForm(request.GET)
    values = form.values()
    now = timezone.now()
    shifts = _filtered_shifts(values, now)
    period = values["period"]
    if period == "kommende":
        shifts = shifts.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif period == "tidligere":
        shifts = shifts.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        shifts = shifts.order_by("-starts_at", "-pk")
    page = _page(request, shifts)
    _decorate(page.object_list)
    return render(
        request,
        "volunteers/shifts/staff_list.html",
        {
            "form": form,
            "page": page,
            "now": now,
            "filtered": any(request.GET.get(key) for key in ShiftFilterForm.KEYS),
            "week_query": _query(request, ("rolle", "filial", "mangler")),
            "can_create": shift_roles_for(request.user).exists(),
        },
    )


@staff_required
def shift_week(request):
    form = ShiftFilterForm(request.GET, with_period=False)
    values = form.values()
    monday = week_start(request.GET.get("uge"))
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(
        monday + datetime.timedelta(days=7), datetime.time(), tzinfo=zone
    )
    now = timezone.now()
    shifts = _decorate(
        list(
            _filtered_shifts(values, now)
            .filter(starts_at__gte=start, starts_at__lt=end)
            .order_by("starts_at", "pk")
        )
    )
    by_day = {
        day: list(items)
        for day, items in groupby(shifts, key=lambda s: timezone.localtime(s.starts_at).date())
    }
    days = [
        (monday + datetime.timedelta(days=n), by_day.get(monday + datetime.timedelta(days=n), []))
        for n in range(7)
    ]
    filters = _query(request, ("rolle", "filial", "mangler"))
    return render(
        request,
        "volunteers/shifts/staff_week.html",
        {
            "form": form,
            "days": days,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "week_number": monday.isocalendar().week,
            "previous_week": monday - datetime.timedelta(days=7),
            "next_week": monday + datetime.timedelta(days=7),
            "this_week": week_start(None),
            "filters": filters,
            "today": timezone.localdate(),
            "now": now,
            "count": len(shifts),
        },
    )


# --- Staff: one shift ---------------------------------------------------------------------------


@staff_required
def shift_detail(request, pk):
    shift = access_shift(request.user, pk)
    signups = list(
        shift.signups.select_related("volunteer__user", "hours_entry").order_by("created_at", "pk")
    )
    by_status = {status: [] for status in SignupStatus.values}
    for signup in signups:
        by_status[signup.status].append(signup)
    confirmed = by_status[SignupStatus.CONFIRMED]
    now = timezone.now()
    return render(
        request,
        "volunteers/shifts/staff_detail.html",
        {
            "shift": shift,
            "confirmed": confirmed,
            "offered": by_status[SignupStatus.OFFERED],
            "waitlist": by_status[SignupStatus.WAITLISTED],
            "earlier": [s for s in signups if s.status not in LIVE_SIGNUP],
            "missing": max(shift.capacity - len(confirmed), 0),
            "has_started": shift.starts_at <= now,
            "is_cancelled": bool(shift.cancelled_at),
            "can_manage": can_manage_shifts(request.user, shift.role),
            "cancel_form": CancelForm(),
            "message_form": MessageForm(),
            "cutoff": _cutoff(shift),
            "weekday": _weekday_label(shift.series.weekday) if shift.series else "",
        },
    )


@staff_required
def shift_create(request):
    roles = shift_roles_for(request.user)
    if not roles.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("rolle", "").isdigit():
        initial["role"] = int(request.GET["rolle"])
    form = ShiftForm(request.POST or None, roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            shift = services.shift_create(acting_user=request.user, **form.service_values())
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Vagten er oprettet."))
            return redirect("volunteers:shift_detail", shift.pk)
    return render(request, "volunteers/shifts/staff_form.html", {"form": form, "shift": None})


@staff_required
def shift_edit(request, pk):
    shift = access_shift(request.user, pk, write=True)
    locked = shift.cancelled_at is not None or shift.starts_at <= timezone.now()
    form = None
    if not locked:
        form = ShiftForm(request.POST or None, shift=shift)
        if request.method == "POST" and form.is_valid():
            in_series = shift.series_id is not None
            try:
                services.shift_update(
                    shift=shift, acting_user=request.user, **form.service_values()
                )
            except VolunteerError as exc:
                form.add_error(None, str(exc))
            else:
                shift.refresh_from_db(fields=["series"])
                if in_series and shift.series_id is None:
                    messages.success(
                        request,
                        _("Vagten er ændret. Den hører ikke længere til serien."),
                    )
                else:
                    messages.success(request, _("Vagten er ændret."))
                return redirect("volunteers:shift_detail", shift.pk)
    return render(
        request,
        "volunteers/shifts/staff_form.html",
        {"form": form, "shift": shift, "locked": locked},
    )


@staff_required
@require_POST
def shift_cancel(request, pk):
    shift = access_shift(request.user, pk, write=True)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            told = services.shift_cancel(
                shift=shift, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Vagten er aflyst. %(count)s frivillige har fået besked.") % {"count": told},
            )
            return redirect("volunteers:shift_detail", shift.pk)
    return render(
        request,
        "volunteers/shifts/staff_cancel.html",
        {"form": form, "shift": shift, "series": None},
    )


@staff_required
@require_POST
def shift_message(request, pk):
    shift = access_shift(request.user, pk, write=True)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            sent = services.shift_message(
                shift=shift,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                acting_user=request.user,
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Beskeden er sendt til %(count)s frivillige.") % {"count": sent}
            )
            return redirect("volunteers:shift_detail", shift.pk)
    return render(request, "volunteers/shifts/staff_message.html", {"form": form, "shift": shift})


@staff_required
def shift_attendance(request, pk):
    shift = access_shift(request.user, pk, write=True)
    confirmed = shift.signups.filter(status=SignupStatus.CONFIRMED).select_related(
        "volunteer__user"
    )
    form = AttendanceForm(request.POST or None, signups=confirmed)
    has_started = shift.starts_at <= timezone.now()
    if request.method == "POST" and form.is_valid():
        try:
            count = services.shift_record_attendance(
                shift=shift, marks=form.marks(), acting_user=request.user
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Fremmødet er gemt for %(count)s frivillige. Timerne er registreret.")
                % {"count": count},
            )
            return redirect("volunteers:shift_detail", shift.pk)
    return render(
        request,
        "volunteers/shifts/staff_attendance.html",
        {
            "form": form,
            "shift": shift,
            "has_started": has_started,
            "is_cancelled": bool(shift.cancelled_at),
        },
    )


# --- Staff: weekly series -----------------------------------------------------------------------


@staff_required
def series_create(request):
    roles = shift_roles_for(request.user)
    if not roles.exists():
        raise PermissionDenied
    form = SeriesForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_create(acting_user=request.user, **form.cleaned_data)
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            count = series.shifts.count()
            messages.success(
                request, _("Serien er oprettet med %(count)s vagter.") % {"count": count}
            )
            return redirect("volunteers:series_detail", series.pk)
    return render(request, "volunteers/shifts/series_form.html", {"form": form, "series": None})


@staff_required
def series_detail(request, pk):
    series = access_shift_series(request.user, pk)
    now = timezone.now()
    shifts = _decorate(list(services.with_counts(series.shifts.all()).order_by("starts_at", "pk")))
    return render(
        request,
        "volunteers/shifts/series_detail.html",
        {
            "series": series,
            "weekday": _weekday_label(series.weekday),
            "upcoming": [s for s in shifts if s.starts_at > now],
            "past": [s for s in shifts if s.starts_at <= now],
            "can_manage": can_manage_shifts(request.user, series.role),
            "cancel_form": CancelForm(),
            "now": now,
        },
    )


@staff_required
def series_edit(request, pk):
    series = access_shift_series(request.user, pk, write=True)
    form = None if series.cancelled_at else SeriesEditForm(request.POST or None, series=series)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.series_update(series=series, acting_user=request.user, **form.service_values())
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Alle kommende vagter i serien er ændret."))
            return redirect("volunteers:series_detail", series.pk)
    return render(
        request,
        "volunteers/shifts/series_form.html",
        {"form": form, "series": series, "weekday": _weekday_label(series.weekday)},
    )


@staff_required
@require_POST
def series_cancel(request, pk):
    series = access_shift_series(request.user, pk, write=True)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            told = services.series_cancel(
                series=series, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Serien og alle dens kommende vagter er aflyst. "
                    "%(count)s frivillige har fået besked."
                )
                % {"count": told},
            )
            return redirect("volunteers:series_detail", series.pk)
    return render(
        request,
        "volunteers/shifts/staff_cancel.html",
        {"form": form, "shift": None, "series": series},
    )


# --- Volunteers ---------------------------------------------------------------------------------


@login_required
def my_shifts(request):
    volunteer = Volunteer.objects.select_related("user").filter(user=request.user).first()
    if volunteer is None:
        return no_profile(request)  # not a 404: the same friendly page as "Min side"
    now = timezone.now()
    mine = list(
        Signup.objects.filter(
            volunteer=volunteer,
            status__in=LIVE_SIGNUP,
            shift__ends_at__gt=now,
            shift__cancelled_at__isnull=True,
        )
        .select_related("shift__role__branch")
        .order_by("shift__starts_at", "pk")
    )
    for signup in mine:
        signup.is_late = services.cancellation_is_late(signup.shift, now)
        signup.has_started = signup.shift.starts_at <= now
    offers = [s for s in mine if s.status == SignupStatus.OFFERED]
    certificate = ChildCertificate.objects.filter(volunteer=volunteer).first()
    page = _page(request, services.shifts_for_volunteer(volunteer, now=now))
    for shift in page.object_list:
        shift.free = services.free_places(shift)
        shift.blocked = None
        if not shift.my_status:
            shift.blocked = services.signup_reason_blocked(volunteer, shift, certificate)
    feed_url = ""
    if volunteer.ical_key:
        feed_url = request.build_absolute_uri(
            reverse("volunteers:shift_feed", args=[volunteer.ical_key])
        )
    return render(
        request,
        "volunteers/shifts/mine.html",
        {
            "volunteer": volunteer,
            "offers": offers,
            "mine": [s for s in mine if s.status != SignupStatus.OFFERED],
            "page": page,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
            "cutoff_hours": settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS,
        },
    )


def _back_to_my_shifts(anchor: str = ""):
    return redirect(reverse("volunteers:my_shifts") + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def shift_sign_up(request, pk):
    volunteer, shift = access_volunteer_shift(request.user, pk)
    try:
        signup = services.shift_sign_up(shift=shift, volunteer=volunteer)
    except VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        if signup.status == SignupStatus.CONFIRMED:
            messages.success(
                request,
                _(
                    "Du er tilmeldt vagten. Vi har sendt dig en bekræftelse "
                    "med vagten til din kalender."
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "Vagten er fuld, så du står på ventelisten. Bliver der en plads, "
                    "får du den tilbudt på e-mail."
                ),
            )
    return _back_to_my_shifts("mine-vagter")


@login_required
def signup_cancel(request, pk):
    """GET: what cancelling now means (quiet before the cut-off; after it the contact person is
    told). POST: cancel."""
    signup = access_own_signup(request.user, pk)
    if request.method == "POST":
        try:
            services.signup_cancel(signup=signup, acting_user=request.user)
        except VolunteerError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Du er meldt fra vagten."))
        return _back_to_my_shifts("mine-vagter")
    shift = signup.shift
    now = timezone.now()
    return render(
        request,
        "volunteers/shifts/cancel_signup.html",
        {
            "signup": signup,
            "shift": shift,
            "cutoff": _cutoff(shift),
            "is_late": services.cancellation_is_late(shift, now),
            "holds_a_place": signup.status in (SignupStatus.CONFIRMED, SignupStatus.OFFERED),
            "is_live": signup.status in LIVE_SIGNUP,
            "has_started": shift.starts_at <= now,
            "contact": shift.role.contact_person,
        },
    )


@login_required
@require_POST
def offer_accept(request, pk):
    signup = access_own_signup(request.user, pk)
    try:
        services.offer_accept(signup=signup)
    except VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pladsen er din. Vi har sendt dig en bekræftelse."))
    return _back_to_my_shifts("mine-vagter")


@login_required
@require_POST
def offer_decline(request, pk):
    signup = access_own_signup(request.user, pk)
    try:
        services.offer_decline(signup=signup)
    except VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Tak for svaret. Pladsen går videre til den næste."))
    return _back_to_my_shifts("tilbud")


@login_required
@require_POST
def shift_feed_new_key(request):
    volunteer = access_own_volunteer(request.user)
    had_one = bool(volunteer.ical_key)
    services.volunteer_ical_key_new(volunteer=volunteer, acting_user=request.user)
    if had_one:
        messages.success(
            request, _("Du har fået et nyt kalenderlink. Det gamle virker ikke længere.")
        )
    else:
        messages.success(request, _("Dit kalenderlink er klar."))
    return _back_to_my_shifts("kalender")


def shift_feed(request, key):
    """The volunteer's confirmed shifts, for their calendar app. The secret key is the only
    credential (calendar apps cannot log in), so a wrong or replaced key is a 404."""
    volunteer = access_shift_feed(key)
    body = shift_calendar(
        services.feed_shifts(volunteer), name=_("Mine vagter på biblioteket"), feed=True
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mine-vagter.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


patterns = [
    # Staff
    path(STAFF_BASE, shift_list, name="shift_list"),
    path(f"{STAFF_BASE}uge/", shift_week, name="shift_week"),
    path(f"{STAFF_BASE}ny/", shift_create, name="shift_create"),
    path(f"{STAFF_BASE}<int:pk>/", shift_detail, name="shift_detail"),
    path(f"{STAFF_BASE}<int:pk>/rediger/", shift_edit, name="shift_edit"),
    path(f"{STAFF_BASE}<int:pk>/aflys/", shift_cancel, name="shift_cancel"),
    path(f"{STAFF_BASE}<int:pk>/besked/", shift_message, name="shift_message"),
    path(f"{STAFF_BASE}<int:pk>/fremmoede/", shift_attendance, name="shift_attendance"),
    path(f"{STAFF_BASE}serier/ny/", series_create, name="series_create"),
    path(f"{STAFF_BASE}serier/<int:pk>/", series_detail, name="series_detail"),
    path(f"{STAFF_BASE}serier/<int:pk>/rediger/", series_edit, name="series_edit"),
    path(f"{STAFF_BASE}serier/<int:pk>/aflys/", series_cancel, name="series_cancel"),
    # Volunteers
    path("frivillig/vagter/", my_shifts, name="my_shifts"),
    path("frivillig/vagter/<int:pk>/tilmeld/", shift_sign_up, name="shift_sign_up"),
    path("frivillig/vagter/tilmelding/<int:pk>/afmeld/", signup_cancel, name="signup_cancel"),
    path("frivillig/vagter/tilmelding/<int:pk>/ja/", offer_accept, name="offer_accept"),
    path("frivillig/vagter/tilmelding/<int:pk>/nej/", offer_decline, name="offer_decline"),
    path("frivillig/kalender/nyt-link/", shift_feed_new_key, name="shift_feed_new_key"),
    path("frivillig/kalender/<str:key>.ics", shift_feed, name="shift_feed"),
]
