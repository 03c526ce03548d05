"""Back office for volunteers' hours (see volunteers/urls.py): the queue of reported hours to
approve or reject, and the totals report with CSV downloads."""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import is_manager, staff_required
from portal.spreadsheet import ExcelCsv

from ..access import access_hours_entry, can_decide_hours
from ..forms_me import HoursQueueFilter, HoursTotalsFilter, RejectHoursForm
from ..models import HoursEntry, HoursStatus
from ..services import VolunteerError
from ..services.hours import approved_hours, hours_approve, hours_reject, hours_totals

PAGE_SIZE = 25
BASE = "personale/frivillige/timer/"


def _decidable_by(user) -> Q:
    """Hours this person may decide, as a query (mirrors access.can_decide_hours)."""
    if is_manager(user):
        return Q()
    return Q(role__branch__tovholder=user) | Q(role__team__koordinator=user)


def _query(request, keys) -> str:
    return urlencode([(key, request.GET[key]) for key in keys if key in request.GET])


@staff_required
def hours_queue(request):
    form = HoursQueueFilter(request.GET)
    filters = form.valid()
    entries = HoursEntry.objects.select_related(
        "volunteer__user", "role__branch", "role__team", "decided_by"
    )
    if filters.get("status"):
        entries = entries.filter(status=filters["status"])
    if filters.get("rolle"):
        entries = entries.filter(role=filters["rolle"])
    if filters.get("filial"):
        entries = entries.filter(role__branch=filters["filial"])
    if filters.get("fra"):
        entries = entries.filter(date__gte=filters["fra"])
    if filters.get("til"):
        entries = entries.filter(date__lte=filters["til"])
    if filters.get("mine"):
        entries = entries.filter(_decidable_by(request.user))
    # Oldest first: what has waited longest is decided first.
    entries = entries.order_by("date", "pk")
    # Queries, whatever the number of rows: session and user, the library (layout), the count,
    # the page (volunteer, user, role, branch, team and decider joined), and the filter's
    # roles and branches.
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("side"))
    for entry in page.object_list:
        entry.may_decide = entry.status == HoursStatus.PENDING and can_decide_hours(
            request.user, entry.role
        )
    return render(
        request,
        "volunteers/hours/queue.html",
        {
            "form": form,
            "page": page,
            "filtered": any(request.GET.get(key) for key in HoursQueueFilter.KEYS[1:]),
            "next": request.get_full_path(),
        },
    )


def _back_to_queue(request):
    target = request.POST.get("next") or ""
    # Only back to the queue itself (never an address from outside).
    queue = reverse("volunteers:hours_queue")
    return redirect(target if target.startswith(queue) else queue)


@staff_required
@require_POST
def hours_approve_view(request, pk):
    entry = access_hours_entry(request.user, pk, write=True)
    try:
        hours_approve(entry=entry, acting_user=request.user)
    except VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(hours)s timer for %(name)s er godkendt.")
            % {"hours": entry.hours, "name": _who(entry)},
        )
    return _back_to_queue(request)


def _who(entry: HoursEntry) -> str:
    return str(entry.volunteer) if entry.volunteer else _("en tidligere frivillig")


@staff_required
@require_http_methods(["GET", "POST"])
def hours_reject_view(request, pk):
    entry = access_hours_entry(request.user, pk, write=True)
    form = RejectHoursForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            hours_reject(entry=entry, acting_user=request.user, reason=form.cleaned_data["reason"])
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Timerne er afvist, og %(name)s har fået besked.") % {"name": _who(entry)},
            )
            return _back_to_queue(request)
    return render(
        request,
        "volunteers/hours/reject.html",
        {"entry": entry, "form": form, "next": request.GET.get("next") or request.POST.get("next")},
    )


# --- Totals ---------------------------------------------------------------------------------------

TABLES = {
    "period": gettext_lazy("Periode"),
    "branch": gettext_lazy("Bibliotek"),
    "role": gettext_lazy("Opgave"),
    "focus_area": gettext_lazy("Indsatsområde"),
    "volunteer": gettext_lazy("Frivillig"),
}


def _number(value: Decimal) -> str:
    """Danish decimal comma, as a spreadsheet in Danish expects."""
    return f"{value:.2f}".replace(".", ",")


def _csv(table: str, rows: list[dict], filters: dict) -> HttpResponse:
    span = "-".join(day.isoformat() for day in (filters["date_from"], filters["date_to"]) if day)
    sheet = ExcelCsv(f"frivilligtimer-{table}{'-' + span if span else ''}.csv")
    sheet.row([str(TABLES[table]), _("Timer"), _("Registreringer"), _("Frivillige")])
    for row in rows:
        sheet.row([row["label"], _number(row["hours"]), row["entries"], row["volunteers"]])
    return sheet.response


@staff_required
def hours_totals_view(request):
    form = HoursTotalsFilter(request.GET)
    filters = form.valid()
    entries = approved_hours(
        date_from=filters["date_from"],
        date_to=filters["date_to"],
        branch=filters["branch"],
        role=filters["role"],
        focus_area=filters["focus_area"],
    )
    # Six aggregate queries (per period, volunteer, role, branch, focus area, and the grand
    # total), whatever the number of hours and volunteers.
    tables = hours_totals(entries, period=filters["period"])
    wanted = request.GET.get("csv")
    if wanted in TABLES:
        return _csv(wanted, tables[wanted], filters)
    query = _query(request, HoursTotalsFilter.KEYS)
    sections = [
        {
            "key": key,
            "title": title,
            "rows": tables[key],
            "csv_url": "?" + (query + "&" if query else "") + f"csv={key}",
        }
        for key, title in TABLES.items()
    ]
    return render(
        request,
        "volunteers/hours/totals.html",
        {
            "form": form,
            "filters": filters,
            "sections": sections,
            "total": tables["total"],
        },
    )


patterns = [
    path(BASE, hours_queue, name="hours_queue"),
    path(f"{BASE}opgoerelse/", hours_totals_view, name="hours_totals"),
    path(f"{BASE}<int:pk>/godkend/", hours_approve_view, name="hours_approve"),
    path(f"{BASE}<int:pk>/afvis/", hours_reject_view, name="hours_reject"),
]
