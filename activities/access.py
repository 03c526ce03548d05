"""Who may see and change an activity.

Citizens see public activities (cancelled ones too, marked "Aflyst") on the public pages; an
internal or unknown activity is a 404 to them. Every staff member (medarbejder, tovholder,
koordinator, chef) may read and change every activity on the staff pages; anyone else gets 404
there, so the back office does not announce itself.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_library_staff

from .models import Activity
from .queries import with_public_details


def access_activity(user, pk, *, write: bool = False) -> Activity:
    """Staff side. `write` is accepted for symmetry: every staff member may change activities."""
    if not is_library_staff(user):
        raise Http404
    return get_object_or_404(
        Activity.objects.select_related("branch", "created_by", "attendance_recorded_by"), pk=pk
    )


def access_public_activity(pk) -> Activity:
    """Citizen side: a public activity, whether planned, held or cancelled."""
    return get_object_or_404(with_public_details(Activity.objects.filter(is_public=True)), pk=pk)
