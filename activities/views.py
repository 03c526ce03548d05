import copy
from itertools import groupby
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_required
from organisation.models import Branch, Library

from . import ical, services
from .access import access_activity, access_public_activity
from .forms import (
    STAFF_PERIODS,
    ActivityForm,
    AttendanceForm,
    CalendarFilterForm,
    CancelForm,
    CoHostFormSet,
    cohost_initial,
    cohost_rows,
)
from .models import Activity, ActivityStatus
from .queries import feed_window, filter_activities, with_public_details

PAGE_SIZE = 25
COHOST_PREFIX = "medarrangoerer"


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))


def _filter_query(request, *, keys=CalendarFilterForm.KEYS) -> str:
    """The calendar's own filters from the query string, re-encoded: links built from it
    carry nothing else along."""
    pairs = [(key, request.GET[key]) for key in keys if request.GET.get(key)]
    return urlencode(pairs)


# --- Public pages -------------------------------------------------------------------------------


def calendar(request):
    form = CalendarFilterForm(request.GET)
    now = timezone.now()
    activities = filter_activities(Activity.objects.public(), **form.valid_filters())
    if form.show_past:
        activities = activities.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        activities = activities.upcoming(now).order_by("starts_at", "pk")
    page = _page(request, with_public_details(activities))
    days = [
        (day, list(items))
        for day, items in groupby(
            page.object_list, key=lambda a: timezone.localtime(a.starts_at).date()
        )
    ]
    query = _filter_query(request)
    feed_query = _filter_query(request, keys=("filial", "maalgruppe", "indsats", "fra", "til"))
    feed_url = request.build_absolute_uri(
        reverse("activities:ical") + (f"?{feed_query}" if feed_query else "")
    )
    return render(
        request,
        "activities/calendar.html",
        {
            "form": form,
            "page": page,
            "days": days,
            "show_past": form.show_past,
            "filtered": any(form.data.get(key) for key in CalendarFilterForm.KEYS),
            "query": query,
            "feed_url": feed_url,
            # webcal:// asks the person's calendar app to subscribe (and keep it up to date).
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )


def detail(request, pk):
    activity = access_public_activity(pk)
    back_query = _filter_query(request, keys=(*CalendarFilterForm.KEYS, "side"))
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "back_url": reverse("activities:calendar") + (f"?{back_query}" if back_query else ""),
            "is_cancelled": activity.status == ActivityStatus.CANCELLED,
        },
    )


def _ical_response(
    request, activities, *, filename: str, name: str, disposition: str = "inline"
) -> HttpResponse:
    host = urlsplit(f"//{request.get_host()}").hostname or "sammen"
    body = ical.calendar(
        activities,
        host=host,
        url_for=lambda activity: request.build_absolute_uri(activity.get_absolute_url()),
        name=name,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def ical_feed(request):
    """Subscribe-able: the calendar's filters, the last 30 days and the next 12 months."""
    form = CalendarFilterForm(request.GET)
    activities = filter_activities(feed_window(Activity.objects.public()), **form.valid_filters())
    activities = with_public_details(activities.order_by("starts_at", "pk"))
    library = Library.load()
    name = _("Arrangementer")
    if library.name:
        name = _("Arrangementer · %(library)s") % {"library": library.name}
    return _ical_response(request, activities, filename="arrangementer.ics", name=name)


def ical_event(request, pk):
    """One activity to add to a calendar; a cancelled one says STATUS:CANCELLED."""
    activity = access_public_activity(pk)
    # An attachment: the browser hands the file to the person's calendar app.
    return _ical_response(
        request,
        [activity],
        filename=f"arrangement-{activity.pk}.ics",
        name=activity.title,
        disposition="attachment",
    )


# --- Staff pages --------------------------------------------------------------------------------


@staff_required
def staff_list(request):
    query = request.GET.get("q", "").strip()
    branch_id = request.GET.get("filial", "")
    status = request.GET.get("status", "")
    period = request.GET.get("periode", "kommende")
    if period not in dict(STAFF_PERIODS):
        period = "kommende"
    now = timezone.now()
    activities = Activity.objects.select_related("branch")
    if query:
        activities = activities.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(place__icontains=query)
        )
    if branch_id.isdigit():
        activities = activities.filter(branch_id=int(branch_id))
    if status in ActivityStatus.values:
        activities = activities.filter(status=status)
    if period == "kommende":
        activities = activities.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif period == "tidligere":
        activities = activities.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    elif period == "mangler-fremmoede":
        # Over, still "planned", and nobody has counted who came.
        activities = activities.filter(
            ends_at__lt=now,
            status=ActivityStatus.PLANNED,
            attendance_recorded_at__isnull=True,
        ).order_by("starts_at", "pk")
    else:
        activities = activities.order_by("-starts_at", "-pk")
    return render(
        request,
        "activities/staff_list.html",
        {
            "page": _page(request, activities),
            "query": query,
            "branch_id": branch_id,
            "status": status,
            "period": period,
            "branches": Branch.objects.filter(is_active=True),
            "statuses": ActivityStatus.choices,
            "periods": STAFF_PERIODS,
            "filtered": bool(query or branch_id or status or period != "kommende"),
            "now": now,
        },
    )


@staff_required
def staff_detail(request, pk):
    activity = access_activity(request.user, pk)
    return render(
        request,
        "activities/staff_detail.html",
        {
            "activity": activity,
            "target_groups": activity.target_groups.all(),
            "focus_areas": activity.focus_areas.all(),
            "cohosts": activity.cohosts.select_related("user"),
            "initiatives": activity.initiatives.order_by("-created_at"),
            "is_cancelled": activity.status == ActivityStatus.CANCELLED,
            "has_started": activity.starts_at <= timezone.now(),
            "cancel_form": CancelForm(),
        },
    )


def _activity_data(form, *, changed_only: bool = False) -> dict:
    """The form's values for the services; when editing, only what changed, so that the audit
    log names the fields that were really changed."""
    names = form.changed_data if changed_only else list(form.cleaned_data)
    data = {name: form.cleaned_data[name] for name in names}
    for name in ("target_groups", "focus_areas"):
        if name in data:
            data[name] = list(data[name] or [])
    return data


def _cohosts_invalid(form, cohosts) -> bool:
    if cohosts.is_valid():
        return False
    form.add_error(None, _("Ret fejlene under medarrangører."))
    return True


@staff_required
def staff_create(request):
    form = ActivityForm(request.POST or None)
    cohosts = CoHostFormSet(request.POST or None, prefix=COHOST_PREFIX)
    if request.method == "POST" and form.is_valid() and not _cohosts_invalid(form, cohosts):
        try:
            activity = services.activity_create(
                acting_user=request.user, cohosts=cohost_rows(cohosts), **_activity_data(form)
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Aktiviteten %(title)s er oprettet.") % {"title": activity.title}
            )
            return redirect("activities:staff_detail", activity.pk)
    elif request.method == "POST":
        cohosts.is_valid()  # show the co-host errors too when the main form failed
    return render(
        request,
        "activities/staff_form.html",
        {"form": form, "cohosts": cohosts, "activity": None},
    )


@staff_required
def staff_edit(request, pk):
    activity = access_activity(request.user, pk, write=True)
    if activity.status == ActivityStatus.CANCELLED:
        return render(request, "activities/staff_form.html", {"activity": activity, "locked": True})
    # The form validates a copy: is_valid() writes into its instance, and the service must get
    # the stored activity to change.
    form = ActivityForm(request.POST or None, instance=copy.copy(activity))
    cohosts = CoHostFormSet(
        request.POST or None, initial=cohost_initial(activity), prefix=COHOST_PREFIX
    )
    if request.method == "POST" and form.is_valid() and not _cohosts_invalid(form, cohosts):
        try:
            services.activity_update(
                activity=activity,
                acting_user=request.user,
                cohosts=cohost_rows(cohosts),
                **_activity_data(form, changed_only=True),
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect("activities:staff_detail", activity.pk)
    elif request.method == "POST":
        cohosts.is_valid()
    return render(
        request,
        "activities/staff_form.html",
        {"form": form, "cohosts": cohosts, "activity": activity},
    )


@staff_required
def staff_attendance(request, pk):
    activity = access_activity(request.user, pk, write=True)
    initial = {
        "attendance_total": activity.attendance_total,
        "attendance_children": activity.attendance_children,
        "evaluation": activity.evaluation,
    }
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_record_attendance(
                activity=activity, acting_user=request.user, **form.cleaned_data
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Fremmødet er registreret. Tak!"))
            return redirect("activities:staff_detail", activity.pk)
    return render(
        request,
        "activities/staff_attendance.html",
        {
            "activity": activity,
            "form": form,
            "has_started": activity.starts_at <= timezone.now(),
            "is_cancelled": activity.status == ActivityStatus.CANCELLED,
        },
    )


@staff_required
@require_POST
def staff_cancel(request, pk):
    activity = access_activity(request.user, pk, write=True)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.activity_cancel(
                activity=activity, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Aktiviteten %(title)s er aflyst.") % {"title": activity.title}
            )
            return redirect("activities:staff_detail", activity.pk)
    return render(request, "activities/staff_cancel.html", {"activity": activity, "form": form})
