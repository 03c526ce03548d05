"""Demo agreements in every status (seed_demo, via partnerships.demo.seed), made with the real
services: drafting, review, comments, signatures with evidence, the stored PDFs, renewal.

Idempotent: an agreement whose title exists already is left alone. Partners come from the
partner demo data (partnerships.demo.seed_partners); if it has not run, a few partners of our
own are made so this part also works alone.
"""

import datetime

from django.utils import timezone

from .models import (
    Agreement,
    AgreementStatus,
    AgreementTemplate,
    Partner,
    PartnerContact,
    PartnerKind,
    SignatureParty,
)
from .services.drafting import agreement_create, agreement_update
from .services.signing import RequestMeta, agreement_sign, final_pdf_ensure
from .services.workflow import (
    agreement_renew,
    agreement_terminate,
    agreements_update_by_date,
    review_accept,
    review_comment,
    review_invite,
)

DEMO_META = RequestMeta(ip=None, user_agent="Demodata (manage.py seed_demo)")

FALLBACK_PARTNERS = [
    ("demo-laeseforening", "Tårnby Læseforening", PartnerKind.ASSOCIATION, "Anne Madsen"),
    ("demo-skole", "Korsvejens Skole", PartnerKind.SCHOOL, "Peter Holm"),
    ("demo-ungdomsskole", "Tårnby Ungdomsskole", PartnerKind.MUNICIPAL, "Mia Larsen"),
    (
        "demo-sprogcafe",
        "Frivilliggruppen Sprogcafé Kastrup",
        PartnerKind.VOLUNTEER_GROUP,
        "Ali Aziz",
    ),
    ("demo-boernehus", "Børnehuset Solsikken", PartnerKind.DAYCARE, "Lone Berg"),
    ("demo-aftenskole", "FOF Amager", PartnerKind.EDUCATION, "Karen Vestergaard"),
    ("demo-virksomhed", "Amager Cykler ApS", PartnerKind.COMPANY, "Jonas Krog"),
]

# (title, model kind, target status, start offset in days, length in days)
AGREEMENTS = [
    ("Lektiecafé om eftermiddagen", "standard", AgreementStatus.DRAFT, 30, 365),
    ("Sprogcafé hver tirsdag", "standard", AgreementStatus.IN_REVIEW, 14, 365),
    ("Fortælletimer for børnehavebørn", "intent", AgreementStatus.READY_TO_SIGN, 10, 180),
    ("Cykelværksted til Børnenes Dag", "event", AgreementStatus.SIGNED, 40, 1),
    ("Læseklub for seniorer", "standard", AgreementStatus.ACTIVE, -60, 365),
    ("Foredragsrække i mødesalen", "rooms", AgreementStatus.EXPIRED, -400, 365),
    ("Ungdomsskolens gamerklub", "standard", AgreementStatus.TERMINATED, -120, 365),
]


def _partners() -> list[tuple[Partner, PartnerContact]]:
    """Active partners with a contact who may sign; our own fallback partners if too few."""
    found = []
    for partner in Partner.objects.filter(is_active=True).order_by("name"):
        contact = partner.contacts.filter(may_sign=True).order_by("-is_primary", "pk").first()
        if contact is not None:
            found.append((partner, contact))
    if len(found) >= len(AGREEMENTS):
        return found
    for slug, name, kind, person in FALLBACK_PARTNERS:
        partner, _created = Partner.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "city": "Kastrup", "postcode": "2770"}
        )
        local = person.split()[0].lower()
        contact, _created = PartnerContact.objects.get_or_create(
            partner=partner,
            email=f"{local}@{slug}.example.dk",
            defaults={"name": person, "role": "Formand", "may_sign": True, "is_primary": True},
        )
        if (partner, contact) not in found:
            found.append((partner, contact))
    return found


def _sign(agreement: Agreement, invitation, manager):
    agreement_sign(
        agreement=agreement,
        party=SignatureParty.PARTNER,
        typed_name=invitation.contact.name,
        consent=True,
        meta=DEMO_META,
        invitation=invitation,
    )
    agreement_sign(
        agreement=agreement,
        party=SignatureParty.LIBRARY,
        typed_name=manager.name,
        consent=True,
        meta=DEMO_META,
        user=manager,
    )
    agreement.refresh_from_db()
    return final_pdf_ensure(agreement)


def _one(title, kind, target, start_offset, length, partner, contact, users, branch):
    staff, manager = users["medarbejder"], users["chef"]
    today = timezone.localdate()
    start = today + datetime.timedelta(days=start_offset)
    agreement = agreement_create(
        partner=partner,
        template=AgreementTemplate.objects.get(kind=kind),
        title=title,
        owner=staff,
        branch=branch,
        acting_user=staff,
        partner_signatory=contact,
    )
    agreement = agreement_update(
        agreement=agreement,
        acting_user=staff,
        start_date=start,
        end_date=start + datetime.timedelta(days=length),
        evaluation_date=start + datetime.timedelta(days=max(1, length // 2)),
        note="Periode udfyldt",
    )
    if target == AgreementStatus.DRAFT:
        return agreement
    invitation = review_invite(agreement=agreement, contact=contact, acting_user=staff)
    first_key = agreement.latest_version().content["sections"][0]["key"]
    review_comment(
        invitation=invitation,
        section_key=first_key,
        text="Det ser fint ud. Kan vi skrive vores næstformand på som ekstra kontakt?",
    )
    if target == AgreementStatus.IN_REVIEW:
        return agreement
    review_accept(invitation=invitation)
    if target == AgreementStatus.READY_TO_SIGN:
        agreement_sign(
            agreement=agreement,
            party=SignatureParty.PARTNER,
            typed_name=contact.name,
            consent=True,
            meta=DEMO_META,
            invitation=invitation,
        )
        return agreement
    agreement = _sign(agreement, invitation, manager)
    if target == AgreementStatus.EXPIRED:
        agreements_update_by_date(today)
        agreement_renew(agreement=Agreement.objects.get(pk=agreement.pk), acting_user=staff)
    elif target == AgreementStatus.TERMINATED:
        agreement_terminate(
            agreement=agreement,
            acting_user=manager,
            reason="Ungdomsskolen har flyttet klubben til sine egne lokaler.",
        )
    return agreement


def seed_agreements(*, users: dict, branches: dict) -> list[Agreement]:
    partners = _partners()
    branch_list = list(branches.values())
    made = []
    for index, (title, kind, target, start, length) in enumerate(AGREEMENTS):
        if Agreement.objects.filter(title=title).exists():
            continue
        partner, contact = partners[index % len(partners)]
        branch = branch_list[index % len(branch_list)] if branch_list else None
        made.append(_one(title, kind, target, start, length, partner, contact, users, branch))
    return made
