"""Who may see and change what in the toolbox (ARCHITECTURE.md "Roles").

- Method cards: staff read every card (drafts too) and write drafts; managers publish. The
  public sees published cards only, and only when the library has chosen to show them
  (ToolboxSettings.public_methods); otherwise /metoder/ is a 404.
- Session plans: staff read every plan; the owner and managers change it (403 for other staff).
- Experience logs: staff read every log; the author and managers delete it.
- Self-assessments: only one's own, ever (there is no helper that fetches someone else's).
Anyone who is not staff gets a 404 in the back office.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_library_staff, is_manager

from .models import ExperienceLog, Method, SessionItem, SessionPlan, ToolboxSettings
from .services.logs import can_change_log
from .services.plans import can_change_plan


def can_publish(user) -> bool:
    return is_manager(user)


def access_method(user, slug, *, write: bool = False) -> Method:
    """Back office: staff read and edit every card (publishing is checked by the service)."""
    if not is_library_staff(user):
        raise Http404
    # Every staff member may improve a card (write=True changes nothing here); publishing is
    # for managers and checked by services.methods.method_publish and the view.
    return get_object_or_404(Method, slug=slug)


def public_methods_shown() -> bool:
    return ToolboxSettings.load().public_methods


def access_public_method(slug) -> Method:
    if not public_methods_shown():
        raise Http404
    return get_object_or_404(Method.objects.published(), slug=slug)


def access_plan(user, pk, *, write: bool = False) -> SessionPlan:
    if not is_library_staff(user):
        raise Http404
    plan = get_object_or_404(
        SessionPlan.objects.select_related("owner", "initiative", "activity"), pk=pk
    )
    if write and not can_change_plan(user, plan):
        raise PermissionDenied
    return plan


def access_item(user, pk, *, write: bool = False) -> SessionItem:
    if not is_library_staff(user):
        raise Http404
    item = get_object_or_404(
        SessionItem.objects.select_related(
            "plan__owner", "plan__initiative", "plan__activity", "method"
        ),
        pk=pk,
    )
    if write and not can_change_plan(user, item.plan):
        raise PermissionDenied
    return item


def access_log(user, pk, *, write: bool = False) -> ExperienceLog:
    if not is_library_staff(user):
        raise Http404
    log = get_object_or_404(
        ExperienceLog.objects.select_related("method", "author", "initiative", "activity"), pk=pk
    )
    if write and not can_change_log(user, log):
        raise PermissionDenied
    return log
