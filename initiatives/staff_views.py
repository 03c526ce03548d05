"""The back office for initiatives: triage list, board, registering an idea, and the working
page with one URL per action. Thin views: access check, validate, call a service, redirect."""

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import staff_required
from organisation.forms import staff_users
from organisation.models import Branch, FocusArea, TargetGroup

from . import services
from .access import access_attachment, access_initiative
from .filters import AGE_CHOICES, OWNER_ME, OWNER_NONE, SORT_CHOICES, BoardFilter, InitiativeFilter
from .models import (
    CLOSED_STATUSES,
    Attachment,
    Initiative,
    Message,
    Status,
    StatusChange,
)
from .services import InitiativeError
from .staff_forms import (
    ActivityForm,
    AssignForm,
    NoteForm,
    RegisterForm,
    ReplyForm,
    StatusForm,
    WorkForm,
)

PAGE_SIZE = 25
# The board: open statuses and the recently realised, one column each; the rest as counts.
BOARD_STATUSES = [
    Status.RECEIVED,
    Status.IN_DIALOGUE,
    Status.PLANNING,
    Status.SCHEDULED,
    Status.HELD,
]
BOARD_SUMMARY_STATUSES = [
    Status.EVALUATED,
    Status.DECLINED,
    Status.REFERRED,
    Status.WITHDRAWN,
    Status.DUPLICATE,
]
BOARD_CARDS_PER_COLUMN = 30


# --- Filters shared by the list and the board ---------------------------------------------------


def _options(pairs, selected) -> list[dict]:
    selected = {str(value) for value in selected if value not in (None, "")}
    return [
        {"value": str(value), "label": label, "selected": str(value) in selected}
        for value, label in pairs
    ]


def _filter_options(filter_data: QueryDict, *, board: bool = False) -> dict:
    """What the filter form offers, with what is chosen now: one query for each of branches,
    focus areas, staff and (the list only) target groups."""
    owner_pairs = [(OWNER_ME, _("Mig")), (OWNER_NONE, _("Ingen ansvarlig"))] + [
        (user.pk, user.name or user.email) for user in staff_users()
    ]
    options = {
        "branch": _options(
            ((b.pk, b.name) for b in Branch.objects.order_by("kind", "name")),
            [filter_data.get("branch")],
        ),
        "focus_area": _options(
            ((f.pk, f.name) for f in FocusArea.objects.order_by("-is_active", "order", "name")),
            [filter_data.get("focus_area")],
        ),
        "owner": _options(owner_pairs, [filter_data.get("owner")]),
    }
    if board:
        return options
    return {
        **options,
        "status": _options(Status.choices, filter_data.getlist("status")),
        "target_group": _options(
            ((t.pk, str(t)) for t in TargetGroup.objects.order_by("order")),
            [filter_data.get("target_group")],
        ),
        "age": _options(AGE_CHOICES, [filter_data.get("age")]),
        "sort": _options(SORT_CHOICES, [filter_data.get("sort")]),
        "q": filter_data.get("q", ""),
        "overdue": filter_data.get("overdue") in {"1", "on", "true", "True"},
    }


def _is_partial(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _filters_used(filter_data: QueryDict, names) -> bool:
    return any(value for name in names for value in filter_data.getlist(name))


# --- Triage list --------------------------------------------------------------------------------


@staff_required
@require_GET
def triage(request):
    filter_data = request.GET.copy()
    filter_data.pop("side", None)
    # Queries: the page count, the page rows (branch and owner joined); the filter form's
    # branches, focus areas, target groups and staff. is_overdue is computed from the row.
    filterset = InitiativeFilter(
        filter_data,
        queryset=Initiative.objects.select_related("preferred_branch", "owner"),
        request=request,
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "page": page,
        "filtered": _filters_used(
            filter_data,
            ["status", "branch", "focus_area", "target_group", "owner", "age", "overdue", "q"],
        ),
    }
    if _is_partial(request):
        response = render(request, "initiatives/staff/_rows.html", context)
    else:
        context["options"] = _filter_options(filter_data)
        response = render(request, "initiatives/staff/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Board --------------------------------------------------------------------------------------


@staff_required
@require_GET
def board(request):
    filter_data = request.GET.copy()
    filterset = BoardFilter(filter_data, queryset=Initiative.objects.all(), request=request)
    filtered = filterset.qs
    # Queries: one count per status (a single GROUP BY), one for every column's cards (ranked
    # per status by a window function, so each column is capped without a query per column),
    # plus the filter form's branches, focus areas and staff (see _filter_options).
    counts = dict(
        filtered.order_by().values_list("status").annotate(total=Count("pk", distinct=True))
    )
    cards = (
        filtered.filter(status__in=BOARD_STATUSES)
        .select_related("owner")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("status_changed_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=BOARD_CARDS_PER_COLUMN)
        .order_by("status_changed_at", "pk")
    )
    by_status: dict[str, list] = {status: [] for status in BOARD_STATUSES}
    for card in cards:
        by_status[card.status].append(card)

    board_query = filter_data.urlencode()
    columns = [
        {
            "status": status,
            "label": Status(status).label,
            "cards": by_status[status],
            "total": counts.get(status, 0),
            "more": max(0, counts.get(status, 0) - len(by_status[status])),
            "list_url": _list_url(filter_data, status),
        }
        for status in BOARD_STATUSES
    ]
    summary = [
        {
            "status": status,
            "label": Status(status).label,
            "total": counts.get(status, 0),
            "list_url": _list_url(filter_data, status),
        }
        for status in BOARD_SUMMARY_STATUSES
    ]
    options = _filter_options(filter_data, board=True)
    return render(
        request,
        "initiatives/staff/board.html",
        {
            "columns": columns,
            "summary": summary,
            "options": options,
            "board_query": board_query,
            "filtered": _filters_used(filter_data, ["branch", "focus_area", "owner"]),
        },
    )


def _list_url(filter_data: QueryDict, status: str) -> str:
    params = QueryDict(mutable=True)
    for name in ("branch", "focus_area", "owner"):
        if filter_data.get(name):
            params[name] = filter_data[name]
    params["status"] = status
    return f"{reverse('initiatives:staff_list')}?{params.urlencode()}"


# --- Registering an idea heard in dialogue ------------------------------------------------------


@staff_required
def register(request):
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            initiative = services.initiative_register(acting_user=request.user, **arguments)
        except InitiativeError as exc:
            refused_contact = form.has_contact_data() and not arguments["consent_given"]
            form.add_error("consent" if refused_contact else None, str(exc))
        else:
            messages.success(
                request,
                _("Idéen er registreret som initiativ #%(pk)s.") % {"pk": initiative.pk},
            )
            return redirect(initiative)
    return render(request, "initiatives/staff/register.html", {"form": form})


# --- The working page ---------------------------------------------------------------------------


def _thread(queryset):
    return queryset.select_related("author").prefetch_related("attachments")


def _render_detail(request, initiative: Initiative, **bound_forms):
    """The detail page; a POST action with errors passes its bound form to show them."""
    duplicates = initiative.duplicates.select_related("registered_by").prefetch_related(
        Prefetch("messages", queryset=_thread(Message.objects.all())),
        Prefetch("attachments", queryset=Attachment.objects.filter(message__isnull=True)),
        Prefetch("history", queryset=StatusChange.objects.select_related("actor")),
    )
    forms = {
        "status_form": StatusForm(initiative=initiative, prefix="status"),
        "assign_form": AssignForm(initial={"owner": initiative.owner_id}, prefix="assign"),
        "work_form": WorkForm(instance=copy.copy(initiative), prefix="work"),
        "reply_form": ReplyForm(initiative=initiative, prefix="reply"),
        "note_form": NoteForm(prefix="note"),
        "activity_form": ActivityForm(
            initiative=initiative, initial=ActivityForm.initial_for(initiative), prefix="activity"
        ),
    }
    forms.update(bound_forms)
    context = {
        "initiative": initiative,
        "target_groups": initiative.target_groups.all(),
        "focus_areas": initiative.focus_areas.all(),
        "attachments": initiative.attachments.filter(message__isnull=True),
        "thread": _thread(initiative.messages.all()),
        "history": initiative.history.select_related("actor"),
        "duplicates": duplicates,
        "activities": initiative.activities.select_related("branch").order_by("starts_at"),
        "allowed_transitions": forms["status_form"].fields["to_status"].widget.choices,
        "can_reissue_link": bool(initiative.contact_email) and not initiative.anonymised_at,
        "is_closed_for_activities": initiative.status in CLOSED_STATUSES,
        **forms,
    }
    return render(request, "initiatives/staff/detail.html", context)


def _back(initiative: Initiative, anchor: str = ""):
    url = initiative.get_absolute_url()
    return redirect(f"{url}#{anchor}" if anchor else url)


@staff_required
@require_GET
def detail(request, pk):
    return _render_detail(request, access_initiative(request.user, pk))


@staff_required
@require_POST
def change_status(request, pk):
    initiative = access_initiative(request.user, pk, write=True)
    form = StatusForm(request.POST, initiative=initiative, prefix="status")
    if form.is_valid():
        try:
            change = services.initiative_change_status(
                initiative=initiative,
                acting_user=request.user,
                to_status=form.cleaned_data["to_status"],
                message=form.cleaned_data["message"],
                referred_to=form.cleaned_data["referred_to"],
                duplicate_of=form.cleaned_data["duplicate_of"],
            )
        except InitiativeError as exc:
            form.add_error(form.field_for_error(), str(exc))
        else:
            text = _("Status er ændret til '%(status)s'.") % {
                "status": Status(change.to_status).label
            }
            if change.citizen_notified:
                text += " " + _("Borgeren får besked på e-mail.")
            messages.success(request, text)
            return _back(initiative)
    return _render_detail(request, initiative, status_form=form)


@staff_required
@require_POST
def assign(request, pk):
    initiative = access_initiative(request.user, pk, write=True)
    form = AssignForm(request.POST, prefix="assign")
    if form.is_valid():
        owner = form.cleaned_data["owner"]
        try:
            services.initiative_assign(initiative=initiative, owner=owner, acting_user=request.user)
        except InitiativeError as exc:
            form.add_error("owner", str(exc))
        else:
            if owner is None:
                messages.success(request, _("Initiativet har ikke længere en ansvarlig."))
            elif owner == request.user:
                messages.success(request, _("Du er nu ansvarlig for initiativet."))
            else:
                messages.success(request, _("%(name)s er nu ansvarlig.") % {"name": owner})
            return _back(initiative)
    return _render_detail(request, initiative, assign_form=form)


@staff_required
@require_POST
def update(request, pk):
    initiative = access_initiative(request.user, pk, write=True)
    form = WorkForm(request.POST, instance=copy.copy(initiative), prefix="work")
    if form.is_valid():
        try:
            services.initiative_update(
                initiative=initiative, acting_user=request.user, **form.service_arguments()
            )
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return _back(initiative, "arbejdet")
    return _render_detail(request, initiative, work_form=form)


@staff_required
@require_POST
def reply(request, pk):
    initiative = access_initiative(request.user, pk, write=True)
    form = ReplyForm(request.POST, request.FILES, initiative=initiative, prefix="reply")
    if form.is_valid():
        try:
            services.initiative_post(
                initiative=initiative,
                acting_user=request.user,
                body=form.cleaned_data["body"],
                internal=False,
                attachments=form.cleaned_data["attachments"],
            )
        except InitiativeError as exc:
            form.add_error("body", str(exc))
        else:
            if initiative.contact_email:
                messages.success(request, _("Svaret er sendt til borgeren på e-mail."))
            else:
                messages.success(request, _("Svaret er gemt i tråden."))
            return _back(initiative, "traad")
    return _render_detail(request, initiative, reply_form=form)


@staff_required
@require_POST
def note(request, pk):
    initiative = access_initiative(request.user, pk, write=True)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            services.initiative_post(
                initiative=initiative,
                acting_user=request.user,
                body=form.cleaned_data["body"],
                internal=True,
            )
        except InitiativeError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Den interne note er gemt. Borgeren ser den ikke."))
            return _back(initiative, "traad")
    return _render_detail(request, initiative, note_form=form)


@staff_required
@require_POST
def create_activity(request, pk):
    initiative = access_initiative(request.user, pk, write=True)
    form = ActivityForm(request.POST, initiative=initiative, prefix="activity")
    if form.is_valid():
        try:
            activity = services.initiative_create_activity(
                initiative=initiative, acting_user=request.user, **form.service_arguments()
            )
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Aktiviteten '%(title)s' er oprettet. Initiativet har nu status '%(status)s'.")
                % {"title": activity.title, "status": initiative.get_status_display()},
            )
            return _back(initiative, "aktiviteter")
    return _render_detail(request, initiative, activity_form=form)


@staff_required
@require_POST
def reissue_link(request, pk):
    initiative = access_initiative(request.user, pk, write=True)
    if not initiative.contact_email or initiative.anonymised_at:
        messages.error(request, _("Borgeren har ingen e-mail, så vi kan ikke sende et nyt link."))
        return _back(initiative)
    services.tracking_revoke(initiative=initiative, acting_user=request.user, reissue=True)
    messages.success(
        request, _("Borgeren får et nyt link på e-mail. Det gamle link virker ikke længere.")
    )
    return _back(initiative)


@staff_required
@require_GET
def attachment(request, pk):
    """A citizen's or staff member's file, only through this access-checked view."""
    found = access_attachment(request.user, pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
