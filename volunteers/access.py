"""Who may see and change what in the volunteers app (ARCHITECTURE.md "Roles").

One ``access_<thing>`` helper per object: it fetches and authorises in one step. An outsider
gets 404 (the object does not announce itself); someone who may read but not change gets 403.

- A volunteer only ever sees their own things.
- Staff read everything in the back office.
- Roles and applications are changed and decided by managers, the tovholder of the role's
  branch and the koordinator of the role's team.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_library_staff, is_manager
from organisation.access import coordinates_team, leads_branch
from organisation.models import Branch, Team

from .models import Agreement, Application, Talk, Volunteer, VolunteerRole

# --- Roles (opgavebeskrivelser) -----------------------------------------------------------------


def can_change_role(user, role: VolunteerRole) -> bool:
    """Managers, the tovholder of the role's branch, the koordinator of the role's team."""
    return is_library_staff(user) and (
        is_manager(user) or leads_branch(user, role.branch) or coordinates_team(user, role.team)
    )


def can_place_role(user, branch: Branch | None, team: Team | None) -> bool:
    """May this person put a role at this branch/team (create it there or move it there)?"""
    return is_library_staff(user) and (
        is_manager(user) or leads_branch(user, branch) or coordinates_team(user, team)
    )


def can_create_roles(user) -> bool:
    """Managers, and staff who lead a branch or coordinate a team (for their own)."""
    if not is_library_staff(user):
        return False
    if is_manager(user):
        return True
    return (
        Branch.objects.filter(tovholder=user).exists()
        or Team.objects.filter(koordinator=user).exists()
    )


def access_role(user, pk, *, write: bool = False) -> VolunteerRole:
    """Back office: staff read every role; changing one is for those who lead it."""
    if not is_library_staff(user):
        raise Http404
    role = get_object_or_404(
        VolunteerRole.objects.select_related("branch", "team", "contact_person", "activity"), pk=pk
    )
    if write and not can_change_role(user, role):
        raise PermissionDenied
    return role


def access_public_role(slug: str) -> VolunteerRole:
    """Public side: every role has a page (a paused or closed one says so); unknown is 404."""
    return get_object_or_404(
        VolunteerRole.objects.select_related("branch", "team", "contact_person"), slug=slug
    )


# --- Applications -------------------------------------------------------------------------------


def can_decide_application(user, application: Application) -> bool:
    """Approve, decline or put on hold: as for changing the role applied for."""
    return can_change_role(user, application.role)


def access_application(user, pk, *, write: bool = False) -> Application:
    """Back office (screening): staff read every application; deciding is for managers and the
    role's tovholder/koordinator. Anyone else gets 404."""
    if not is_library_staff(user):
        raise Http404
    application = get_object_or_404(
        Application.objects.select_related(
            "volunteer__user",
            "role__branch",
            "role__team",
            "role__contact_person",
            "consent_text",
            "decided_by",
        ),
        pk=pk,
    )
    if write and not can_decide_application(user, application):
        raise PermissionDenied
    return application


def access_own_application(user, pk) -> Application:
    """The applicant's side: their own application, a 404 for everyone else's."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Application.objects.select_related("role__branch", "role__contact_person", "consent_text"),
        pk=pk,
        volunteer__user=user,
    )


# --- Agreements, talks, børneattest, onboarding ---------------------------------------------


def manages_volunteer(user, volunteer: Volunteer) -> bool:
    """Staff who may change a volunteer's agreement follow-up, talks, børneattest and onboarding:
    managers, the volunteer's mentor, and the contact person, tovholder or koordinator of a role
    the volunteer is approved for."""
    if not is_library_staff(user):
        return False
    if is_manager(user) or volunteer.mentor_id == user.pk:
        return True
    roles = VolunteerRole.objects.filter(
        applications__volunteer=volunteer, applications__status="approved"
    ).select_related("branch", "team")
    return any(
        role.contact_person_id == user.pk
        or leads_branch(user, role.branch)
        or coordinates_team(user, role.team)
        for role in roles
    )


def _agreements():
    return Agreement.objects.select_related(
        "application__volunteer__user",
        "application__role__branch",
        "application__role__team",
        "application__role__contact_person",
        "model",
        "contact_person",
        "staff_accepted_by",
    )


def access_agreement(user, pk, *, write: bool = False) -> Agreement:
    """Back office: staff read every agreement; accepting it on the library's behalf is for the
    role's contact person, tovholder, koordinator and managers (403 for other staff)."""
    from .services.agreements import may_accept_for_library

    if not is_library_staff(user):
        raise Http404
    agreement = get_object_or_404(_agreements(), pk=pk)
    if write and not may_accept_for_library(user, agreement):
        raise PermissionDenied
    return agreement


def access_own_agreement(user, pk) -> Agreement:
    """The volunteer's side: their own agreements (every version), a 404 for anyone else's."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(_agreements(), pk=pk, application__volunteer__user=user)


def access_volunteer(user, pk, *, write: bool = False) -> Volunteer:
    """Back office, one volunteer (børneattest, talks, mentor): staff read, those who manage the
    volunteer change (see manages_volunteer)."""
    if not is_library_staff(user):
        raise Http404
    volunteer = get_object_or_404(Volunteer.objects.select_related("user", "mentor"), pk=pk)
    if write and not manages_volunteer(user, volunteer):
        raise PermissionDenied
    return volunteer


def access_talk(user, pk, *, write: bool = False) -> Talk:
    if not is_library_staff(user):
        raise Http404
    talk = get_object_or_404(
        Talk.objects.select_related("volunteer__user", "volunteer__mentor", "staff"), pk=pk
    )
    if write and not manages_volunteer(user, talk.volunteer):
        raise PermissionDenied
    return talk


def access_onboarding(user, application_pk, *, write: bool = False) -> Application:
    """An approved application's onboarding checklist. The volunteer ticks their own; staff read
    every one and those who manage the volunteer tick (403 for other staff); others get 404."""
    application = get_object_or_404(
        Application.objects.select_related(
            "volunteer__user",
            "volunteer__mentor",
            "role__branch",
            "role__team",
            "role__contact_person",
        ),
        pk=application_pk,
        status="approved",
    )
    if user.is_authenticated and application.volunteer.user_id == user.pk:
        return application
    if not is_library_staff(user):
        raise Http404
    if write and not manages_volunteer(user, application.volunteer):
        raise PermissionDenied
    return application


# --- Hours ------------------------------------------------------------------------------------


def can_decide_hours(user, role: VolunteerRole) -> bool:
    """Approve or reject reported hours: managers, the tovholder of the role's branch and the
    koordinator of the role's team (as for changing the role)."""
    return can_change_role(user, role)


def access_hours_entry(user, pk, *, write: bool = False):
    """Hours: the volunteer reads their own (deciding is never theirs: 403); staff read all and
    those who may decide for the role change them (403 for other staff); anyone else 404."""
    from .models import HoursEntry

    entry = get_object_or_404(
        HoursEntry.objects.select_related(
            "volunteer__user", "role__branch", "role__team", "decided_by"
        ),
        pk=pk,
    )
    own = (
        user.is_authenticated and entry.volunteer is not None and entry.volunteer.user_id == user.pk
    )
    if not own and not is_library_staff(user):
        raise Http404
    if write and not can_decide_hours(user, entry.role):
        raise PermissionDenied
    return entry


# --- Shifts -------------------------------------------------------------------------------------
# Staff read every shift. Creating, changing and cancelling a role's shifts, writing to its
# volunteers and marking attendance is for those who may change the role (managers, the
# tovholder of its branch, the koordinator of its team) and the role's contact person; other
# staff get 403. A volunteer sees the shifts of the roles they are approved for and only their
# own sign-ups; anything else is 404.


def can_manage_shifts(user, role: VolunteerRole) -> bool:
    return can_change_role(user, role) or (
        is_library_staff(user) and role.contact_person_id == user.pk
    )


def shift_roles_for(user):
    """The roles this person may create shifts for."""
    from django.db.models import Q

    roles = VolunteerRole.objects.select_related("branch").order_by("title")
    if not is_library_staff(user):
        return roles.none()
    if is_manager(user):
        return roles
    return roles.filter(
        Q(branch__tovholder=user) | Q(team__koordinator=user) | Q(contact_person=user)
    )


def access_shift(user, pk, *, write: bool = False):
    from .models import Shift

    if not is_library_staff(user):
        raise Http404
    shift = get_object_or_404(
        Shift.objects.select_related(
            "role__branch", "role__team", "role__contact_person", "series", "activity"
        ),
        pk=pk,
    )
    if write and not can_manage_shifts(user, shift.role):
        raise PermissionDenied
    return shift


def access_shift_series(user, pk, *, write: bool = False):
    from .models import ShiftSeries

    if not is_library_staff(user):
        raise Http404
    series = get_object_or_404(
        ShiftSeries.objects.select_related("role__branch", "role__team", "role__contact_person"),
        pk=pk,
    )
    if write and not can_manage_shifts(user, series.role):
        raise PermissionDenied
    return series


def access_own_volunteer(user) -> Volunteer:
    """The signed-in person's volunteer profile; 404 for anyone without one."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Volunteer.objects.select_related("user"), user=user)


def access_volunteer_shift(user, pk):
    """Volunteer side: a shift of a role the volunteer is approved for (404 otherwise)."""
    from .models import ApplicationStatus, Shift

    volunteer = access_own_volunteer(user)
    approved_roles = Application.objects.filter(
        volunteer=volunteer, status=ApplicationStatus.APPROVED
    ).values("role_id")
    shift = get_object_or_404(
        Shift.objects.select_related("role__branch").filter(role__in=approved_roles), pk=pk
    )
    return volunteer, shift


def access_own_signup(user, pk):
    """A volunteer's own sign-up; someone else's is a 404."""
    from .models import Signup

    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Signup.objects.select_related(
            "shift__role__branch", "shift__role__contact_person", "volunteer__user"
        ),
        pk=pk,
        volunteer__user=user,
    )


def access_shift_feed(key: str) -> Volunteer:
    """The personal calendar feed by its secret key; a wrong or replaced key is a 404."""
    if not key:
        raise Http404
    return get_object_or_404(Volunteer, ical_key=key, ended_at__isnull=True)


def access_signup(user, pk, *, write: bool = False):
    """A sign-up (API): the volunteer reads and cancels their own; staff read every one and
    those who manage the role's shifts cancel (403 for other staff); anyone else 404."""
    from .models import Signup

    signup = get_object_or_404(
        Signup.objects.select_related(
            "shift__role__branch", "shift__role__team", "volunteer__user"
        ),
        pk=pk,
    )
    if user.is_authenticated and signup.volunteer.user_id == user.pk:
        return signup
    if not is_library_staff(user):
        raise Http404
    if write and not can_manage_shifts(user, signup.shift.role):
        raise PermissionDenied
    return signup
