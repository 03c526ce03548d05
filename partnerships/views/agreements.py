"""The staff's agreement pages: the list with filters and CSV export, an agreement's page
(status, parties, period, links, history, versions, appendices; P3's workflow and signature
parts are included from their own partials), a version's document, and the comparison of two
versions. Every staff member reads; changing happens in views.drafting."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.access import staff_required
from organisation.models import FocusArea
from portal.spreadsheet import ExcelCsv

from ..access import access_agreement, can_change_agreement
from ..filters_agreements import AgreementFilter
from ..forms_agreements import CompareForm
from ..models import Agreement, AgreementStatus
from ..services.drafting import agreement_versions, version_diff

PAGE_SIZE = 25
FILTER_NAMES = ["q", "status", "kind", "partner", "branch", "focus_area", "expiring"]


def _filter_data(request):
    data = request.GET.copy()
    data.pop("side", None)
    return data


def filtered_agreements(request):
    """The agreements the list's filters select, with what a row shows joined."""
    filterset = AgreementFilter(
        _filter_data(request),
        queryset=Agreement.objects.select_related("partner", "branch", "owner").order_by(
            "-created_at", "-pk"
        ),
        request=request,
    )
    return filterset


@staff_required
@require_GET
def agreement_list(request):
    filterset = filtered_agreements(request)
    # Queries: the page count, the page rows (partner, branch, owner joined), the counts per
    # status (one GROUP BY), and the filter form's partners, branches and focus areas.
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("side"))
    counts = dict(
        filterset.qs.order_by().values_list("status").annotate(total=Count("pk", distinct=True))
    )
    query = _filter_data(request).urlencode()
    return render(
        request,
        "partnerships/agreements/list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page": page,
            "status_counts": [
                {"status": value, "label": label, "count": counts.get(value, 0)}
                for value, label in AgreementStatus.choices
                if counts.get(value)
            ],
            "filtered": any(request.GET.getlist(name) for name in FILTER_NAMES),
            "export_query": query,
        },
    )


CSV_HEADERS = [
    "Aftalenummer",
    "Titel",
    "Partner",
    "Partnerens CVR-nr.",
    "Type",
    "Status",
    "Juridisk bindende",
    "Gælder fra",
    "Gælder til",
    "Opsigelsesvarsel (måneder)",
    "Evalueres",
    "Bibliotek",
    "Ansvarlig",
    "Indsatsområder",
    "Oprettet",
]


def _iso(day) -> str:
    # ISO dates (2027-01-31): Excel reads them as dates in any language and sorts them right.
    return day.isoformat() if day else ""


@staff_required
@require_GET
def agreement_export(request):
    """The filtered list as CSV for Excel: semicolons, a byte-order mark, Danish headers."""
    filterset = filtered_agreements(request)
    # Queries: every filtered agreement (partner, branch, owner joined) and their focus areas.
    rows = filterset.qs.prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("name"))
    )
    sheet = ExcelCsv(f"samarbejdsaftaler-{timezone.localdate().isoformat()}.csv")
    sheet.row(CSV_HEADERS)
    for agreement in rows:
        sheet.row(
            [
                agreement.number,
                agreement.title,
                agreement.partner.name,
                agreement.partner.cvr,
                agreement.get_kind_display(),
                agreement.get_status_display(),
                _("Ja") if agreement.binding else _("Nej"),
                _iso(agreement.start_date),
                _iso(agreement.end_date),
                agreement.notice_months,
                _iso(agreement.evaluation_date),
                agreement.branch.name if agreement.branch else "",
                (agreement.owner.name or agreement.owner.email) if agreement.owner else "",
                ", ".join(f.name for f in agreement.focus_areas.all()),
                _iso(timezone.localtime(agreement.created_at).date()),
            ]
        )
    return sheet.response


EVENT_LABELS = {
    "created": gettext_lazy("Aftalen er oprettet."),
    "appendix_added": gettext_lazy("Bilag tilføjet."),
    "appendix_removed": gettext_lazy("Bilag fjernet."),
}


def _events(agreement: Agreement) -> list:
    statuses = dict(AgreementStatus.choices)
    events = list(agreement.events.select_related("actor", "actor_contact").order_by("-at", "-pk"))
    for event in events:
        event.status_change = (
            (statuses.get(event.from_status, event.from_status), statuses[event.to_status])
            if event.from_status and event.to_status in statuses
            else None
        )
        event.label = event.note or EVENT_LABELS.get(event.action, event.action)
    return events


def detail_context(request, agreement: Agreement) -> dict:
    versions = list(agreement_versions(agreement))
    latest = versions[0] if versions else None
    return {
        "agreement": agreement,
        "may_change": can_change_agreement(request.user, agreement),
        "versions": versions,
        "latest": latest,
        "content": latest.content if latest else None,
        "events": _events(agreement),
        "appendices": agreement.appendices.all(),
        "activities": agreement.activities.order_by("starts_at"),
        "initiatives": agreement.initiatives.order_by("title"),
        "focus_areas": agreement.focus_areas.order_by("name"),
        "compare_form": CompareForm(
            initial={
                "a": versions[1].number if len(versions) > 1 else 1,
                "b": latest.number if latest else 1,
            }
        ),
    }


@staff_required
@require_GET
def agreement_detail(request, pk):
    agreement = access_agreement(request.user, pk)
    return render(
        request, "partnerships/agreements/detail.html", detail_context(request, agreement)
    )


@staff_required
@require_GET
def version_detail(request, pk, number):
    agreement = access_agreement(request.user, pk)
    version = get_object_or_404(agreement_versions(agreement), number=number)
    return render(
        request,
        "partnerships/agreements/version.html",
        {"agreement": agreement, "version": version, "content": version.content},
    )


@staff_required
@require_GET
def version_compare(request, pk):
    agreement = access_agreement(request.user, pk)
    form = CompareForm(request.GET)
    context = {"agreement": agreement, "form": form, "diff": None}
    status = 200
    if form.is_valid():
        versions = {
            v.number: v
            for v in agreement.versions.filter(
                number__in=[form.cleaned_data["a"], form.cleaned_data["b"]]
            )
        }
        missing = [n for n in (form.cleaned_data["a"], form.cleaned_data["b"]) if n not in versions]
        if missing:
            form.add_error(
                None, _("Aftalen har ingen version %(n)s.") % {"n": ", ".join(map(str, missing))}
            )
            status = 400
        else:
            version_a, version_b = (
                versions[form.cleaned_data["a"]],
                versions[form.cleaned_data["b"]],
            )
            context.update(
                version_a=version_a, version_b=version_b, diff=version_diff(version_a, version_b)
            )
    elif request.GET:
        status = 400
    return render(request, "partnerships/agreements/compare.html", context, status=status)


@staff_required
@require_GET
def appendix_download(request, pk, appendix_pk):
    agreement = access_agreement(request.user, pk)
    appendix = get_object_or_404(agreement.appendices, pk=appendix_pk)
    # Stored only after passing the PDF check (services.drafting.check_pdf); served as PDF,
    # never sniffed as anything else.
    response = FileResponse(
        appendix.file.open("rb"),
        as_attachment=True,
        filename=f"{agreement.number}-bilag-{appendix.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


patterns = [
    path("personale/aftaler/", agreement_list, name="agreement_list"),
    path("personale/aftaler/eksport/", agreement_export, name="agreement_export"),
    path("personale/aftaler/<int:pk>/", agreement_detail, name="agreement_detail"),
    path(
        "personale/aftaler/<int:pk>/versioner/<int:number>/",
        version_detail,
        name="agreement_version",
    ),
    path("personale/aftaler/<int:pk>/sammenlign/", version_compare, name="agreement_compare"),
    path(
        "personale/aftaler/<int:pk>/bilag/<int:appendix_pk>/",
        appendix_download,
        name="agreement_appendix",
    ),
]
