"""Role checks that every app's access_* helpers and views build on.

Rules (ARCHITECTURE.md "Roles"): citizens never see the back office; staff work in it; managers
(chef) and administrators may change everything there. Tovholder/koordinator rights hang on a
Branch/Team and live in organisation.access. An outsider gets 404, a reader who may not change
gets 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


def is_library_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_library_staff)


def is_manager(user) -> bool:
    return bool(user and user.is_authenticated and user.is_manager)


def staff_required(view):
    """Anonymous people are sent to the login page; logged-in non-staff get a 404, so the
    back office does not announce itself to citizens."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_library_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    """Staff who are not managers get 403: they may see that the page exists."""

    @wraps(view)
    @staff_required
    def wrapper(request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
