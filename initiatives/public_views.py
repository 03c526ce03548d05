from django.http import Http404


def _not_built(request, *args, **kwargs):
    raise Http404


propose = propose_thanks = track = my_initiatives = my_initiative = showcase = _not_built
