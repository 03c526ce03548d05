"""Drafting an agreement in steps, with a live preview beside the form.

"Skal det formaliseres?" (a GET form: the answers are in the address, so the result can be
shared) → step 1 partner, model and title (creates the draft) → 2 text → 3 responsibility
matrix → 4 period, notice, evaluation and links → 5 appendices. Each step's "Gem" calls
services.drafting, which stores a new version when something changed.

The preview renders templates/partnerships/_document.html from the unsaved form data: htmx
posts the form to ``agreement_preview`` as the person types; without JavaScript the "Vis
forhåndsvisning" button posts the step itself with action=preview, which renders the same
preview without saving.

Who: every staff member may start a draft; changing an agreement is for its owner, the
tovholder of its branch and managers (403 for other staff). A locked agreement sends people
back to its page with the reason.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import staff_required

from ..access import access_agreement
from ..forms_agreements import (
    EXTRA_ROWS,
    AgreementPeriodForm,
    AgreementStartForm,
    AgreementTextForm,
    AppendixForm,
    QuestionnaireForm,
    ResponsibilityFormSet,
    responsibility_initial,
)
from ..models import AgreementTemplate
from ..services import PartnershipError
from ..services.drafting import (
    agreement_create,
    agreement_snapshot,
    agreement_update,
    appendix_add,
    appendix_remove,
    locked_message,
    preview_snapshot,
)
from ..services.templates import recommend_model

STEPS = [
    ("tekst", gettext_lazy("Tekst")),
    ("ansvar", gettext_lazy("Ansvarsfordeling")),
    ("periode", gettext_lazy("Periode og tilknytning")),
    ("bilag", gettext_lazy("Bilag")),
]
STEP_URLS = {
    "tekst": "partnerships:draft_text",
    "ansvar": "partnerships:draft_matrix",
    "periode": "partnerships:draft_period",
    "bilag": "partnerships:draft_appendices",
}


def _is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


# --- "Skal det formaliseres?" ---------------------------------------------------------------


@staff_required
@require_GET
def formalise(request):
    form = QuestionnaireForm(request.GET or None)
    recommendation = None
    start_url = ""
    if form.is_bound and form.is_valid():
        answers = form.answers()
        recommendation = recommend_model(answers)
        if recommendation.kind:
            start_url = (
                reverse("partnerships:agreement_new")
                + "?"
                + urlencode({"model": recommendation.kind, "answers": json.dumps(answers)})
            )
    return render(
        request,
        "partnerships/drafting/formalise.html",
        {"form": form, "recommendation": recommendation, "start_url": start_url},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Step 1 -----------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def agreement_new(request):
    if request.method == "POST":
        form = AgreementStartForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreement = agreement_create(
                    partner=data["partner"],
                    template=data["template"],
                    title=data["title"],
                    owner=request.user,
                    branch=data["branch"],
                    acting_user=request.user,
                    formalisation_answers=data["answers"],
                )
            except PartnershipError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Kladden %(number)s er oprettet. Tilpas teksten til jeres samarbejde.")
                    % {"number": agreement.number},
                )
                return redirect("partnerships:draft_text", pk=agreement.pk)
    else:
        initial = {"answers": request.GET.get("answers", "")}
        model = request.GET.get("model")
        if model:
            initial["template"] = AgreementTemplate.objects.filter(kind=model).first()
        partner = request.GET.get("partner", "")
        if partner.isdigit():
            initial["partner"] = int(partner)
        form = AgreementStartForm(initial=initial)
    return render(
        request,
        "partnerships/drafting/new.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Steps 2-5 --------------------------------------------------------------------------------


def _editable(request, pk):
    """The agreement, for someone who may change it; a locked one sends them to its page."""
    agreement = access_agreement(request.user, pk, write=True)
    if agreement.is_locked:
        messages.error(request, locked_message(agreement))
        return agreement, redirect("partnerships:agreement_detail", pk=agreement.pk)
    return agreement, None


def _after_save(request, agreement, step: str):
    action = request.POST.get("action", "save")
    messages.success(request, _("Aftalen er gemt."))
    if action == "next":
        keys = [key for key, _label in STEPS]
        index = keys.index(step)
        if index + 1 < len(keys):
            return redirect(STEP_URLS[keys[index + 1]], pk=agreement.pk)
        return redirect("partnerships:agreement_detail", pk=agreement.pk)
    return redirect(STEP_URLS[step], pk=agreement.pk)


def _render_step(request, agreement, step, context, *, content=None, status=200):
    context = {
        "agreement": agreement,
        "step": step,
        "steps": [{"key": key, "label": label, "url": STEP_URLS[key]} for key, label in STEPS],
        "content": content or agreement_snapshot(agreement),
        "preview_url": reverse("partnerships:agreement_preview", args=[agreement.pk, step]),
        **context,
    }
    return render(request, f"partnerships/drafting/step_{step}.html", context, status=status)


STEP_FORMS = {"tekst": AgreementTextForm, "periode": AgreementPeriodForm}


def _form_step(request, pk, step):
    """Steps 2 and 4: one form; preview, or save through agreement_update."""
    agreement, refused = _editable(request, pk)
    if refused:
        return refused
    form_class = STEP_FORMS[step]
    if request.method == "GET":
        return _render_step(request, agreement, step, {"form": form_class(agreement=agreement)})
    form = form_class(request.POST, agreement=agreement)
    if request.POST.get("action") == "preview":
        content = preview_snapshot(agreement, changes=form.preview_changes())
        return _render_step(request, agreement, step, {"form": form}, content=content)
    if form.is_valid():
        try:
            agreement_update(agreement=agreement, acting_user=request.user, **form.changes())
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            return _after_save(request, agreement, step)
    return _render_step(request, agreement, step, {"form": form}, status=400)


@staff_required
@require_http_methods(["GET", "POST"])
def draft_text(request, pk):
    return _form_step(request, pk, "tekst")


@staff_required
@require_http_methods(["GET", "POST"])
def draft_period(request, pk):
    return _form_step(request, pk, "periode")


def _matrix_formset(request, agreement):
    if request.method == "POST":
        formset = ResponsibilityFormSet(request.POST, prefix="ansvar")
        if request.POST.get("action") == "more":
            # No JavaScript needed to add rows: post the rows typed so far plus empty ones.
            formset.is_valid()
            rows = [
                {k: v for k, v in (f.cleaned_data or {}).items() if k != "DELETE"}
                for f in formset.forms
                if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
            ]
            return ResponsibilityFormSet(initial=rows + [{}] * EXTRA_ROWS, prefix="ansvar"), True
        return formset, False
    rows = responsibility_initial(agreement)
    return ResponsibilityFormSet(initial=rows + [{}] * EXTRA_ROWS, prefix="ansvar"), False


@staff_required
@require_http_methods(["GET", "POST"])
def draft_matrix(request, pk):
    agreement, refused = _editable(request, pk)
    if refused:
        return refused
    formset, more = _matrix_formset(request, agreement)
    if request.method == "GET" or more:
        return _render_step(request, agreement, "ansvar", {"formset": formset})
    if request.POST.get("action") == "preview":
        content = preview_snapshot(agreement, changes=formset.preview_changes())
        return _render_step(request, agreement, "ansvar", {"formset": formset}, content=content)
    if formset.is_valid():
        try:
            agreement_update(
                agreement=agreement, acting_user=request.user, responsibilities=formset.rows()
            )
        except PartnershipError as exc:
            return _render_step(
                request,
                agreement,
                "ansvar",
                {"formset": formset, "error": str(exc)},
                status=400,
            )
        return _after_save(request, agreement, "ansvar")
    return _render_step(request, agreement, "ansvar", {"formset": formset}, status=400)


@staff_required
@require_http_methods(["GET", "POST"])
def draft_appendices(request, pk):
    agreement, refused = _editable(request, pk)
    if refused:
        return refused
    if request.method == "GET":
        form = AppendixForm()
    else:
        form = AppendixForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                appendix = appendix_add(
                    agreement=agreement,
                    acting_user=request.user,
                    file=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
            except PartnershipError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(
                    request, _("Bilaget “%(title)s” er tilføjet.") % {"title": appendix.title}
                )
                return redirect("partnerships:draft_appendices", pk=agreement.pk)
    return _render_step(
        request,
        agreement,
        "bilag",
        {
            "form": form,
            "appendices": agreement.appendices.all(),
            "max_mb": settings.SAMMEN_ATTACHMENT_MAX_MB,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_required
@require_POST
def draft_appendix_remove(request, pk, appendix_pk):
    agreement, refused = _editable(request, pk)
    if refused:
        return refused
    appendix = get_object_or_404(agreement.appendices, pk=appendix_pk)
    try:
        appendix_remove(appendix=appendix, acting_user=request.user)
    except PartnershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Bilaget er fjernet."))
    return redirect("partnerships:draft_appendices", pk=agreement.pk)


@staff_required
@require_POST
def agreement_preview(request, pk, step):
    """The document as the unsaved form data would make it (htmx: only the document)."""
    agreement = access_agreement(request.user, pk, write=True)
    if step in STEP_FORMS:
        changes = STEP_FORMS[step](request.POST, agreement=agreement).preview_changes()
    elif step == "ansvar":
        changes = ResponsibilityFormSet(request.POST, prefix="ansvar").preview_changes()
    elif step == "bilag":
        changes = {}
    else:
        raise Http404
    content = preview_snapshot(agreement, changes=changes)
    if _is_htmx(request):
        return render(request, "partnerships/drafting/_preview.html", {"content": content})
    return _render_step(
        request,
        agreement,
        step,
        _step_forms(request, agreement, step),
        content=content,
    )


def _step_forms(request, agreement, step) -> dict:
    if step == "tekst":
        return {"form": AgreementTextForm(request.POST, agreement=agreement)}
    if step == "ansvar":
        return {"formset": ResponsibilityFormSet(request.POST, prefix="ansvar")}
    if step == "periode":
        return {"form": AgreementPeriodForm(request.POST, agreement=agreement)}
    return {
        "form": AppendixForm(),
        "appendices": agreement.appendices.all(),
        "max_mb": settings.SAMMEN_ATTACHMENT_MAX_MB,
    }


patterns = [
    path("personale/aftaler/formaliser/", formalise, name="formalise"),
    path("personale/aftaler/ny/", agreement_new, name="agreement_new"),
    path("personale/aftaler/<int:pk>/rediger/tekst/", draft_text, name="draft_text"),
    path("personale/aftaler/<int:pk>/rediger/ansvar/", draft_matrix, name="draft_matrix"),
    path("personale/aftaler/<int:pk>/rediger/periode/", draft_period, name="draft_period"),
    path("personale/aftaler/<int:pk>/rediger/bilag/", draft_appendices, name="draft_appendices"),
    path(
        "personale/aftaler/<int:pk>/rediger/bilag/<int:appendix_pk>/fjern/",
        draft_appendix_remove,
        name="draft_appendix_remove",
    ),
    path(
        "personale/aftaler/<int:pk>/forhaandsvisning/<slug:step>/",
        agreement_preview,
        name="agreement_preview",
    ),
]
