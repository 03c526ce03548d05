"""The method browser, the card page, writing and publishing cards, and the card/deck PDFs."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import staff_required

from ..access import access_method, can_publish
from ..forms import AddToPlanForm, MethodForm, StepFormSet, step_initial
from ..models import Method
from ..pdf import card_size, deck_pdf
from ..services import ToolboxError
from ..services.browse import SORTS, browse, ordered_methods
from ..services.logs import method_usage
from ..services.methods import method_create, method_publish, method_update
from . import is_partial, query_without

PAGE_SIZE = 20
DECK_MAX = 100
STEPS_PREFIX = "trin"


def browser_context(request, methods, *, detail_url: str, list_url: str, sorts=SORTS) -> dict:
    """The browser's page (staff and public): facets with counts, the page of cards.
    Queries: see services.browse.browse (3), the page count and the page of cards (2)."""
    result = browse(methods, request.GET, sorts=sorts)
    page = Paginator(ordered_methods(result.ids, result.sort), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return {
        "result": result,
        "facets": result.facets,
        "page": page,
        "total": len(result.ids),
        "sorts": sorts,
        "query": query_without(request.GET, "side"),
        "detail_url": detail_url,
        "list_url": list_url,
    }


def render_browser(request, context, template: str):
    if is_partial(request):
        response = render(request, "toolbox/_results.html", {**context, "oob": True})
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_required
@require_GET
def method_list(request):
    context = browser_context(
        request,
        Method.objects.all(),
        detail_url="toolbox:method_detail",
        list_url="toolbox:method_list",
    )
    return render_browser(request, context, "toolbox/method_list.html")


@staff_required
@require_GET
def method_detail(request, slug):
    method = access_method(request.user, slug)
    return render(
        request,
        "toolbox/method_detail.html",
        {
            "method": method,
            "steps": list(method.steps.all()),
            "related": method.related.order_by("title"),
            "areas": method.competence_areas.all(),
            "usage": method_usage(method),
            "add_form": AddToPlanForm(user=request.user),
            "may_publish": can_publish(request.user),
        },
    )


def _method_form(request, method=None):
    posted = request.method == "POST"
    # A copy: validating a model form writes the input onto its instance.
    form = MethodForm(request.POST if posted else None, instance=copy.copy(method or Method()))
    steps = StepFormSet(
        request.POST if posted else None,
        prefix=STEPS_PREFIX,
        initial=step_initial(method) if method and not posted else None,
    )
    return form, steps


@staff_required
@require_http_methods(["GET", "POST"])
def method_create_view(request):
    form, steps = _method_form(request)
    if request.method == "POST" and form.is_valid() & steps.is_valid():
        try:
            method = method_create(acting_user=request.user, **form.service_arguments(steps.rows()))
        except ToolboxError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Metodekortet er gemt som kladde."))
            return redirect("toolbox:method_detail", method.slug)
    return render(request, "toolbox/method_form.html", {"form": form, "steps": steps})


@staff_required
@require_http_methods(["GET", "POST"])
def method_edit(request, slug):
    method = access_method(request.user, slug, write=True)
    form, steps = _method_form(request, method)
    if request.method == "POST" and form.is_valid() & steps.is_valid():
        try:
            method_update(
                method=method,
                acting_user=request.user,
                **form.service_arguments(steps.rows()),
            )
        except ToolboxError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect("toolbox:method_detail", method.slug)
    return render(
        request, "toolbox/method_form.html", {"form": form, "steps": steps, "method": method}
    )


@staff_required
@require_POST
def method_publish_view(request, slug):
    method = access_method(request.user, slug, write=True)
    if not can_publish(request.user):
        raise PermissionDenied
    publish = request.POST.get("publish") != "0"
    method_publish(method=method, acting_user=request.user, publish=publish)
    messages.success(
        request,
        _("Metodekortet er udgivet.") if publish else _("Metodekortet er nu en kladde igen."),
    )
    return redirect("toolbox:method_detail", method.slug)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@staff_required
@require_GET
def method_card_pdf(request, slug):
    method = access_method(request.user, slug)
    size = card_size(request.GET.get("format"))
    methods = list(Method.objects.filter(pk=method.pk).prefetch_related("steps"))
    return _pdf_response(deck_pdf(methods, size=size), f"metodekort-{method.slug}-{size}.pdf")


@staff_required
@require_GET
def method_deck_pdf(request):
    """The cards of the browser's current selection (same filters, search and order)."""
    result = browse(Method.objects.all(), request.GET)
    methods = list(ordered_methods(result.ids, result.sort).prefetch_related("steps")[:DECK_MAX])
    size = card_size(request.GET.get("format"))
    return _pdf_response(
        deck_pdf(methods, size=size, title=_("Metodekort")), f"metodekort-{size}.pdf"
    )


patterns = [
    path("personale/vaerktoejskasse/", method_list, name="method_list"),
    path("personale/vaerktoejskasse/ny-metode/", method_create_view, name="method_create"),
    path("personale/vaerktoejskasse/kortsaet.pdf", method_deck_pdf, name="method_deck_pdf"),
    path("personale/vaerktoejskasse/metoder/<slug:slug>/", method_detail, name="method_detail"),
    path("personale/vaerktoejskasse/metoder/<slug:slug>/rediger/", method_edit, name="method_edit"),
    path(
        "personale/vaerktoejskasse/metoder/<slug:slug>/udgiv/",
        method_publish_view,
        name="method_publish",
    ),
    path(
        "personale/vaerktoejskasse/metoder/<slug:slug>/kort.pdf",
        method_card_pdf,
        name="method_card_pdf",
    ),
]
