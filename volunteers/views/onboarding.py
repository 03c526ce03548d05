"""Onboarding: the role's checklist, ticked by staff or by the volunteer themself, and the
volunteer's named contact person/mentor (services.onboarding)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import staff_required

from ..access import access_onboarding, manages_volunteer
from ..forms_agreements import MentorForm
from ..models import OnboardingItem
from ..services import VolunteerError
from ..services.agreements import current_agreement
from ..services.onboarding import (
    onboarding_checklist,
    onboarding_tick,
    onboarding_untick,
    volunteer_set_mentor,
)


def _own(request, application_pk):
    """The volunteer's side: only their own application (404 for anyone else's, staff too)."""
    application = access_onboarding(request.user, application_pk)
    if application.volunteer.user_id != request.user.pk:
        raise Http404
    return application


def _toggle(request, application, item_pk):
    item = get_object_or_404(OnboardingItem, pk=item_pk, role_id=application.role_id)
    done = request.POST.get("done") == "1"
    try:
        if done:
            onboarding_tick(application=application, item=item, acting_user=request.user)
        else:
            onboarding_untick(application=application, item=item, acting_user=request.user)
    except VolunteerError as error:
        messages.error(request, str(error))


@login_required
@require_GET
def my_onboarding(request, application_pk):
    application = _own(request, application_pk)
    return render(
        request,
        "volunteers/agreements/my_onboarding.html",
        {
            "application": application,
            "checklist": onboarding_checklist(application),
            "contact": application.volunteer.mentor or application.role.contact_person,
            "toggle_url_name": "volunteers:my_onboarding_toggle",
        },
    )


@login_required
@require_POST
def my_onboarding_toggle(request, application_pk, item_pk):
    application = _own(request, application_pk)
    _toggle(request, application, item_pk)
    return redirect("volunteers:my_onboarding", application_pk=application.pk)


def _staff_page(request, application, mentor_form=None):
    may_change = manages_volunteer(request.user, application.volunteer)
    return render(
        request,
        "volunteers/agreements/staff_onboarding.html",
        {
            "application": application,
            "volunteer": application.volunteer,
            "checklist": onboarding_checklist(application),
            "agreement": current_agreement(application),
            "may_change": may_change,
            "mentor_form": (
                mentor_form or MentorForm(initial={"mentor": application.volunteer.mentor_id})
            )
            if may_change
            else None,
            "toggle_url_name": "volunteers:onboarding_toggle",
        },
    )


@staff_required
@require_GET
def onboarding_detail(request, application_pk):
    return _staff_page(request, access_onboarding(request.user, application_pk))


@staff_required
@require_POST
def onboarding_toggle(request, application_pk, item_pk):
    application = access_onboarding(request.user, application_pk, write=True)
    _toggle(request, application, item_pk)
    return redirect("volunteers:onboarding_detail", application_pk=application.pk)


@staff_required
@require_POST
def onboarding_mentor(request, application_pk):
    application = access_onboarding(request.user, application_pk, write=True)
    form = MentorForm(request.POST)
    if form.is_valid():
        try:
            volunteer_set_mentor(
                volunteer=application.volunteer,
                mentor=form.cleaned_data["mentor"],
                acting_user=request.user,
            )
        except VolunteerError as error:
            form.add_error("mentor", str(error))
        else:
            messages.success(request, _("Kontaktpersonen er gemt."))
            return redirect("volunteers:onboarding_detail", application_pk=application.pk)
    return _staff_page(request, application, mentor_form=form)


patterns = [
    path(
        "frivillig/min-side/introduktion/<int:application_pk>/", my_onboarding, name="my_onboarding"
    ),
    path(
        "frivillig/min-side/introduktion/<int:application_pk>/punkt/<int:item_pk>/",
        my_onboarding_toggle,
        name="my_onboarding_toggle",
    ),
    path(
        "personale/frivillige/introduktion/<int:application_pk>/",
        onboarding_detail,
        name="onboarding_detail",
    ),
    path(
        "personale/frivillige/introduktion/<int:application_pk>/punkt/<int:item_pk>/",
        onboarding_toggle,
        name="onboarding_toggle",
    ),
    path(
        "personale/frivillige/introduktion/<int:application_pk>/kontaktperson/",
        onboarding_mentor,
        name="onboarding_mentor",
    ),
]
