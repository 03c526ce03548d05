"""The agreement models back office ("Aftalemodeller"): every staff member reads the models and
their versions; managers draft a new version, edit its sections and variants, and publish it
(services.templates). A published version is never changed."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import is_manager, staff_required

from ..access import access_template
from ..forms_agreements import TemplatePublishForm, TemplateSectionAddForm, TemplateSectionForm
from ..models import AgreementTemplate, AgreementTemplateVersion, SectionVariant
from ..services import PartnershipError
from ..services.drafting import PLACEHOLDERS
from ..services.templates import (
    template_draft_version,
    template_publish,
    template_section_add,
    template_section_remove,
    template_section_update,
)


@staff_required
@require_GET
def template_list(request):
    # Queries: the models with their version counts and drafts (one annotated query) and the
    # published versions (one prefetch, newest first).
    templates = (
        AgreementTemplate.objects.annotate(
            version_count=Count("versions", distinct=True),
            draft_count=Count(
                "versions", filter=Q(versions__published_at__isnull=True), distinct=True
            ),
            agreement_count=Count("versions__agreements", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementTemplateVersion.objects.filter(
                    published_at__isnull=False
                ).order_by("-number"),
                to_attr="published_versions",
            )
        )
        .order_by("kind")
    )
    return render(
        request,
        "partnerships/models/list.html",
        {"templates": templates, "may_edit": is_manager(request.user)},
    )


def _version(template, number) -> AgreementTemplateVersion:
    return get_object_or_404(
        template.versions.select_related("created_by").prefetch_related(
            Prefetch("sections__variants", queryset=SectionVariant.objects.order_by("partner_kind"))
        ),
        number=number,
    )


def _version_page(request, template, version, *, status=200, **forms):
    current = template.current_version()
    context = {
        "template": template,
        "version": version,
        "is_current": current is not None and current.pk == version.pk,
        "is_draft": version.published_at is None,
        "may_edit": is_manager(request.user),
        "versions": template.versions.select_related("created_by").order_by("-number"),
        "placeholders": PLACEHOLDERS.items(),
        "add_form": forms.get("add_form") or TemplateSectionAddForm(),
        "publish_form": forms.get("publish_form") or TemplatePublishForm(),
    }
    return render(request, "partnerships/models/version.html", context, status=status)


@staff_required
@require_GET
def template_detail(request, pk):
    template = access_template(request.user, pk)
    draft = template.versions.filter(published_at__isnull=True).first()
    version = draft if draft and is_manager(request.user) else template.current_version()
    if version is None:
        version = template.versions.order_by("-number").first()
    if version is None:
        return render(request, "partnerships/models/empty.html", {"template": template})
    return _version_page(request, template, _version(template, version.number))


@staff_required
@require_GET
def template_version(request, pk, number):
    template = access_template(request.user, pk)
    return _version_page(request, template, _version(template, number))


@staff_required
@require_POST
def template_new_version(request, pk):
    template = access_template(request.user, pk, write=True)
    try:
        draft = template_draft_version(template=template, acting_user=request.user)
    except PartnershipError as exc:
        messages.error(request, str(exc))
        return redirect("partnerships:template_detail", pk=template.pk)
    messages.success(
        request,
        _(
            "Version %(n)s er en kladde. Ret afsnittene, og udgiv den, når den er klar. "
            "Aftaler, der allerede er skrevet, beholder deres version."
        )
        % {"n": draft.number},
    )
    return redirect("partnerships:template_version", pk=template.pk, number=draft.number)


@staff_required
@require_http_methods(["GET", "POST"])
def template_section_edit(request, pk, number, section_pk):
    template = access_template(request.user, pk, write=True)
    version = _version(template, number)
    section = get_object_or_404(version.sections.prefetch_related("variants"), pk=section_pk)
    if version.published_at is not None:
        messages.error(request, _("En udgivet version kan ikke ændres. Lav en ny version."))
        return redirect("partnerships:template_version", pk=template.pk, number=number)
    if request.method == "POST":
        form = TemplateSectionForm(request.POST, section=section)
        if form.is_valid():
            data = form.cleaned_data
            try:
                template_section_update(
                    section=section,
                    acting_user=request.user,
                    title=data["title"],
                    guidance=data["guidance"],
                    default_text=data["default_text"],
                    required=data["required"],
                    variants=form.variants(),
                )
            except PartnershipError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Afsnittet er gemt i kladden."))
                return redirect("partnerships:template_version", pk=template.pk, number=number)
    else:
        form = TemplateSectionForm(section=section)
    return render(
        request,
        "partnerships/models/section_form.html",
        {
            "template": template,
            "version": version,
            "section": section,
            "form": form,
            "placeholders": PLACEHOLDERS.items(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_required
@require_POST
def template_section_new(request, pk, number):
    template = access_template(request.user, pk, write=True)
    version = _version(template, number)
    form = TemplateSectionAddForm(request.POST)
    if form.is_valid():
        title = form.cleaned_data["title"]
        try:
            section = template_section_add(
                version=version,
                acting_user=request.user,
                key=slugify(title)[:60] or "afsnit",
                title=title,
            )
        except PartnershipError as exc:
            form.add_error("title", str(exc))
        else:
            return redirect(
                "partnerships:template_section_edit",
                pk=template.pk,
                number=number,
                section_pk=section.pk,
            )
    return _version_page(request, template, version, status=400, add_form=form)


@staff_required
@require_POST
def template_section_delete(request, pk, number, section_pk):
    template = access_template(request.user, pk, write=True)
    version = _version(template, number)
    section = get_object_or_404(version.sections, pk=section_pk)
    try:
        template_section_remove(section=section, acting_user=request.user)
    except PartnershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Afsnittet er fjernet fra kladden."))
    return redirect("partnerships:template_version", pk=template.pk, number=number)


@staff_required
@require_POST
def template_version_publish(request, pk, number):
    template = access_template(request.user, pk, write=True)
    version = _version(template, number)
    form = TemplatePublishForm(request.POST)
    if form.is_valid():
        try:
            template_publish(
                version=version,
                acting_user=request.user,
                change_note=form.cleaned_data["change_note"],
            )
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Version %(n)s er udgivet. Nye aftaler bruger den fra nu af.")
                % {"n": version.number},
            )
            return redirect("partnerships:template_version", pk=template.pk, number=number)
    return _version_page(request, template, version, status=400, publish_form=form)


patterns = [
    path("personale/aftalemodeller/", template_list, name="template_list"),
    path("personale/aftalemodeller/<int:pk>/", template_detail, name="template_detail"),
    path(
        "personale/aftalemodeller/<int:pk>/ny-version/",
        template_new_version,
        name="template_new_version",
    ),
    path(
        "personale/aftalemodeller/<int:pk>/versioner/<int:number>/",
        template_version,
        name="template_version",
    ),
    path(
        "personale/aftalemodeller/<int:pk>/versioner/<int:number>/udgiv/",
        template_version_publish,
        name="template_publish",
    ),
    path(
        "personale/aftalemodeller/<int:pk>/versioner/<int:number>/afsnit/ny/",
        template_section_new,
        name="template_section_new",
    ),
    path(
        "personale/aftalemodeller/<int:pk>/versioner/<int:number>/afsnit/<int:section_pk>/",
        template_section_edit,
        name="template_section_edit",
    ),
    path(
        "personale/aftalemodeller/<int:pk>/versioner/<int:number>/afsnit/<int:section_pk>/fjern/",
        template_section_delete,
        name="template_section_delete",
    ),
]
