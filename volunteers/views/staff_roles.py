"""The back office for roles (opgavebeskrivelser) and for the written volunteer model.

Roles: staff read every role; managers, the tovholder of the role's branch and the koordinator
of its team create and change roles there. The volunteer model: staff read every version;
managers publish a new one. (Routes: added to screening.patterns, see screening.py.)
"""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import manager_required, staff_required

from ..access import access_role, can_change_role, can_create_roles
from ..forms import (
    OnboardingFormSet,
    QuestionFormSet,
    RoleForm,
    RoleStatusForm,
    StaffRoleFilterForm,
    VolunteerModelForm,
    onboarding_initial,
    question_initial,
)
from ..models import ApplicationStatus, RoleStatus, VolunteerModel, VolunteerRole
from ..services import VolunteerError
from ..services.model import MODEL_FIELDS, volunteer_model_publish
from ..services.roles import role_create, role_set_status, role_update

PAGE_SIZE = 25
QUESTIONS_PREFIX = "spoergsmaal"
ONBOARDING_PREFIX = "introduktion"


# --- Roles --------------------------------------------------------------------------------------


@staff_required
@require_GET
def role_list(request):
    form = StaffRoleFilterForm(request.GET)
    # Queries: the count and the page of roles joined with branch, team and contact person, with
    # the number of applications waiting for an answer counted in the same query; the filter
    # form's branches and teams.
    roles = form.filter(
        VolunteerRole.objects.select_related("branch", "team", "contact_person").annotate(
            waiting=Count(
                "applications",
                filter=Q(
                    applications__status__in=[
                        ApplicationStatus.SUBMITTED,
                        ApplicationStatus.ON_HOLD,
                    ]
                ),
            )
        )
    ).order_by("title", "pk")
    page = Paginator(roles, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "volunteers/screening/role_list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.filtered,
            "may_create": can_create_roles(request.user),
        },
    )


def _formsets(data=None, role: VolunteerRole | None = None):
    return (
        QuestionFormSet(
            data,
            prefix=QUESTIONS_PREFIX,
            initial=question_initial(role) if role and data is None else None,
        ),
        OnboardingFormSet(
            data,
            prefix=ONBOARDING_PREFIX,
            initial=onboarding_initial(role) if role and data is None else None,
        ),
    )


def _all_valid(form, questions, onboarding) -> bool:
    valid = form.is_valid()
    for formset in (questions, onboarding):
        if not formset.is_valid():
            valid = False
            form.add_error(None, _("Ret fejlene under spørgsmål og introduktion."))
    return valid


@staff_required
@require_http_methods(["GET", "POST"])
def role_create_view(request):
    if not can_create_roles(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = RoleForm(request.POST if posted else None, user=request.user)
    questions, onboarding = _formsets(request.POST if posted else None)
    if posted and _all_valid(form, questions, onboarding):
        try:
            role = role_create(
                acting_user=request.user,
                questions=questions.rows(),
                onboarding=onboarding.rows(),
                **form.service_arguments(),
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Rollen %(title)s er oprettet.") % {"title": role.title})
            return redirect("volunteers:role_staff_detail", role.pk)
    return render(
        request,
        "volunteers/screening/role_form.html",
        {"form": form, "questions": questions, "onboarding": onboarding, "role": None},
    )


@staff_required
@require_GET
def role_staff_detail(request, pk):
    role = access_role(request.user, pk)
    return render(
        request,
        "volunteers/screening/role_detail.html",
        {
            "role": role,
            "target_groups": role.target_groups.all(),
            "focus_areas": role.focus_areas.all(),
            "questions": role.questions.all(),
            "onboarding": role.onboarding.all(),
            "may_change": can_change_role(request.user, role),
            "status_form": RoleStatusForm(initial={"status": role.status}),
            "statuses": RoleStatus,
            "waiting": role.applications.filter(
                status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ON_HOLD]
            ).count(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def role_edit(request, pk):
    role = access_role(request.user, pk, write=True)
    posted = request.method == "POST"
    # A copy: validating a model form writes the input onto its instance.
    form = RoleForm(request.POST if posted else None, instance=copy.copy(role), user=request.user)
    questions, onboarding = _formsets(request.POST if posted else None, role)
    if posted and _all_valid(form, questions, onboarding):
        try:
            updated = role_update(
                role=role,
                acting_user=request.user,
                questions=questions.rows(),
                onboarding=onboarding.rows(),
                **form.service_arguments(changed_only=True),
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            text = _("Ændringerne er gemt.")
            if updated.version != role.version:
                text += " " + _(
                    "Rollens beskrivelse er ændret, så de frivillige i rollen får en ny "
                    "forventningsafstemning at godkende."
                )
            messages.success(request, text)
            return redirect("volunteers:role_staff_detail", role.pk)
    return render(
        request,
        "volunteers/screening/role_form.html",
        {"form": form, "questions": questions, "onboarding": onboarding, "role": role},
    )


@staff_required
@require_POST
def role_status(request, pk):
    role = access_role(request.user, pk, write=True)
    form = RoleStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en status."))
        return redirect("volunteers:role_staff_detail", role.pk)
    role = role_set_status(role=role, status=form.cleaned_data["status"], acting_user=request.user)
    messages.success(
        request, _("Rollen har nu status: %(status)s.") % {"status": role.get_status_display()}
    )
    return redirect("volunteers:role_staff_detail", role.pk)


# --- The volunteer model ------------------------------------------------------------------------


@staff_required
@require_GET
def model_staff(request):
    versions = list(VolunteerModel.objects.select_related("published_by").order_by("-version"))
    return render(
        request,
        "volunteers/screening/model_versions.html",
        {"current": versions[0] if versions else None, "versions": versions},
    )


@staff_required
@require_GET
def model_version(request, version):
    found = get_object_or_404(
        VolunteerModel.objects.select_related("published_by"), version=version
    )
    current = VolunteerModel.current()
    return render(
        request,
        "volunteers/screening/model_version.html",
        {"model": found, "is_current": current is not None and current.pk == found.pk},
    )


@manager_required
@require_http_methods(["GET", "POST"])
def model_publish(request):
    current = VolunteerModel.current()
    if request.method == "POST":
        form = VolunteerModelForm(request.POST)
        if form.is_valid():
            try:
                published = volunteer_model_publish(
                    acting_user=request.user,
                    **{name: form.cleaned_data[name] for name in MODEL_FIELDS},
                )
            except VolunteerError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Version %(version)s af frivillighedsmodellen er udgivet. De frivillige "
                        "får en ny forventningsafstemning at godkende."
                    )
                    % {"version": published.version},
                )
                return redirect("volunteers:model_staff")
    else:
        initial = {name: getattr(current, name) for name in MODEL_FIELDS} if current else {}
        form = VolunteerModelForm(initial=initial)
    return render(
        request, "volunteers/screening/model_form.html", {"form": form, "current": current}
    )


BASE = "personale/frivillige/"

patterns = [
    path(f"{BASE}roller/", role_list, name="role_staff_list"),
    path(f"{BASE}roller/ny/", role_create_view, name="role_create"),
    path(f"{BASE}roller/<int:pk>/", role_staff_detail, name="role_staff_detail"),
    path(f"{BASE}roller/<int:pk>/rediger/", role_edit, name="role_edit"),
    path(f"{BASE}roller/<int:pk>/status/", role_status, name="role_status"),
    path(f"{BASE}frivillighedsmodel/", model_staff, name="model_staff"),
    path(f"{BASE}frivillighedsmodel/ny-version/", model_publish, name="model_publish"),
    path(f"{BASE}frivillighedsmodel/<int:version>/", model_version, name="model_version"),
]
