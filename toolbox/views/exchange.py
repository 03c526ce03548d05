"""Sharing cards: export (staff; all published cards or the browser's selection) and import
(managers; check → preview → confirm). Between preview and confirm the file's content travels
in a signed, compressed hidden field, so nothing is stored and nothing can be changed on the
way: a tampered or stale value is refused."""

from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import manager_required, staff_required

from ..forms import ImportForm, SettingsForm
from ..models import Method, ToolboxSettings
from ..services import ToolboxError
from ..services.browse import browse
from ..services.exchange import export_bytes, import_apply, import_check

SIGNING_SALT = "toolbox.import"
PREVIEW_MAX_AGE = 60 * 60  # one hour from preview to confirm


@staff_required
@require_GET
def export_page(request):
    result = browse(Method.objects.published(), request.GET)
    if request.GET.get("hent"):
        content = export_bytes(Method.objects.filter(pk__in=result.ids))
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="metoder-{stamp}.json"'
        return response
    return render(
        request,
        "toolbox/export.html",
        {"count": len(result.ids), "filtered": result.filtered, "query": request.GET.urlencode()},
    )


@manager_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    token = ""
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        check = import_check(content)
        if check.ok:
            token = signing.dumps(content.decode("utf-8-sig"), salt=SIGNING_SALT, compress=True)
    return render(request, "toolbox/import.html", {"form": form, "check": check, "token": token})


@manager_required
@require_POST
def import_confirm(request):
    try:
        text = signing.loads(
            request.POST.get("token", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
        )
        result = import_apply(text.encode("utf-8"), acting_user=request.user)
    except signing.BadSignature:
        messages.error(request, _("Forhåndsvisningen er udløbet. Vælg filen igen."))
        return redirect("toolbox:import")
    except ToolboxError as exc:
        messages.error(request, str(exc))
        return redirect("toolbox:import")
    messages.success(
        request,
        _(
            "Importen er gennemført: %(created)d nye, %(updated)d opdaterede, "
            "%(unchanged)d uændrede metoder."
        )
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("toolbox:method_list")


@manager_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    current = ToolboxSettings.load()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Indstillingerne er gemt."))
        return redirect("toolbox:settings")
    return render(request, "toolbox/settings.html", {"form": form})


PREFIX = "personale/vaerktoejskasse/"
patterns = [
    path(f"{PREFIX}eksport/", export_page, name="export"),
    path(f"{PREFIX}import/", import_page, name="import"),
    path(f"{PREFIX}import/bekraeft/", import_confirm, name="import_confirm"),
    path(f"{PREFIX}indstillinger/", settings_page, name="settings"),
]
