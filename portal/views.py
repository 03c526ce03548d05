import logging
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.access import is_library_staff, staff_required
from initiatives.filters import OWNER_ME, overdue_initiatives
from initiatives.models import OPEN_STATUSES, Initiative, Status
from organisation.models import Branch, FocusArea, Library, Team
from partnerships.services.partners import enquiries_waiting
from partnerships.services.reminders import agreements_needing_attention

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    focus_areas = FocusArea.objects.filter(is_active=True)
    return render(request, "portal/home.html", {"focus_areas": focus_areas})


@require_GET
def branches(request):
    return render(
        request,
        "portal/branches.html",
        {"branches": Branch.objects.filter(is_active=True).order_by("kind", "name")},
    )


@require_GET
def accessibility(request):
    return render(request, "portal/accessibility.html")


@require_GET
def privacy(request):
    return render(
        request,
        "portal/privacy.html",
        {
            "initiative_months": settings.SAMMEN_INITIATIVE_RETENTION_MONTHS,
            "enquiry_months": settings.SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS,
        },
    )


@require_GET
@never_cache
def healthz(request):
    """For the load balancer and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def library_logo(request):
    """The library's logo, served by the portal itself (uploads are not public files)."""
    library = Library.load()
    if not library.logo:
        raise Http404
    try:
        handle = library.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=library.logo_content_type())
    response["Cache-Control"] = "public, max-age=3600"
    return response


def after_login(request):
    """Where a login lands when no ?next= was given: staff to the back office, others home."""
    if is_library_staff(request.user):
        return redirect("staff:dashboard")
    return redirect("home")


DASHBOARD_OVERDUE_SHOWN = 5
DASHBOARD_MINE_SHOWN = 10


@staff_required
def dashboard(request):
    user = request.user
    # Initiatives: the overdue count and the five most overdue (two queries), the user's own
    # open initiatives and their count (two queries) - the same four however many there are.
    overdue = overdue_initiatives().order_by("first_response_due", "created_at", "pk")
    mine = Initiative.objects.filter(owner=user, status__in=OPEN_STATUSES).order_by(
        F("first_response_due").asc(nulls_last=True), "created_at", "pk"
    )
    context = {
        "overdue_count": overdue.count(),
        "overdue_initiatives": list(overdue[:DASHBOARD_OVERDUE_SHOWN]),
        "my_initiatives": list(mine[:DASHBOARD_MINE_SHOWN]),
        "my_initiative_count": mine.count(),
        "my_initiatives_url": _staff_list_url(
            owner=OWNER_ME, status=[s for s in Status.values if s in OPEN_STATUSES]
        ),
        "overdue_url": _staff_list_url(overdue="1", sort="deadline"),
        "led_branches": Branch.objects.filter(tovholder=user, is_active=True),
        "my_teams": Team.objects.filter(is_active=True, members=user).select_related("branch"),
        "coordinated_teams": Team.objects.filter(is_active=True, koordinator=user),
        "focus_areas": FocusArea.objects.filter(is_active=True).prefetch_related("targets"),
        "branch_count": Branch.objects.filter(is_active=True).count(),
        "team_count": Team.objects.filter(is_active=True).count(),
        "new_partner_enquiries": enquiries_waiting().count(),
        "agreements": agreements_needing_attention(),
        "agreement_list_url": reverse("partnerships:agreement_list"),
    }
    return render(request, "portal/dashboard.html", context)


def _staff_list_url(**params) -> str:
    return f"{reverse('initiatives:staff_list')}?{urlencode(params, doseq=True)}"


def server_error(request):
    """500 page without the context processors, which may be what failed."""
    try:
        template = loader.get_template("500.html")
        return HttpResponseServerError(template.render({"request": request}))
    except Exception:  # the error page itself must never fail
        return HttpResponseServerError(
            "<!DOCTYPE html><html lang='da'><title>Fejl</title><h1>Der skete en fejl</h1>"
            "<p>Prøv igen om lidt.</p></html>"
        )
