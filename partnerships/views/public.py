"""The citizen's side: "Vores samarbejdspartnere" (public, active partners only), a partner's
page with the public activities it co-hosts, and the "Bliv samarbejdspartner" enquiry form with
the same spam rules as the initiative form (portal/spam.py)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import ConsentText
from activities.models import Activity
from activities.queries import with_public_details
from organisation.models import Branch, Library
from portal.spam import RateLimit, client_ip, rate_limit_message

from ..access import access_public_partner
from ..forms_partners import DirectoryFilterForm, EnquiryForm
from ..models import Partner
from ..services import PartnershipError
from ..services.partners import ENQUIRY_CONSENT_PURPOSE, enquiry_submit

PAGE_SIZE = 20
THANKS_SESSION_KEY = "partnerships_enquiry"
ENQUIRIES_PER_IP = RateLimit("partnerships:enquiries")


def public_partners():
    return Partner.objects.filter(is_public=True, is_active=True)


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET)
    # Queries: the count and the page of partners, then their active branches.
    partners = (
        form.filter(public_partners())
        .prefetch_related(
            Prefetch(
                "branches",
                queryset=Branch.objects.filter(is_active=True).order_by("kind", "name"),
                to_attr="active_branches",
            )
        )
        .order_by("name", "pk")
    )
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "partnerships/public/directory.html",
        {"form": form, "page": page, "filtered": form.filtered},
    )


@require_GET
def partner_page(request, slug):
    partner = access_public_partner(slug)
    activities = with_public_details(
        Activity.objects.public()
        .upcoming(timezone.now())
        .filter(partner_links__partner=partner)
        .order_by("starts_at", "pk")
    )
    return render(
        request,
        "partnerships/public/partner.html",
        {
            "partner": partner,
            "branches": partner.branches.filter(is_active=True).order_by("kind", "name"),
            "activities": activities[:20],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enquiry(request):
    consent_text = ConsentText.current(ENQUIRY_CONSENT_PURPOSE)
    initial = {}
    if request.user.is_authenticated:
        initial = {
            "contact_name": request.user.name,
            "email": request.user.email,
            "phone": request.user.phone,
        }
    if request.method != "POST":
        form = EnquiryForm(consent_text=consent_text, initial=initial)
        return render(request, "partnerships/public/enquiry.html", {"form": form})

    form = EnquiryForm(request.POST, consent_text=consent_text, initial=initial)
    ip = client_ip(request)
    if ENQUIRIES_PER_IP.exceeded(ip):
        form.add_error(
            None,
            rate_limit_message(
                Library.load(), _("Du har sendt mange henvendelser den sidste time")
            ),
        )
    elif form.is_valid():
        try:
            sent = enquiry_submit(
                data=form.enquiry_data(),
                consent_text=consent_text,
                ip=ip,
                branch=form.cleaned_data["branch"],
            )
        except PartnershipError as exc:
            form.add_error(None, str(exc))
        else:
            ENQUIRIES_PER_IP.count(ip)
            request.session[THANKS_SESSION_KEY] = {
                "organisation": sent.organisation_name,
                "email": sent.email,
            }
            return redirect("partnerships:enquiry_thanks")
    return render(request, "partnerships/public/enquiry.html", {"form": form})


@require_GET
def enquiry_thanks(request):
    return render(
        request,
        "partnerships/public/enquiry_thanks.html",
        {"sent": request.session.get(THANKS_SESSION_KEY)},
    )


patterns = [
    path("samarbejdspartnere/", directory, name="directory"),
    path("samarbejdspartnere/<slug:slug>/", partner_page, name="public_partner"),
    path("bliv-samarbejdspartner/", enquiry, name="enquiry"),
    path("bliv-samarbejdspartner/tak/", enquiry_thanks, name="enquiry_thanks"),
]
