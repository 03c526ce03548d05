"""Follow-up and exit talks in the back office (services.talks)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import staff_required

from ..access import access_talk, access_volunteer, manages_volunteer
from ..forms_agreements import TalkRecordForm, TalkRescheduleForm, TalkScheduleForm
from ..models import Talk
from ..services import VolunteerError
from ..services.talks import (
    DUE_WITHIN_DAYS,
    talk_record,
    talk_reschedule,
    talk_schedule,
    talks_due,
)

PAGE_SIZE = 50


@staff_required
@require_GET
def talk_overview(request):
    today = timezone.localdate()
    # Queries: the page count, then the page rows with volunteer and staff joined.
    talks = (
        talks_due(today=today)
        .select_related("volunteer__user", "staff")
        .order_by("scheduled_for", "pk")
    )
    page = Paginator(talks, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "volunteers/agreements/talk_overview.html",
        {"page": page, "today": today, "days": DUE_WITHIN_DAYS},
    )


def _volunteer_talks_page(
    request, volunteer, *, schedule_form=None, record_form=None, record_talk=None
):
    talks = list(
        Talk.objects.filter(volunteer=volunteer)
        .select_related("staff")
        .order_by("-scheduled_for", "-pk")
    )
    may_change = manages_volunteer(request.user, volunteer)
    today = timezone.localdate()
    rows = []
    for talk in talks:
        if record_talk is not None and talk.pk == record_talk.pk:
            form = record_form
        else:
            form = TalkRecordForm(
                initial={
                    "held_on": talk.held_on or min(today, talk.scheduled_for),
                    "notes": talk.notes,
                },
                prefix=f"talk-{talk.pk}",
            )
        reschedule = None
        if not talk.held_on:
            reschedule = TalkRescheduleForm(
                initial={"scheduled_for": talk.scheduled_for, "staff": talk.staff_id},
                prefix=f"move-{talk.pk}",
            )
        rows.append({"talk": talk, "record_form": form, "reschedule_form": reschedule})
    return render(
        request,
        "volunteers/agreements/volunteer_talks.html",
        {
            "volunteer": volunteer,
            "rows": rows,
            "may_change": may_change,
            "today": today,
            "schedule_form": schedule_form or TalkScheduleForm(initial={"staff": request.user.pk}),
        },
    )


@staff_required
@require_GET
def volunteer_talks(request, volunteer_pk):
    return _volunteer_talks_page(request, access_volunteer(request.user, volunteer_pk))


@staff_required
@require_POST
def talk_create(request, volunteer_pk):
    volunteer = access_volunteer(request.user, volunteer_pk, write=True)
    form = TalkScheduleForm(request.POST)
    if form.is_valid():
        try:
            talk_schedule(
                volunteer=volunteer,
                kind=form.cleaned_data["kind"],
                scheduled_for=form.cleaned_data["scheduled_for"],
                staff=form.cleaned_data["staff"],
                acting_user=request.user,
            )
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Samtalen er planlagt."))
            return redirect("volunteers:volunteer_talks", volunteer_pk=volunteer.pk)
    return _volunteer_talks_page(request, volunteer, schedule_form=form)


@staff_required
@require_POST
def talk_held(request, pk):
    talk = access_talk(request.user, pk, write=True)
    form = TalkRecordForm(request.POST, prefix=f"talk-{talk.pk}")
    if form.is_valid():
        try:
            talk_record(
                talk=talk,
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
                acting_user=request.user,
            )
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Samtalen er registreret som holdt."))
            return redirect("volunteers:volunteer_talks", volunteer_pk=talk.volunteer_id)
    return _volunteer_talks_page(request, talk.volunteer, record_form=form, record_talk=talk)


@staff_required
@require_POST
def talk_move(request, pk):
    talk = access_talk(request.user, pk, write=True)
    form = TalkRescheduleForm(request.POST, prefix=f"move-{talk.pk}")
    if form.is_valid():
        try:
            talk_reschedule(
                talk=talk,
                scheduled_for=form.cleaned_data["scheduled_for"],
                staff=form.cleaned_data["staff"],
                acting_user=request.user,
            )
        except VolunteerError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Samtalen er flyttet."))
    else:
        messages.error(
            request, " ".join(error for errors in form.errors.values() for error in errors)
        )
    return redirect("volunteers:volunteer_talks", volunteer_pk=talk.volunteer_id)


patterns = [
    path("personale/frivillige/samtaler/", talk_overview, name="talk_overview"),
    path(
        "personale/frivillige/samtaler/frivillig/<int:volunteer_pk>/",
        volunteer_talks,
        name="volunteer_talks",
    ),
    path(
        "personale/frivillige/samtaler/frivillig/<int:volunteer_pk>/planlaeg/",
        talk_create,
        name="talk_create",
    ),
    path("personale/frivillige/samtaler/<int:pk>/holdt/", talk_held, name="talk_held"),
    path("personale/frivillige/samtaler/<int:pk>/flyt/", talk_move, name="talk_move"),
]
