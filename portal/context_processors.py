from accounts.access import is_library_staff
from organisation.models import Library

from .navigation import CITIZEN_MENU, STAFF_MENU, build_menu


def portal(request):
    staff = is_library_staff(getattr(request, "user", None))
    return {
        "library": Library.load(),
        "is_library_staff": staff,
        "citizen_menu": build_menu(CITIZEN_MENU, request.path),
        "staff_menu": build_menu(STAFF_MENU, request.path) if staff else [],
    }
