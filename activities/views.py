from django.http import Http404


def _not_built(request, *args, **kwargs):
    raise Http404


calendar = ical_feed = detail = _not_built
staff_list = staff_create = staff_detail = staff_edit = staff_attendance = staff_cancel = _not_built
