"""The volunteer's own page (see volunteers/urls.py)."""

from django.http import Http404
from django.urls import path


def me(request):
    raise Http404  # replaced by the volunteer's page


patterns = [path("frivillig/min-side/", me, name="me")]
