"""Logging an experience ("Log erfaring") from a card or from an item in a plan."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import staff_required

from ..access import access_item, access_log, access_method
from ..forms import LogForm
from ..services import ToolboxError
from ..services.logs import log_create, log_delete


def _log_page(request, method, item=None):
    initial = {"date": timezone.localdate()}
    if item is not None:
        initial.update(
            date=item.plan.date or timezone.localdate(),
            initiative=item.plan.initiative_id,
            activity=item.plan.activity_id,
        )
    form = LogForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            log_create(
                method=method, acting_user=request.user, session_item=item, **form.cleaned_data
            )
        except ToolboxError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Tak! Erfaringen er gemt på metodekortet."))
            return redirect("toolbox:method_detail", method.slug)
    return render(request, "toolbox/log_form.html", {"form": form, "method": method, "item": item})


@staff_required
@require_http_methods(["GET", "POST"])
def log_for_method(request, slug):
    return _log_page(request, access_method(request.user, slug))


@staff_required
@require_http_methods(["GET", "POST"])
def log_for_item(request, pk):
    item = access_item(request.user, pk)
    if item.method is None:
        raise Http404  # breaks and other points have no method to learn about
    return _log_page(request, item.method, item)


@staff_required
@require_POST
def log_delete_view(request, pk):
    log = access_log(request.user, pk, write=True)
    log_delete(log=log, acting_user=request.user)
    messages.success(request, _("Erfaringen er slettet."))
    return redirect("toolbox:method_detail", log.method.slug)


PREFIX = "personale/vaerktoejskasse/"
patterns = [
    path(f"{PREFIX}metoder/<slug:slug>/log-erfaring/", log_for_method, name="log_for_method"),
    path(f"{PREFIX}punkter/<int:pk>/log-erfaring/", log_for_item, name="log_for_item"),
    path(f"{PREFIX}erfaringer/<int:pk>/slet/", log_delete_view, name="log_delete"),
]
