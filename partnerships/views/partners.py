"""The back office for partners: the registry (list, create, edit, archive), contact persons,
the inbox of "Bliv samarbejdspartner" enquiries, and the POST actions that link partners to
initiatives ("Sammen med hvem?") and activities (co-hosts). Every staff member works here."""

import copy

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import staff_required
from activities.access import access_activity
from initiatives.access import access_initiative

from ..access import (
    access_activity_partner,
    access_contact,
    access_enquiry,
    access_initiative_partner,
    access_partner,
    can_change_partner,
)
from ..forms_partners import (
    LINK_PREFIX,
    ContactForm,
    EnquiryAcceptForm,
    EnquiryDeclineForm,
    InitiativeLinkForm,
    LinkPartnerForm,
    PartnerFilterForm,
    PartnerForm,
)
from ..models import (
    ActivityPartner,
    Agreement,
    EnquiryStatus,
    InitiativePartner,
    Partner,
    PartnerContact,
    PartnerEnquiry,
)
from ..services import PartnershipError
from ..services import partners as services

PAGE_SIZE = 25


def _count_of(model, field: str):
    """The number of ``model`` rows pointing at the partner, as one subquery per row."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def partner_rows(queryset):
    """The list's rows: branches and the primary contact prefetched, the counts as subqueries."""
    return queryset.annotate(
        contact_count=_count_of(PartnerContact, "partner"),
        agreement_count=_count_of(Agreement, "partner"),
        activity_count=_count_of(ActivityPartner, "partner"),
        initiative_count=_count_of(InitiativePartner, "partner"),
    ).prefetch_related(
        "branches",
        Prefetch(
            "contacts",
            queryset=PartnerContact.objects.filter(is_primary=True),
            to_attr="primary_contacts",
        ),
    )


# --- The registry --------------------------------------------------------------------------------


@staff_required
@require_GET
def partner_list(request):
    form = PartnerFilterForm(request.GET)
    # Queries: the filter form's branches; the count and the page of partners with four counts
    # as subqueries; their branches; their primary contacts; the number of new enquiries.
    partners = partner_rows(form.filter(Partner.objects.all())).order_by("name", "pk")
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "partnerships/partners/list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.filtered,
            "new_enquiries": services.enquiries_waiting().count(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def partner_create(request):
    posted = request.method == "POST"
    form = PartnerForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            partner = services.partner_create(acting_user=request.user, **form.service_arguments())
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s er oprettet. Tilføj en kontaktperson.") % {"name": partner.name},
            )
            return redirect("partnerships:staff_partner_detail", partner.pk)
    return render(request, "partnerships/partners/form.html", {"form": form, "partner": None})


@staff_required
@require_GET
def partner_detail(request, pk):
    partner = access_partner(request.user, pk)
    agreements = list(partner.agreements.order_by("-created_at"))
    return render(
        request,
        "partnerships/partners/detail.html",
        {
            "partner": partner,
            "may_change": can_change_partner(request.user, partner),
            "contacts": partner.contacts.all(),
            "branches": partner.branches.order_by("kind", "name"),
            "initiative_links": partner.initiative_links.select_related("initiative").order_by(
                "-created_at"
            ),
            "activity_links": partner.activity_links.select_related(
                "activity", "activity__branch"
            ).order_by("-activity__starts_at"),
            "agreements": agreements,
            "enquiries": partner.enquiries.order_by("-created_at"),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    partner = access_partner(request.user, pk, write=True)
    posted = request.method == "POST"
    # A copy: validating a model form writes the input onto its instance.
    form = PartnerForm(request.POST if posted else None, instance=copy.copy(partner))
    if posted and form.is_valid():
        try:
            services.partner_update(
                partner=partner, acting_user=request.user, **form.service_arguments()
            )
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect("partnerships:staff_partner_detail", partner.pk)
    return render(request, "partnerships/partners/form.html", {"form": form, "partner": partner})


@staff_required
@require_POST
def partner_archive(request, pk):
    partner = access_partner(request.user, pk, write=True)
    archived = request.POST.get("archived") != "0"
    services.partner_archive(partner=partner, acting_user=request.user, archived=archived)
    if archived:
        messages.success(
            request,
            _(
                "%(name)s er arkiveret. Partneren vises ikke længere offentligt og kan ikke "
                "knyttes til nyt arbejde."
            )
            % {"name": partner.name},
        )
    else:
        messages.success(request, _("%(name)s er aktiv igen.") % {"name": partner.name})
    return redirect("partnerships:staff_partner_detail", partner.pk)


# --- Contact persons -----------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def contact_add(request, pk):
    partner = access_partner(request.user, pk, write=True)
    posted = request.method == "POST"
    form = ContactForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            contact = services.contact_add(
                partner=partner, acting_user=request.user, **form.service_arguments()
            )
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s er tilføjet.") % {"name": contact.name})
            return redirect(
                reverse("partnerships:staff_partner_detail", args=[partner.pk]) + "#kontakter"
            )
    return render(
        request,
        "partnerships/partners/contact_form.html",
        {"form": form, "partner": partner, "contact": None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk, contact_pk):
    contact = access_contact(request.user, pk, contact_pk, write=True)
    partner = contact.partner
    posted = request.method == "POST"
    form = ContactForm(request.POST if posted else None, instance=copy.copy(contact))
    if posted and form.is_valid():
        try:
            services.contact_update(
                contact=contact, acting_user=request.user, **form.service_arguments()
            )
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect(
                reverse("partnerships:staff_partner_detail", args=[partner.pk]) + "#kontakter"
            )
    return render(
        request,
        "partnerships/partners/contact_form.html",
        {"form": form, "partner": partner, "contact": contact},
    )


@staff_required
@require_POST
def contact_remove(request, pk, contact_pk):
    contact = access_contact(request.user, pk, contact_pk, write=True)
    try:
        services.contact_remove(contact=contact, acting_user=request.user)
    except PartnershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s er fjernet.") % {"name": contact.name})
    return redirect(reverse("partnerships:staff_partner_detail", args=[pk]) + "#kontakter")


# --- Enquiries -----------------------------------------------------------------------------------

ENQUIRY_TABS = [
    (EnquiryStatus.NEW, EnquiryStatus.NEW.label),
    (EnquiryStatus.ACCEPTED, EnquiryStatus.ACCEPTED.label),
    (EnquiryStatus.DECLINED, EnquiryStatus.DECLINED.label),
]


@staff_required
@require_GET
def enquiry_list(request):
    status = request.GET.get("status") or EnquiryStatus.NEW
    if status not in EnquiryStatus.values:
        status = EnquiryStatus.NEW
    # Queries: the counts per status (one), the count and the page of enquiries with branch,
    # partner and the staff member who answered joined.
    counts = dict(
        PartnerEnquiry.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    enquiries = (
        PartnerEnquiry.objects.filter(status=status)
        .select_related("branch", "partner", "handled_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(enquiries, PAGE_SIZE).get_page(request.GET.get("side"))
    tabs = [
        {"value": value, "label": label, "count": counts.get(value, 0), "current": value == status}
        for value, label in ENQUIRY_TABS
    ]
    return render(
        request,
        "partnerships/partners/enquiry_list.html",
        {"page": page, "tabs": tabs, "status": status},
    )


def _render_enquiry(request, enquiry, *, accept_form=None, decline_form=None, status=200):
    return render(
        request,
        "partnerships/partners/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "accept_form": accept_form or EnquiryAcceptForm(prefix="accept"),
            "decline_form": decline_form or EnquiryDeclineForm(prefix="decline"),
            "is_new": enquiry.status == EnquiryStatus.NEW,
            "retention_months": settings.SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS,
        },
        status=status,
    )


def _already_answered(request, enquiry):
    if enquiry.erased_at is not None:
        messages.info(
            request,
            _("Afsenderens oplysninger er slettet, så henvendelsen kan ikke længere besvares."),
        )
    else:
        messages.info(request, _("Henvendelsen er allerede besvaret."))
    return redirect("partnerships:enquiry_detail", enquiry.pk)


@staff_required
@require_GET
def enquiry_detail(request, pk):
    return _render_enquiry(request, access_enquiry(request.user, pk))


@staff_required
@require_POST
def enquiry_accept(request, pk):
    enquiry = access_enquiry(request.user, pk, write=True)
    if enquiry.status != EnquiryStatus.NEW or enquiry.erased_at is not None:
        return _already_answered(request, enquiry)
    form = EnquiryAcceptForm(request.POST, prefix="accept")
    if form.is_valid():
        try:
            partner = services.enquiry_accept(
                enquiry=enquiry,
                acting_user=request.user,
                reply=form.cleaned_data["reply"],
                partner=form.cleaned_data["partner"],
            )
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "%(name)s er oprettet som partner, og afsenderen har fået svar. Se "
                    "oplysningerne igennem, og vælg om partneren skal vises offentligt."
                )
                % {"name": partner.name},
            )
            return redirect("partnerships:staff_partner_detail", partner.pk)
    return _render_enquiry(request, enquiry, accept_form=form)


@staff_required
@require_POST
def enquiry_decline(request, pk):
    enquiry = access_enquiry(request.user, pk, write=True)
    if enquiry.status != EnquiryStatus.NEW or enquiry.erased_at is not None:
        return _already_answered(request, enquiry)
    form = EnquiryDeclineForm(request.POST, prefix="decline")
    if form.is_valid():
        try:
            services.enquiry_decline(
                enquiry=enquiry, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Henvendelsen er afvist, og afsenderen har fået svar."))
            return redirect("partnerships:enquiry_list")
    return _render_enquiry(request, enquiry, decline_form=form)


# --- Links to initiatives and activities ---------------------------------------------------------


def _back_to(page: str, pk: int):
    return redirect(reverse(page, args=[pk]) + "#samarbejdspartnere")


def _link(request, form, *, page: str, pk: int, link, success):
    """Validate the chosen partner, call ``link(partner=..., **extra)``, say how it went on the
    page the form sits on (the initiative's or the activity's)."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to(page, pk)
    partner = form.cleaned_data["partner"]
    try:
        link(partner=partner, acting_user=request.user)
    except PartnershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success(partner) % {"name": partner.name})
    return _back_to(page, pk)


@staff_required
@require_POST
def initiative_partner_link(request, initiative_pk):
    initiative = access_initiative(request.user, initiative_pk, write=True)
    form = InitiativeLinkForm(request.POST, prefix=LINK_PREFIX)
    return _link(
        request,
        form,
        page="initiatives:staff_detail",
        pk=initiative.pk,
        link=lambda **kwargs: services.initiative_link_partner(
            initiative=initiative, note=form.cleaned_data["note"], **kwargs
        ),
        success=lambda partner: _("%(name)s er med på initiativet."),
    )


@staff_required
@require_POST
def initiative_partner_unlink(request, pk):
    link = access_initiative_partner(request.user, pk, write=True)
    services.initiative_unlink_partner(link=link, acting_user=request.user)
    messages.success(
        request, _("%(name)s er fjernet fra initiativet.") % {"name": link.partner.name}
    )
    return _back_to("initiatives:staff_detail", link.initiative.pk)


def _cohost_message(partner) -> str:
    if partner.is_public:
        return _("%(name)s er medarrangør og vises i den offentlige kalender.")
    return _(
        "%(name)s er medarrangør. Navnet vises ikke i kalenderen, fordi partneren ikke er "
        "offentlig."
    )


@staff_required
@require_POST
def activity_partner_link(request, activity_pk):
    activity = access_activity(request.user, activity_pk, write=True)
    return _link(
        request,
        LinkPartnerForm(request.POST, prefix=LINK_PREFIX),
        page="activities:staff_detail",
        pk=activity.pk,
        link=lambda **kwargs: services.activity_link_partner(activity=activity, **kwargs),
        success=_cohost_message,
    )


@staff_required
@require_POST
def activity_partner_unlink(request, pk):
    link = access_activity_partner(request.user, pk, write=True)
    services.activity_unlink_partner(link=link, acting_user=request.user)
    messages.success(
        request, _("%(name)s er ikke længere medarrangør.") % {"name": link.partner.name}
    )
    return _back_to("activities:staff_detail", link.activity.pk)


BASE = "personale/partnere/"

patterns = [
    path(BASE, partner_list, name="staff_partner_list"),
    path(f"{BASE}ny/", partner_create, name="partner_create"),
    path(f"{BASE}henvendelser/", enquiry_list, name="enquiry_list"),
    path(f"{BASE}henvendelser/<int:pk>/", enquiry_detail, name="enquiry_detail"),
    path(f"{BASE}henvendelser/<int:pk>/opret/", enquiry_accept, name="enquiry_accept"),
    path(f"{BASE}henvendelser/<int:pk>/afvis/", enquiry_decline, name="enquiry_decline"),
    path(f"{BASE}<int:pk>/", partner_detail, name="staff_partner_detail"),
    path(f"{BASE}<int:pk>/rediger/", partner_edit, name="partner_edit"),
    path(f"{BASE}<int:pk>/arkiv/", partner_archive, name="partner_archive"),
    path(f"{BASE}<int:pk>/kontakter/ny/", contact_add, name="contact_add"),
    path(f"{BASE}<int:pk>/kontakter/<int:contact_pk>/", contact_edit, name="contact_edit"),
    path(
        f"{BASE}<int:pk>/kontakter/<int:contact_pk>/fjern/", contact_remove, name="contact_remove"
    ),
    path(
        f"{BASE}initiativ/<int:initiative_pk>/tilknyt/",
        initiative_partner_link,
        name="initiative_partner_link",
    ),
    path(
        f"{BASE}initiativ-partner/<int:pk>/fjern/",
        initiative_partner_unlink,
        name="initiative_partner_unlink",
    ),
    path(
        f"{BASE}aktivitet/<int:activity_pk>/tilknyt/",
        activity_partner_link,
        name="activity_partner_link",
    ),
    path(
        f"{BASE}aktivitet-partner/<int:pk>/fjern/",
        activity_partner_unlink,
        name="activity_partner_unlink",
    ),
]
