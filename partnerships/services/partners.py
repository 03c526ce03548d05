"""The partner registry, contact persons, "Bliv samarbejdspartner" enquiries, and partners
linked to initiatives ("Sammen med hvem?") and activities (co-hosts).

Invariants:
- A partner has at most one primary contact; a partner with contacts always has one.
- An enquiry's personal data (sender's name, role, email, phone, the idea text, the IP hash) is
  erased SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS after it was answered, or after it arrived if
  nobody answered it (``enquiries_apply_retention``, run daily by ``apply_partner_retention``).
  Organisation, kind, status and dates stay for statistics; ``erased_at`` marks the row done.
- An ActivityPartner has an ActivityCoHost of kind "partner" with the partner's name, shown in
  the public calendar exactly when the partner is public. The activity's own edit form rewrites
  its co-host rows, so the link finds its row again by kind and name (``_cohost_for``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from accounts.models import ConsentText, Role, User
from accounts.services import apply_changes, audit_record
from activities.models import Activity, ActivityCoHost, CoHostKind
from initiatives.models import Initiative
from organisation.models import Library
from portal.retention import retention_cutoff
from portal.spam import ip_hash

from ..models import (
    ActivityPartner,
    EnquiryStatus,
    InitiativePartner,
    Partner,
    PartnerContact,
    PartnerEnquiry,
)
from . import PartnershipError

ENQUIRY_CONSENT_PURPOSE = "partner_enquiry"
# What an erased required text field says instead of the sender's words.
ERASED = "[slettet]"
EMAIL_LANGUAGE = "da"

PARTNER_FIELDS = (
    "name",
    "slug",
    "kind",
    "cvr",
    "address",
    "postcode",
    "city",
    "website",
    "description",
    "notes",
    "is_public",
    "is_active",
)
CONTACT_FIELDS = ("name", "role", "email", "phone", "may_sign", "is_primary")
ENQUIRY_FIELDS = (
    "organisation_name",
    "kind",
    "cvr",
    "website",
    "contact_name",
    "contact_role",
    "email",
    "phone",
    "idea",
)

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def unique_slug(name: str, *, exclude_pk=None) -> str:
    """A readable, unique address part: 'Tårnby Læseforening' becomes 'taarnby-laeseforening'."""
    base = (slugify((name or "").translate(_DANISH)) or "partner")[:70].strip("-")
    slug, n = base, 2
    while Partner.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_unknown(fields: dict, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def _validate(instance, *, exclude=()) -> None:
    try:
        instance.full_clean(exclude=["created_by", *exclude], validate_unique=False)
    except ValidationError as exc:
        raise PartnershipError(" ".join(exc.messages)) from exc


# --- Partners ------------------------------------------------------------------------------------


@transaction.atomic
def partner_create(*, acting_user: User | None, branches=(), **fields) -> Partner:
    _check_unknown(fields, PARTNER_FIELDS)
    if not (fields.get("name") or "").strip():
        raise PartnershipError("Skriv partnerens navn.")
    fields["name"] = fields["name"].strip()
    slug = fields.get("slug") or ""
    if slug and Partner.objects.filter(slug=slug).exists():
        raise PartnershipError("Det korte navn er allerede brugt af en anden partner.")
    fields["slug"] = slug or unique_slug(fields["name"])
    partner = Partner(created_by=acting_user, **fields)
    _validate(partner)
    partner.save()
    partner.branches.set(branches)
    audit_record(actor=acting_user, action="partner_created", target=partner)
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, acting_user: User, branches=None, **fields) -> Partner:
    """Change the given fields. A new name or public flag is carried to the partner's co-host
    rows, so the public calendar follows."""
    _check_unknown(fields, PARTNER_FIELDS)
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
        if not fields["name"]:
            raise PartnershipError("Skriv partnerens navn.")
    if "slug" in fields:
        if not fields["slug"]:
            fields["slug"] = unique_slug(fields.get("name", partner.name), exclude_pk=partner.pk)
        elif Partner.objects.filter(slug=fields["slug"]).exclude(pk=partner.pk).exists():
            raise PartnershipError("Det korte navn er allerede brugt af en anden partner.")
    old_name = partner.name
    changes = apply_changes(partner, fields)
    _validate(partner)
    partner.save()
    if branches is not None:
        before = set(partner.branches.values_list("pk", flat=True))
        after = {branch.pk for branch in branches}
        if before != after:
            partner.branches.set(branches)
            changes["branches"] = [sorted(before), sorted(after)]
    if {"name", "is_public"} & set(changes):
        _sync_cohosts(partner, old_name=old_name)
    audit_record(actor=acting_user, action="partner_changed", target=partner, changes=changes)
    return partner


@transaction.atomic
def partner_archive(*, partner: Partner, acting_user: User, archived: bool = True) -> Partner:
    """An archived partner leaves the public directory and cannot be linked to new work; what
    it was part of (agreements, activities) keeps it."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.is_active == (not archived):
        return partner
    partner.is_active = not archived
    partner.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=acting_user,
        action="partner_archived" if archived else "partner_restored",
        target=partner,
        changes={"is_active": [archived, not archived]},
    )
    return partner


# --- Contact persons -----------------------------------------------------------------------------


def _lock(partner: Partner) -> Partner:
    # Lock the partner: two contact changes at once must not leave two primary contacts (or none).
    return Partner.objects.select_for_update().get(pk=partner.pk)


def _ensure_one_primary(partner: Partner, primary: PartnerContact | None = None) -> None:
    contacts = partner.contacts.all()
    if primary is not None:
        contacts.exclude(pk=primary.pk).filter(is_primary=True).update(is_primary=False)
    elif not contacts.filter(is_primary=True).exists():
        first = contacts.order_by("created_at", "pk").first()
        if first is not None:
            contacts.filter(pk=first.pk).update(is_primary=True)


@transaction.atomic
def contact_add(*, partner: Partner, acting_user: User | None, **fields) -> PartnerContact:
    _check_unknown(fields, CONTACT_FIELDS)
    partner = _lock(partner)
    contact = PartnerContact(partner=partner, **fields)
    if not (contact.email or "").strip():
        raise PartnershipError("Skriv kontaktpersonens e-mail.")
    _validate(contact, exclude=["partner"])
    if not partner.contacts.exists():
        contact.is_primary = True
    contact.save()
    _ensure_one_primary(partner, contact if contact.is_primary else None)
    audit_record(
        actor=acting_user,
        action="partner_contact_added",
        target=partner,
        changes={"contact": contact.name, "may_sign": contact.may_sign},
    )
    return contact


@transaction.atomic
def contact_update(*, contact: PartnerContact, acting_user: User, **fields) -> PartnerContact:
    _check_unknown(fields, CONTACT_FIELDS)
    partner = _lock(contact.partner)
    contact = PartnerContact.objects.get(pk=contact.pk)
    if "email" in fields and not (fields["email"] or "").strip():
        raise PartnershipError("Skriv kontaktpersonens e-mail.")
    changes = apply_changes(contact, fields)
    _validate(contact, exclude=["partner"])
    contact.save()
    _ensure_one_primary(partner, contact if contact.is_primary else None)
    audit_record(
        actor=acting_user,
        action="partner_contact_changed",
        target=partner,
        changes={"contact": contact.name, **changes},
    )
    contact.refresh_from_db()
    return contact


@transaction.atomic
def contact_remove(*, contact: PartnerContact, acting_user: User) -> None:
    partner = _lock(contact.partner)
    name = contact.name
    try:
        with transaction.atomic():
            contact.delete()
    except ProtectedError as exc:
        raise PartnershipError(
            "Kontaktpersonen har underskrevet en aftale og kan derfor ikke slettes."
        ) from exc
    _ensure_one_primary(partner)
    audit_record(
        actor=acting_user,
        action="partner_contact_removed",
        target=partner,
        changes={"contact": name},
    )


# --- Enquiries ("Bliv samarbejdspartner") ---------------------------------------------------------


def _mail(subject: str, template: str, context: dict, to: list[str]) -> None:
    """Queued through the task backend and sent after commit (portal.mail), in Danish."""
    if not to:
        return
    with translation.override(EMAIL_LANGUAGE):
        body = render_to_string(template, {"library": Library.load(), **context})
    send_mail(subject, body, None, to)


def enquiry_recipients(enquiry: PartnerEnquiry) -> list[str]:
    """Who hears about a new enquiry: the tovholder of the chosen library, else the managers."""
    lead = enquiry.branch.tovholder if enquiry.branch_id else None
    if lead is not None and lead.is_active and lead.email:
        return [lead.email]
    return list(
        User.objects.filter(role=Role.MANAGER, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )


@transaction.atomic
def enquiry_submit(
    *, data: dict, consent_text: ConsentText, ip: str = "", branch=None
) -> PartnerEnquiry:
    """An organisation's enquiry from the public form. Consent is to ``consent_text``."""
    _check_unknown(data, ENQUIRY_FIELDS)
    if not (data.get("email") or "").strip():
        raise PartnershipError("Skriv din e-mail, så vi kan svare dig.")
    enquiry = PartnerEnquiry(
        **data,
        branch=branch,
        consent_text=consent_text,
        consented_at=timezone.now(),
        ip_hash=ip_hash(ip) if ip else "",
    )
    _validate(enquiry, exclude=["branch", "consent_text", "partner", "handled_by"])
    enquiry.save()
    _mail(
        f"Tak for jeres henvendelse: {enquiry.organisation_name}",
        "partnerships/public/email/enquiry_receipt.txt",
        {"enquiry": enquiry},
        [enquiry.email],
    )
    _mail(
        f"Ny henvendelse fra en mulig samarbejdspartner: {enquiry.organisation_name}",
        "partnerships/partners/email/enquiry_new.txt",
        {
            "enquiry": enquiry,
            "url": settings.SITE_URL + reverse("partnerships:enquiry_list"),
        },
        enquiry_recipients(enquiry),
    )
    return enquiry


def _lock_new_enquiry(enquiry: PartnerEnquiry) -> PartnerEnquiry:
    # Lock the enquiry: two staff answering at once must not both create a partner.
    enquiry = PartnerEnquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.status != EnquiryStatus.NEW:
        raise PartnershipError("Henvendelsen er allerede besvaret.")
    if enquiry.erased_at is not None:
        raise PartnershipError(
            "Afsenderens oplysninger er slettet, så henvendelsen kan ikke længere besvares."
        )
    return enquiry


@transaction.atomic
def enquiry_accept(
    *,
    enquiry: PartnerEnquiry,
    acting_user: User,
    reply: str = "",
    partner: Partner | None = None,
) -> Partner:
    """Register the organisation as a partner (or add the sender to ``partner``, an existing
    one) with the sender as primary contact, and send the sender the answer."""
    enquiry = _lock_new_enquiry(enquiry)
    if partner is None:
        partner = partner_create(
            acting_user=acting_user,
            name=enquiry.organisation_name,
            kind=enquiry.kind,
            cvr=enquiry.cvr,
            website=enquiry.website,
            description=enquiry.idea,
            is_public=False,
            branches=[enquiry.branch] if enquiry.branch_id else [],
        )
    contact = partner.contacts.filter(email__iexact=enquiry.email).first()
    if contact is None:
        contact_add(
            partner=partner,
            acting_user=acting_user,
            name=enquiry.contact_name,
            role=enquiry.contact_role,
            email=enquiry.email,
            phone=enquiry.phone,
            is_primary=not partner.contacts.filter(is_primary=True).exists(),
        )
    enquiry.status = EnquiryStatus.ACCEPTED
    enquiry.partner = partner
    enquiry.reply = (reply or "").strip()
    enquiry.handled_by = acting_user
    enquiry.handled_at = timezone.now()
    enquiry.save(update_fields=["status", "partner", "reply", "handled_by", "handled_at"])
    audit_record(
        actor=acting_user,
        action="partner_enquiry_accepted",
        target=enquiry,
        changes={"partner": partner.pk},
    )
    _mail(
        f"Velkommen som samarbejdspartner: {enquiry.organisation_name}",
        "partnerships/partners/email/enquiry_accepted.txt",
        {"enquiry": enquiry, "partner": partner, "handler": acting_user},
        [enquiry.email],
    )
    return partner


@transaction.atomic
def enquiry_decline(*, enquiry: PartnerEnquiry, acting_user: User, reason: str) -> PartnerEnquiry:
    reason = (reason or "").strip()
    if not reason:
        raise PartnershipError("Skriv hvorfor, så afsenderen får et ordentligt svar.")
    enquiry = _lock_new_enquiry(enquiry)
    enquiry.status = EnquiryStatus.DECLINED
    enquiry.reply = reason
    enquiry.handled_by = acting_user
    enquiry.handled_at = timezone.now()
    enquiry.save(update_fields=["status", "reply", "handled_by", "handled_at"])
    audit_record(actor=acting_user, action="partner_enquiry_declined", target=enquiry)
    _mail(
        f"Svar på jeres henvendelse: {enquiry.organisation_name}",
        "partnerships/partners/email/enquiry_declined.txt",
        {"enquiry": enquiry, "handler": acting_user},
        [enquiry.email],
    )
    return enquiry


def enquiries_retention_queryset(
    *, now: datetime.datetime | None = None, months: int | None = None
):
    """Enquiries whose personal data is past the retention period: answered (accepted or
    declined) more than ``months`` ago, or new and untouched since they arrived that long ago."""
    months = settings.SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS if months is None else months
    return (
        PartnerEnquiry.objects.filter(erased_at__isnull=True)
        .alias(last_touched=Coalesce("handled_at", "created_at"))
        .filter(last_touched__lt=retention_cutoff(months, now=now))
    )


def _erase(enquiry: PartnerEnquiry, *, now: datetime.datetime, months: int) -> None:
    # An accepted sender lives on as the partner's contact person; this is only the copy.
    enquiry.contact_name = ERASED
    enquiry.contact_role = ""
    enquiry.email = ""
    enquiry.phone = ""
    enquiry.idea = ERASED
    enquiry.ip_hash = ""
    enquiry.erased_at = now
    enquiry.save(
        update_fields=[
            "contact_name",
            "contact_role",
            "email",
            "phone",
            "idea",
            "ip_hash",
            "erased_at",
        ]
    )
    audit_record(
        actor=None,
        action="partner_enquiry_erased",
        target=enquiry,
        changes={"retention_months": months},
    )


def enquiries_apply_retention(
    *, now: datetime.datetime | None = None, months: int | None = None
) -> int:
    """Erase the personal data of every enquiry past retention; return how many. Erased rows
    are marked, so a second run finds nothing to do."""
    months = settings.SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS if months is None else months
    count = 0
    due = enquiries_retention_queryset(now=now, months=months)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # Locked and checked again: staff may have answered it a moment ago.
            enquiry = due.select_for_update().filter(pk=pk).first()
            if enquiry is not None:
                _erase(enquiry, now=now or timezone.now(), months=months)
                count += 1
    return count


# --- Links to initiatives and activities ---------------------------------------------------------


def _check_linkable(partner: Partner) -> None:
    if not partner.is_active:
        raise PartnershipError("Partneren er arkiveret og kan ikke knyttes til nyt arbejde.")


@transaction.atomic
def initiative_link_partner(
    *, initiative: Initiative, partner: Partner, acting_user: User, note: str = ""
) -> InitiativePartner:
    _check_linkable(partner)
    if InitiativePartner.objects.filter(initiative=initiative, partner=partner).exists():
        raise PartnershipError(f"{partner.name} er allerede med på initiativet.")
    link = InitiativePartner.objects.create(
        initiative=initiative,
        partner=partner,
        note=(note or "").strip()[:200],
        created_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action="initiative_partner_linked",
        target=initiative,
        changes={"partner": partner.name},
    )
    return link


@transaction.atomic
def initiative_unlink_partner(*, link: InitiativePartner, acting_user: User) -> None:
    initiative, name = link.initiative, link.partner.name
    link.delete()
    audit_record(
        actor=acting_user,
        action="initiative_partner_unlinked",
        target=initiative,
        changes={"partner": name},
    )


def _cohost_for(link: ActivityPartner, *, name: str | None = None) -> ActivityCoHost | None:
    """The link's co-host row: its own, or (after the activity's edit form rewrote the co-host
    rows) an unlinked partner row with the partner's name."""
    if link.cohost_id:
        return link.cohost
    return (
        ActivityCoHost.objects.filter(
            activity_id=link.activity_id,
            kind=CoHostKind.PARTNER,
            name=name or link.partner.name,
            partner_link__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def _sync_cohost(link: ActivityPartner, *, old_name: str | None = None) -> ActivityCoHost:
    partner = link.partner
    cohost = _cohost_for(link, name=old_name)
    if cohost is None:
        cohost = ActivityCoHost.objects.create(
            activity_id=link.activity_id,
            kind=CoHostKind.PARTNER,
            name=partner.name,
            show_publicly=partner.is_public,
        )
    else:
        cohost.name, cohost.show_publicly = partner.name, partner.is_public
        cohost.save(update_fields=["name", "show_publicly"])
    if link.cohost_id != cohost.pk:
        link.cohost = cohost
        link.save(update_fields=["cohost"])
    return cohost


@transaction.atomic
def cohost_sync(link: ActivityPartner) -> ActivityCoHost:
    """Put the link's co-host row back in shape (e.g. after the activity's co-hosts were
    rewritten): the partner's current name, shown publicly exactly when the partner is public."""
    return _sync_cohost(link)


def _sync_cohosts(partner: Partner, *, old_name: str) -> None:
    for link in partner.activity_links.select_related("cohost", "partner"):
        _sync_cohost(link, old_name=old_name)


@transaction.atomic
def activity_link_partner(
    *, activity: Activity, partner: Partner, acting_user: User
) -> ActivityPartner:
    """The partner co-hosts the activity; the public calendar names it if the partner is
    public."""
    _check_linkable(partner)
    if ActivityPartner.objects.filter(activity=activity, partner=partner).exists():
        raise PartnershipError(f"{partner.name} er allerede medarrangør.")
    link = ActivityPartner.objects.create(
        activity=activity, partner=partner, created_by=acting_user
    )
    _sync_cohost(link)
    audit_record(
        actor=acting_user,
        action="activity_partner_linked",
        target=activity,
        changes={"partner": partner.name},
    )
    return link


@transaction.atomic
def activity_unlink_partner(*, link: ActivityPartner, acting_user: User) -> None:
    activity, name = link.activity, link.partner.name
    cohost = _cohost_for(link)
    link.delete()
    if cohost is not None:
        cohost.delete()
    audit_record(
        actor=acting_user,
        action="activity_partner_unlinked",
        target=activity,
        changes={"partner": name},
    )


def enquiries_waiting():
    """Enquiries that still wait for an answer (erased ones can no longer be answered)."""
    return PartnerEnquiry.objects.filter(status=EnquiryStatus.NEW, erased_at__isnull=True)
