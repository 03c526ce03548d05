"""Who may see and change the library's organisation (ARCHITECTURE.md "Roles").

Staff may read everything here; citizens and outsiders get 404. Changes: managers everywhere,
a tovholder on their own branch, a koordinator on their own team. Focus areas and the library
settings are the managers' alone.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_library_staff, is_manager

from .models import Branch, FocusArea, Library, Team


def leads_branch(user, branch: Branch | None) -> bool:
    return bool(branch and user.is_authenticated and branch.tovholder_id == user.pk)


def coordinates_team(user, team: Team | None) -> bool:
    return bool(team and user.is_authenticated and team.koordinator_id == user.pk)


def _require_staff(user):
    if not is_library_staff(user):
        raise Http404


def can_change_branch(user, branch: Branch) -> bool:
    return is_manager(user) or leads_branch(user, branch)


def can_change_team(user, team: Team) -> bool:
    return (
        is_manager(user)
        or coordinates_team(user, team)
        or (team.branch is not None and leads_branch(user, team.branch))
    )


def access_branch(user, pk, *, write: bool = False) -> Branch:
    _require_staff(user)
    branch = get_object_or_404(Branch.objects.select_related("tovholder"), pk=pk)
    if write and not can_change_branch(user, branch):
        raise PermissionDenied
    return branch


def access_team(user, pk, *, write: bool = False) -> Team:
    _require_staff(user)
    team = get_object_or_404(Team.objects.select_related("branch", "koordinator"), pk=pk)
    if write and not can_change_team(user, team):
        raise PermissionDenied
    return team


def access_focus_area(user, pk, *, write: bool = False) -> FocusArea:
    _require_staff(user)
    focus_area = get_object_or_404(FocusArea, pk=pk)
    if write and not is_manager(user):
        raise PermissionDenied
    return focus_area


def access_library(user, *, write: bool = False) -> Library:
    _require_staff(user)
    if write and not is_manager(user):
        raise PermissionDenied
    return Library.load()
