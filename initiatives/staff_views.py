from django.http import Http404


def _not_built(request, *args, **kwargs):
    raise Http404


triage = board = register = detail = _not_built
