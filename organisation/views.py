import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import is_manager, manager_required, staff_required

from . import services
from .access import (
    access_branch,
    access_focus_area,
    access_library,
    access_team,
    can_change_branch,
    can_change_team,
)
from .forms import BranchForm, FocusAreaForm, FocusTargetFormSet, LibraryForm, TeamForm
from .models import Branch, BranchKind, FocusArea, Team

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))


def _form_error(form, exc: Exception):
    """Show a rule broken in a service on the form, never as a 500."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, str(exc.messages[0] if hasattr(exc, "messages") else exc))


# --- Branches ---------------------------------------------------------------------------------


@staff_required
def branch_list(request):
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("type", "")
    show = request.GET.get("vis", "aktive")
    branches = Branch.objects.select_related("tovholder").annotate(
        team_count=Count("teams", filter=Q(teams__is_active=True))
    )
    if query:
        branches = branches.filter(
            Q(name__icontains=query) | Q(city__icontains=query) | Q(address__icontains=query)
        )
    if kind in BranchKind.values:
        branches = branches.filter(kind=kind)
    if show != "alle":
        branches = branches.filter(is_active=True)
    return render(
        request,
        "organisation/branch_list.html",
        {
            "page": _page(request, branches.order_by("kind", "name")),
            "query": query,
            "kind": kind,
            "show": show,
            "kinds": BranchKind.choices,
            "can_create": is_manager(request.user),
        },
    )


@staff_required
def branch_detail(request, pk):
    branch = access_branch(request.user, pk)
    teams = branch.teams.filter(is_active=True).select_related("koordinator")
    return render(
        request,
        "organisation/branch_detail.html",
        {"branch": branch, "teams": teams, "can_change": can_change_branch(request.user, branch)},
    )


@manager_required
def branch_create(request):
    form = BranchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            branch = services.branch_create(acting_user=request.user, **form.cleaned_data)
        except (ValidationError, services.OrganisationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Filialen %(name)s er oprettet.") % {"name": branch.name})
            return redirect(branch)
    return render(request, "organisation/branch_form.html", {"form": form, "branch": None})


@staff_required
def branch_edit(request, pk):
    branch = access_branch(request.user, pk, write=True)
    can_assign = is_manager(request.user)
    # The form validates a copy: is_valid() writes into its instance, and the service must see
    # the stored values to know (and log) what changed.
    form = BranchForm(request.POST or None, instance=copy.copy(branch), can_assign_lead=can_assign)
    if request.method == "POST" and form.is_valid():
        try:
            services.branch_update(branch=branch, acting_user=request.user, **form.cleaned_data)
        except (ValidationError, services.OrganisationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect(branch)
    return render(request, "organisation/branch_form.html", {"form": form, "branch": branch})


# --- Teams ------------------------------------------------------------------------------------


@staff_required
def team_list(request):
    query = request.GET.get("q", "").strip()
    branch_id = request.GET.get("filial", "")
    mine = request.GET.get("mine") == "1"
    teams = Team.objects.select_related("branch", "koordinator").annotate(
        member_count=Count("members", distinct=True)
    )
    if query:
        teams = teams.filter(Q(name__icontains=query) | Q(description__icontains=query))
    if branch_id.isdigit():
        teams = teams.filter(branch_id=int(branch_id))
    if mine:
        teams = teams.filter(Q(members=request.user) | Q(koordinator=request.user)).distinct()
    teams = teams.filter(is_active=True).order_by("name")
    return render(
        request,
        "organisation/team_list.html",
        {
            "page": _page(request, teams),
            "query": query,
            "branch_id": branch_id,
            "mine": mine,
            "branches": Branch.objects.filter(is_active=True),
            "can_create": is_manager(request.user),
        },
    )


@staff_required
def team_detail(request, pk):
    team = access_team(request.user, pk)
    return render(
        request,
        "organisation/team_detail.html",
        {
            "team": team,
            "members": team.members.order_by("name", "email"),
            "can_change": can_change_team(request.user, team),
        },
    )


def _team_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["members"] = list(data.get("members") or [])
    return data


@manager_required
def team_create(request):
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(acting_user=request.user, **_team_data(form))
        except (ValidationError, services.OrganisationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Holdet %(name)s er oprettet.") % {"name": team.name})
            return redirect(team)
    return render(request, "organisation/team_form.html", {"form": form, "team": None})


@staff_required
def team_edit(request, pk):
    team = access_team(request.user, pk, write=True)
    can_assign = is_manager(request.user) or (
        team.branch is not None and team.branch.tovholder_id == request.user.pk
    )
    initial = {"members": list(team.members.all())}
    form = TeamForm(
        request.POST or None, instance=copy.copy(team), initial=initial, can_assign_lead=can_assign
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(team=team, acting_user=request.user, **_team_data(form))
        except (ValidationError, services.OrganisationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect(team)
    return render(request, "organisation/team_form.html", {"form": form, "team": team})


# --- Focus areas ------------------------------------------------------------------------------


@staff_required
def focus_area_list(request):
    focus_areas = FocusArea.objects.prefetch_related("targets").order_by(
        "-is_active", "order", "name"
    )
    return render(
        request,
        "organisation/focus_area_list.html",
        {"page": _page(request, focus_areas), "can_create": is_manager(request.user)},
    )


@staff_required
def focus_area_detail(request, pk):
    focus_area = access_focus_area(request.user, pk)
    return render(
        request,
        "organisation/focus_area_detail.html",
        {
            "focus_area": focus_area,
            "targets": focus_area.targets.all(),
            "can_change": is_manager(request.user),
        },
    )


def _focus_area_form(request, focus_area):
    form = FocusAreaForm(request.POST or None, instance=copy.copy(focus_area))
    initial = [
        {
            "id": t.pk,
            "description": t.description,
            "target_value": t.target_value,
            "unit": t.unit,
            "period": t.period,
        }
        for t in (focus_area.targets.all() if focus_area.pk else [])
    ]
    targets = FocusTargetFormSet(request.POST or None, initial=initial, prefix="maal")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        target_rows = [
            {key: row[key] for key in ("id", "description", "target_value", "unit", "period")}
            for row in targets.cleaned_data
            if row and not row.get("DELETE")
        ]
        try:
            saved = services.focus_area_save(
                focus_area=focus_area,
                acting_user=request.user,
                targets=target_rows,
                **form.cleaned_data,
            )
        except (ValidationError, services.OrganisationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Indsatsområdet %(name)s er gemt.") % {"name": saved.name})
            return redirect(saved)
    return render(
        request,
        "organisation/focus_area_form.html",
        {"form": form, "targets": targets, "focus_area": focus_area if focus_area.pk else None},
    )


@manager_required
def focus_area_create(request):
    return _focus_area_form(request, FocusArea())


@staff_required
def focus_area_edit(request, pk):
    return _focus_area_form(request, access_focus_area(request.user, pk, write=True))


# --- Library settings -------------------------------------------------------------------------


@staff_required
def library_settings(request):
    library = access_library(request.user)
    return render(
        request,
        "organisation/library_settings.html",
        {"library_obj": library, "can_change": is_manager(request.user)},
    )


@staff_required
def library_settings_edit(request):
    library = access_library(request.user, write=True)
    form = LibraryForm(request.POST or None, request.FILES or None, instance=copy.copy(library))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if data.get("logo") is False:  # "clear" ticked
            data["logo"] = None
        try:
            services.library_update(acting_user=request.user, **data)
        except (ValidationError, services.OrganisationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Bibliotekets oplysninger er gemt."))
            return redirect("staff:library_settings")
    return render(request, "organisation/library_form.html", {"form": form})
