"""The public side of volunteering: the volunteer model, the open roles, applying, and the
applicant's own application (see volunteers/urls.py; these patterns come last, because the
role page /frivillig/<slug>/ would otherwise catch every other /frivillig/... address)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import ConsentText

from ..access import access_own_application, access_public_role
from ..forms import ApplicationForm, RoleFilterForm
from ..models import (
    CONSENT_PURPOSE,
    ApplicationStatus,
    RoleStatus,
    Volunteer,
    VolunteerModel,
    VolunteerRole,
)
from ..services import VolunteerError
from ..services.applications import (
    DECIDABLE,
    DuplicateApplication,
    answers_as_list,
    application_submit,
    application_withdraw,
    live_application,
)

PAGE_SIZE = 20


# --- The volunteer model ------------------------------------------------------------------------


@require_GET
def model(request):
    return render(request, "volunteers/public/model.html", {"model": VolunteerModel.current()})


# --- Roles --------------------------------------------------------------------------------------


@require_GET
def roles(request):
    form = RoleFilterForm(request.GET)
    # Queries: the count and the page of open roles joined with their branch; one prefetch each
    # for target groups and focus areas; the filter form's branches, target groups and focus
    # areas.
    open_roles = form.filter(
        VolunteerRole.objects.filter(status=RoleStatus.OPEN)
        .select_related("branch")
        .prefetch_related("target_groups", "focus_areas")
        .order_by("title", "pk")
    )
    page = Paginator(open_roles, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "volunteers/public/roles.html",
        {"form": form, "page": page, "filtered": form.filtered},
    )


@require_GET
def role_detail(request, slug):
    role = access_public_role(slug)
    return render(
        request,
        "volunteers/public/role_detail.html",
        {
            "role": role,
            "target_groups": role.target_groups.all(),
            "focus_areas": role.focus_areas.all(),
            "is_open": role.status == RoleStatus.OPEN,
            "existing": live_application(request.user, role),
            "apply_url": reverse("volunteers:apply", args=[role.slug]),
        },
    )


# --- Applying -----------------------------------------------------------------------------------


def _profile_initial(user) -> dict:
    volunteer = Volunteer.objects.filter(user=user).first()
    return {
        "phone": (volunteer.phone if volunteer else "") or user.phone,
        "birth_year": volunteer.birth_year if volunteer else None,
        "languages": volunteer.languages if volunteer else "",
    }


def _already_applied(request, role, existing, *, status=200):
    return render(
        request,
        "volunteers/public/apply_exists.html",
        {"role": role, "existing": existing},
        status=status,
    )


@never_cache
@login_required  # anonymous people log in or sign up (allauth) and come back here (?next=)
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    role = access_public_role(slug)
    if role.status != RoleStatus.OPEN:
        return render(request, "volunteers/public/apply_closed.html", {"role": role}, status=409)
    existing = live_application(request.user, role)
    if existing:
        return _already_applied(request, role, existing)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        role=role,
        consent_text=ConsentText.current(CONSENT_PURPOSE),
        questions=role.questions.all(),
        initial=_profile_initial(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = application_submit(
                user=request.user, role=role, **form.service_arguments()
            )
        except DuplicateApplication as exc:
            return _already_applied(request, role, exc.existing, status=409)
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Tak for din ansøgning. Vi har sendt en kvittering til %(email)s, og "
                    "kontaktpersonen vender tilbage til dig."
                )
                % {"email": request.user.email},
            )
            return redirect("volunteers:application", application.pk)
    return render(
        request,
        "volunteers/public/apply.html",
        {"role": role, "form": form, "model": VolunteerModel.current()},
    )


# --- The applicant's own application ------------------------------------------------------------


@never_cache
@login_required
@require_GET
def application(request, pk):
    found = access_own_application(request.user, pk)  # 404 to anyone but the applicant
    return render(
        request,
        "volunteers/public/application.html",
        {
            "application": found,
            "answers": answers_as_list(found),
            "may_withdraw": found.status in DECIDABLE["withdraw"],
            "show_reason": found.status in {ApplicationStatus.DECLINED, ApplicationStatus.ON_HOLD},
        },
    )


@login_required
@require_POST
def application_withdraw_view(request, pk):
    found = access_own_application(request.user, pk)
    try:
        application_withdraw(application=found, acting_user=request.user)
    except VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Du har trukket din ansøgning tilbage."))
    return redirect("volunteers:application", found.pk)


patterns = [
    path("frivillig/", roles, name="roles"),
    path("frivillig/om-frivillighed/", model, name="model"),
    path("frivillig/ansoegninger/<int:pk>/", application, name="application"),
    path(
        "frivillig/ansoegninger/<int:pk>/traek-tilbage/",
        application_withdraw_view,
        name="application_withdraw",
    ),
    path("frivillig/<slug:slug>/ansoeg/", apply, name="apply"),
    # Last: a role's page takes any /frivillig/<slug>/ that no other page has.
    path("frivillig/<slug:slug>/", role_detail, name="role_detail"),
]
