"""The public cards at /metoder/: published cards only, and only when the library has chosen to
show them (ToolboxSettings.public_methods); otherwise both pages are a 404."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ..access import access_public_method, public_methods_shown
from ..models import Method
from ..services.browse import PUBLIC_SORTS
from .methods import browser_context, render_browser


@require_GET
def public_list(request):
    if not public_methods_shown():
        raise Http404
    context = browser_context(
        request,
        Method.objects.published(),
        detail_url="toolbox:public_detail",
        list_url="toolbox:public_list",
        sorts=PUBLIC_SORTS,
    )
    return render_browser(request, {**context, "public": True}, "toolbox/public_list.html")


@require_GET
def public_detail(request, slug):
    method = access_public_method(slug)
    return render(
        request,
        "toolbox/public_detail.html",
        {
            "method": method,
            "steps": list(method.steps.all()),
            "related": method.related.published().order_by("title"),
            "areas": method.competence_areas.all(),
        },
    )


patterns = [
    path("metoder/", public_list, name="public_list"),
    path("metoder/<slug:slug>/", public_detail, name="public_detail"),
]
