"""Screening in the back office: applications to volunteer roles, notes from the talk, and the
decisions (approve / decline / put on hold), one POST-only URL per action (see urls.py).

Staff read every application; deciding is for managers and the tovholder/koordinator of the
role's branch/team (volunteers.access). The role and volunteer-model back office lives in
staff_roles.py; its routes are added to this module's patterns.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import staff_required

from ..access import access_application, can_decide_application
from ..forms import DeclineForm, HoldForm, NoteForm, ScreeningFilterForm
from ..models import Application, ApplicationStatus
from ..services import VolunteerError
from ..services.applications import (
    DECIDABLE,
    age_this_year,
    answers_as_list,
    application_approve,
    application_decline,
    application_hold,
    application_note_add,
)
from . import staff_roles

PAGE_SIZE = 25


@staff_required
@require_GET
def screening_list(request):
    form = ScreeningFilterForm(request.GET)
    # Queries: the count and the page of applications joined with the volunteer's user and the
    # role's branch and team; the filter form's roles, branches and teams.
    applications = form.filter(
        Application.objects.select_related("volunteer__user", "role__branch", "role__team")
    ).order_by("created_at", "pk")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "volunteers/screening/list.html",
        {"form": form, "page": page, "filtered": form.filtered},
    )


def _render_detail(request, application: Application, *, status=200, **bound_forms):
    forms = {
        "note_form": NoteForm(prefix="note"),
        "decline_form": DeclineForm(prefix="decline"),
        "hold_form": HoldForm(prefix="hold"),
    }
    forms.update(bound_forms)
    volunteer = application.volunteer
    context = {
        "application": application,
        "volunteer": volunteer,
        "applicant": volunteer.user,
        "age": age_this_year(volunteer.birth_year) if volunteer.birth_year else None,
        "answers": answers_as_list(application),
        "notes": application.notes.select_related("author"),
        "other_applications": volunteer.applications.exclude(pk=application.pk).select_related(
            "role"
        ),
        "may_decide": can_decide_application(request.user, application),
        "may_approve": application.status in DECIDABLE["approve"],
        "may_decline": application.status in DECIDABLE["decline"],
        "may_hold": application.status in DECIDABLE["hold"],
        "shows_reason": application.status
        in {ApplicationStatus.DECLINED, ApplicationStatus.ON_HOLD},
        **forms,
    }
    return render(request, "volunteers/screening/detail.html", context, status=status)


def _back(application: Application, anchor: str = ""):
    response = redirect("volunteers:screening_detail", application.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@staff_required
@require_GET
def screening_detail(request, pk):
    return _render_detail(request, access_application(request.user, pk))


@staff_required
@require_POST
def screening_note(request, pk):
    # Every staff member may note what came out of a talk; deciding is another matter.
    application = access_application(request.user, pk)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            application_note_add(
                application=application, acting_user=request.user, body=form.cleaned_data["body"]
            )
        except VolunteerError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Noten er gemt. Ansøgeren ser den ikke."))
            return _back(application, "noter")
    return _render_detail(request, application, note_form=form)


@staff_required
@require_POST
def screening_approve(request, pk):
    application = access_application(request.user, pk, write=True)
    try:
        application_approve(application=application, acting_user=request.user)
    except VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Ansøgningen er godkendt. Ansøgeren får besked på e-mail og en "
                "forventningsafstemning at godkende."
            ),
        )
    return _back(application)


@staff_required
@require_POST
def screening_decline(request, pk):
    application = access_application(request.user, pk, write=True)
    form = DeclineForm(request.POST, prefix="decline")
    if form.is_valid():
        try:
            application_decline(
                application=application,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Ansøgningen er afvist. Ansøgeren får begrundelsen på e-mail.")
            )
            return _back(application)
    return _render_detail(request, application, decline_form=form)


@staff_required
@require_POST
def screening_hold(request, pk):
    application = access_application(request.user, pk, write=True)
    form = HoldForm(request.POST, prefix="hold")
    if form.is_valid():
        try:
            application_hold(
                application=application,
                acting_user=request.user,
                message=form.cleaned_data["message"],
            )
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Ansøgningen er sat i bero. Ansøgeren får besked på e-mail.")
            )
            return _back(application)
    return _render_detail(request, application, hold_form=form)


BASE = "personale/frivillige/ansoegninger/"

patterns = [
    path(BASE, screening_list, name="screening_list"),
    path(f"{BASE}<int:pk>/", screening_detail, name="screening_detail"),
    path(f"{BASE}<int:pk>/note/", screening_note, name="screening_note"),
    path(f"{BASE}<int:pk>/godkend/", screening_approve, name="screening_approve"),
    path(f"{BASE}<int:pk>/afvis/", screening_decline, name="screening_decline"),
    path(f"{BASE}<int:pk>/i-bero/", screening_hold, name="screening_hold"),
    *staff_roles.patterns,
]
