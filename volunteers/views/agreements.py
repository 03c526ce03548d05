"""Expectation agreements (forventningsafstemning): the volunteer's side and the back office.

Thin views: access check, validate, call a service (services.agreements), redirect or render.
The PDF served is always the stored file: its bytes never change once rendered.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import staff_required

from ..access import access_agreement, access_own_agreement
from ..forms_agreements import FollowUpForm, VolunteerAcceptForm
from ..models import Agreement, ApplicationStatus
from ..services import VolunteerError
from ..services.agreements import (
    agreement_accept_by_staff,
    agreement_accept_by_volunteer,
    agreement_render_pdf,
    agreement_set_follow_up,
    may_accept_for_library,
)

PAGE_SIZE = 25


def _versions(agreement: Agreement):
    """Every version of the same application's agreement, newest first (one query)."""
    return list(
        Agreement.objects.filter(application_id=agreement.application_id)
        .only("pk", "version", "superseded_at", "volunteer_accepted_at", "staff_accepted_at", "pdf")
        .order_by("-version")
    )


def _pdf_response(agreement: Agreement):
    if not agreement.is_accepted:
        raise Http404
    if not agreement.pdf:
        # Rendering after acceptance failed or has not run yet: render (once) now.
        agreement = agreement_render_pdf(agreement_pk=agreement.pk)
    filename = f"forventningsafstemning-v{agreement.version}.pdf"
    return FileResponse(
        agreement.pdf.open("rb"),
        as_attachment=False,
        filename=filename,
        content_type="application/pdf",
    )


# --- The volunteer's side ---------------------------------------------------------------------


@login_required
@require_GET
def my_agreements(request):
    # Queries: the agreements with their application and role (one join).
    agreements = (
        Agreement.objects.filter(application__volunteer__user=request.user)
        .select_related("application__role")
        .order_by("application__role__title", "application_id", "-version")
    )
    return render(request, "volunteers/agreements/my_list.html", {"agreements": agreements})


def _my_agreement_page(request, agreement, form=None):
    may_accept = (
        agreement.superseded_at is None
        and agreement.volunteer_accepted_at is None
        and agreement.application.status == ApplicationStatus.APPROVED
    )
    if may_accept and form is None:
        form = VolunteerAcceptForm(user=request.user)
    return render(
        request,
        "volunteers/agreements/my_detail.html",
        {
            "agreement": agreement,
            "versions": _versions(agreement),
            "form": form if may_accept else None,
        },
    )


@login_required
@require_GET
def my_agreement(request, pk):
    return _my_agreement_page(request, access_own_agreement(request.user, pk))


@login_required
@require_POST
def my_agreement_accept(request, pk):
    agreement = access_own_agreement(request.user, pk)
    form = VolunteerAcceptForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            agreement_accept_by_volunteer(
                agreement=agreement,
                typed_name=form.cleaned_data["full_name"],
                confirmed=form.cleaned_data["confirm"],
                acting_user=request.user,
            )
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Tak. Du har godkendt forventningsafstemningen."))
            return redirect("volunteers:my_agreement", pk=agreement.pk)
    agreement.refresh_from_db()
    return _my_agreement_page(request, agreement, form=form)


@login_required
@require_GET
def my_agreement_pdf(request, pk):
    return _pdf_response(access_own_agreement(request.user, pk))


# --- The back office --------------------------------------------------------------------------

LIST_FILTERS = {
    "venter": (gettext_lazy("Venter på biblioteket"), {"staff_accepted_at__isnull": True}),
    "frivillig": (
        gettext_lazy("Venter på den frivillige"),
        {"volunteer_accepted_at__isnull": True},
    ),
    "godkendt": (
        gettext_lazy("Godkendt af begge"),
        {"volunteer_accepted_at__isnull": False, "staff_accepted_at__isnull": False},
    ),
    "alle": (gettext_lazy("Alle gældende"), {}),
}


@staff_required
@require_GET
def agreement_list(request):
    shown = request.GET.get("vis", "venter")
    if shown not in LIST_FILTERS:
        shown = "venter"
    # Queries: the page count, then the page rows with volunteer, role and branch joined.
    agreements = (
        Agreement.objects.filter(
            superseded_at__isnull=True,
            application__status=ApplicationStatus.APPROVED,
            **LIST_FILTERS[shown][1],
        )
        .select_related(
            "application__volunteer__user", "application__role__branch", "contact_person"
        )
        .order_by("created_at", "pk")
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "volunteers/agreements/staff_list.html",
        {
            "page": page,
            "shown": shown,
            "filters": [(key, label) for key, (label, _filter) in LIST_FILTERS.items()],
        },
    )


def _staff_agreement_page(request, agreement, *, follow_up_form=None):
    open_for_changes = (
        agreement.superseded_at is None
        and agreement.application.status == ApplicationStatus.APPROVED
    )
    may_accept = may_accept_for_library(request.user, agreement)
    follow_up_editable = (
        open_for_changes
        and may_accept
        and not agreement.volunteer_accepted_at
        and not agreement.staff_accepted_at
    )
    if follow_up_editable and follow_up_form is None:
        follow_up_form = FollowUpForm(initial={"follow_up_on": agreement.follow_up_on})
    return render(
        request,
        "volunteers/agreements/staff_detail.html",
        {
            "agreement": agreement,
            "versions": _versions(agreement),
            "may_accept": open_for_changes and may_accept and not agreement.staff_accepted_at,
            "follow_up_form": follow_up_form if follow_up_editable else None,
        },
    )


@staff_required
@require_GET
def agreement_detail(request, pk):
    return _staff_agreement_page(request, access_agreement(request.user, pk))


@staff_required
@require_POST
def agreement_accept(request, pk):
    agreement = access_agreement(request.user, pk, write=True)
    try:
        agreement_accept_by_staff(agreement=agreement, acting_user=request.user)
    except VolunteerError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Du har godkendt forventningsafstemningen på bibliotekets vegne.")
        )
    return redirect("volunteers:agreement_detail", pk=agreement.pk)


@staff_required
@require_POST
def agreement_follow_up(request, pk):
    agreement = access_agreement(request.user, pk, write=True)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            agreement_set_follow_up(
                agreement=agreement,
                follow_up_on=form.cleaned_data["follow_up_on"],
                acting_user=request.user,
            )
        except VolunteerError as error:
            # The date is no longer editable (accepted meanwhile): the form is not shown again.
            messages.error(request, str(error))
        else:
            messages.success(request, _("Datoen for opfølgning er ændret."))
        return redirect("volunteers:agreement_detail", pk=agreement.pk)
    return _staff_agreement_page(request, agreement, follow_up_form=form)


@staff_required
@require_GET
def agreement_pdf(request, pk):
    return _pdf_response(access_agreement(request.user, pk))


patterns = [
    path("frivillig/min-side/aftaler/", my_agreements, name="my_agreements"),
    path("frivillig/min-side/aftale/<int:pk>/", my_agreement, name="my_agreement"),
    path(
        "frivillig/min-side/aftale/<int:pk>/godkend/",
        my_agreement_accept,
        name="my_agreement_accept",
    ),
    path("frivillig/min-side/aftale/<int:pk>/pdf/", my_agreement_pdf, name="my_agreement_pdf"),
    path("personale/frivillige/aftaler/", agreement_list, name="agreement_list"),
    path("personale/frivillige/aftaler/<int:pk>/", agreement_detail, name="agreement_detail"),
    path(
        "personale/frivillige/aftaler/<int:pk>/godkend/", agreement_accept, name="agreement_accept"
    ),
    path(
        "personale/frivillige/aftaler/<int:pk>/opfoelgning/",
        agreement_follow_up,
        name="agreement_follow_up",
    ),
    path("personale/frivillige/aftaler/<int:pk>/pdf/", agreement_pdf, name="agreement_pdf"),
]
