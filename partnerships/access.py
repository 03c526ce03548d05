"""Who may see and change partners and agreements (ARCHITECTURE.md "Roles").

One ``access_<thing>`` helper per object: it fetches and authorises in one step. An outsider
gets 404 (the object does not announce itself); someone who may read but not change gets 403.

- Citizens and anonymous people see only the public partner directory (public partners).
- Staff read every partner and agreement, register partners and draft agreements.
- An agreement is changed by its owner, the tovholder of its branch, and managers.
- Only managers sign on the library's behalf and edit the agreement models.
- A partner contact never logs in: they reach their own agreement through a signed review link
  (``services.workflow``), never through these helpers.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_library_staff, is_manager
from activities.access import access_activity
from initiatives.access import access_initiative
from organisation.access import leads_branch

from .models import (
    ActivityPartner,
    Agreement,
    AgreementTemplate,
    InitiativePartner,
    Partner,
    PartnerContact,
    PartnerEnquiry,
)


def _require_staff(user):
    if not is_library_staff(user):
        raise Http404


def can_change_partner(user, partner: Partner) -> bool:
    return is_library_staff(user)


def access_partner(user, pk, *, write: bool = False) -> Partner:
    _require_staff(user)
    partner = get_object_or_404(Partner, pk=pk)
    if write and not can_change_partner(user, partner):
        raise PermissionDenied
    return partner


def access_public_partner(slug) -> Partner:
    return get_object_or_404(Partner, slug=slug, is_public=True, is_active=True)


def access_enquiry(user, pk, *, write: bool = False) -> PartnerEnquiry:
    _require_staff(user)
    return get_object_or_404(PartnerEnquiry, pk=pk)


def can_change_agreement(user, agreement: Agreement) -> bool:
    return is_library_staff(user) and (
        is_manager(user)
        or (agreement.owner_id is not None and agreement.owner_id == user.pk)
        or leads_branch(user, agreement.branch)
    )


def can_sign_for_library(user) -> bool:
    return is_manager(user)


def access_agreement(user, pk, *, write: bool = False) -> Agreement:
    _require_staff(user)
    agreement = get_object_or_404(
        Agreement.objects.select_related(
            "partner", "branch", "branch__tovholder", "owner", "template_version__template"
        ),
        pk=pk,
    )
    if write and not can_change_agreement(user, agreement):
        raise PermissionDenied
    return agreement


def access_template(user, pk, *, write: bool = False) -> AgreementTemplate:
    _require_staff(user)
    template = get_object_or_404(AgreementTemplate, pk=pk)
    if write and not is_manager(user):
        raise PermissionDenied
    return template


# --- Partner contacts, and partners linked to initiatives and activities -------------------------


def access_contact(user, partner_pk, pk, *, write: bool = False) -> PartnerContact:
    partner = access_partner(user, partner_pk, write=write)
    return get_object_or_404(
        PartnerContact.objects.select_related("partner"), pk=pk, partner=partner
    )


def access_initiative_partner(user, pk, *, write: bool = False) -> InitiativePartner:
    """A partner on an initiative: changed by whoever may change the initiative."""
    _require_staff(user)
    link = get_object_or_404(InitiativePartner.objects.select_related("partner"), pk=pk)
    link.initiative = access_initiative(user, link.initiative_id, write=write)
    return link


def access_activity_partner(user, pk, *, write: bool = False) -> ActivityPartner:
    """A partner co-hosting an activity: changed by whoever may change the activity."""
    _require_staff(user)
    link = get_object_or_404(ActivityPartner.objects.select_related("partner", "cohost"), pk=pk)
    link.activity = access_activity(user, link.activity_id, write=write)
    return link
