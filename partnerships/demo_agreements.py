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
from .services.drafting import (
    FILL_IN_MARKER,
    agreement_create,
    agreement_update,
    danish_date,
    unfilled_fields,
    unfilled_message,
)
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


# What the drafter writes in place of the models' fill-in markers ("[beløb]"): every agreement
# that goes beyond a draft has them all filled, so no demo PDF asks to be signed with "[beløb]"
# in it; the draft keeps them, so the warning shows. Phrases first (the same marker means
# different things in different places), then per agreement, then the same for all.
FILL_IN_PHRASES = [
    ("[antal] deltagere [pr. gang / i alt]", "12-15 deltagere pr. gang"),
    ("[antal] klasser [pr. skoleår]", "6 klasser pr. skoleår"),
    ("[antal] besøg [pr. år]", "8 besøg pr. år"),
    ("Forventet antal deltagere: [antal]", "Forventet antal deltagere: 60"),
    ("senest [antal] dage efter", "senest 30 dage efter"),
    ("får [antal] adgangskort", "får 2 adgangskort"),
    ("[beløb] kr. ekskl. moms [pr. år / i alt]", "5.000 kr. ekskl. moms pr. år"),
    ("[beløb] kr. ekskl. moms pr. [gang / måned]", "350 kr. ekskl. moms pr. gang"),
    (
        "[Beskriv honorar og udgifter, fx: Biblioteket betaler et honorar på [beløb] kr. inkl. "
        "moms mod faktura efter arrangementet.]",
        "Biblioteket betaler et honorar på 2.500 kr. inkl. moms mod faktura efter arrangementet.",
    ),
    ("[Part] rydder op", "Biblioteket rydder op"),
    ("[Part] skriver teksten", "Partneren skriver teksten"),
]
FILL_IN_ABOUT = {
    "Sprogcafé hver tirsdag": {
        "[beskriv, hvad I vil opnå for borgerne]": (
            "give borgere, der er ved at lære dansk, et sted at øve sig i at tale dansk i en "
            "tryg og uformel stemning"
        ),
        "[målgruppe, fx børnefamilier i Tårnby]": "voksne, der lærer dansk som andetsprog",
        "[aktivitet, fx læseklub én gang om måneden]": "sprogcafé hver tirsdag kl. 16-18",
        "[aktivitet]": "en fælles tur til Kastrup Fort hvert forår",
        "[fx 10 arrangementer om året à 2 timer]": "ca. 40 tirsdage om året à 2 timer",
    },
    "Fortælletimer for børnehavebørn": {
        "[beskriv, hvad I vil prøve af sammen]": (
            "holde fortælletimer for børnehavebørn i biblioteket hver anden uge"
        ),
        "[hvad I håber at opnå for borgerne]": (
            "vi vil give de mindste lyst til bøger og historier – også dem, der ikke får læst "
            "højt derhjemme"
        ),
    },
    "Cykelværksted til Børnenes Dag": {
        "[fx Tårnby Hovedbibliotek, salen]": "pladsen foran Tårnby Hovedbibliotek",
        "[kort beskrivelse af arrangementet]": (
            "børn og forældre lærer at lappe og smøre deres cykler, og der er en lille "
            "cykelbane for de mindste"
        ),
        "[lokale]": "pladsen foran biblioteket",
        "[udstyr, fx projektor og højttaler]": "borde, telte og en højttaler",
    },
    "Læseklub for seniorer": {
        "[beskriv, hvad I vil opnå for borgerne]": (
            "give ældre borgere et fast og hyggeligt fællesskab om bøger, så færre sidder alene"
        ),
        "[målgruppe, fx børnefamilier i Tårnby]": "seniorer i Tårnby og Kastrup",
        "[aktivitet, fx læseklub én gang om måneden]": "læseklub den første onsdag i måneden",
        "[aktivitet]": "en forfatteraften om året, hvor klubben inviterer alle med",
        "[fx 10 arrangementer om året à 2 timer]": "11 møder om året à 2 timer",
    },
    "Foredragsrække i mødesalen": {
        "[lokale, fx mødelokale 1 på Tårnby Hovedbibliotek]": "mødesalen på Tårnby Hovedbibliotek",
        "[dage og tider, fx tirsdage kl. 17-21]": "den første torsdag i måneden kl. 18-21",
        "[formål, fx foreningens møder og åbne arrangementer]": (
            "foredrag om historie og samfund, som er åbne for alle"
        ),
    },
    "Ungdomsskolens gamerklub": {
        "[beskriv, hvad I vil opnå for borgerne]": (
            "give unge et sted at spille sammen, lære at lave deres egne spil og møde andre "
            "unge på tværs af skoler"
        ),
        "[målgruppe, fx børnefamilier i Tårnby]": "unge på 12-17 år i Tårnby Kommune",
        "[aktivitet, fx læseklub én gang om måneden]": "gamerklub hver fredag kl. 15-18",
        "[aktivitet]": "en LAN-weekend i efterårsferien",
        "[fx 10 arrangementer om året à 2 timer]": "ca. 35 fredage om året à 3 timer",
    },
}
FILL_IN_VALUES = {
    "[klassetrin]": "i 4.-6. klasse",
    "[aldersgruppe, fx 3-6 år]": "på 3-6 år",
    "[sted, fx på Tårnby Hovedbibliotek]": "på Tårnby Hovedbibliotek",
    "[Beskriv eventuelle beløb, hvem der betaler hvad, og hvornår. Skriv 'Ingen', hvis der "
    "ikke er penge involveret.]": (
        "Biblioteket betaler kaffe, te og materialer for op til 2.000 kr. om året. Der er ingen "
        "andre beløb."
    ),
    "[tidspunkt]": "i januar",
    "[Beskriv eventuelle udgifter, og hvilket budget de hører til. Skriv 'Ingen', hvis der "
    "ikke er udgifter.]": "Ingen.",
    "[Beskriv eventuelle beløb. Skriv 'Ingen', hvis der ikke er penge involveret.]": "Ingen.",
    "[lokale og udstyr]": "et mødelokale med borde, stole, whiteboard og kaffemaskine",
    "[fx to gange om året]": "to gange om året",
    "[fx 14 dage]": "14 dage",
    "[hvor, fx i programmet og på bibliotekets hjemmeside]": (
        "i programmet og på bibliotekets hjemmeside"
    ),
    "[fra]": "10",
    "[til]": "15",
    "[Beskriv eventuelle udgifter, og hvilket budget de hører til.]": (
        "Biblioteket betaler kaffe og materialer over sit arrangementsbudget."
    ),
    "[Beskriv eventuelle udgifter og hvem der betaler, fx at biblioteket betaler kaffe og "
    "materialer.]": "Biblioteket betaler kaffe og materialer.",
    "[Ingen tilmelding / Tilmelding sker gennem bibliotekets hjemmeside.]": (
        "Tilmelding sker gennem bibliotekets hjemmeside."
    ),
    "[fx 7 dage]": "7 dage",
    "[hver måned / hvert kvartal]": "hvert kvartal",
}


def _fill_in(agreement: Agreement, staff, start: datetime.date) -> Agreement:
    """Fill every marker in the agreement's text through the drafting service, as the drafter
    would; refuse loudly if the models have a marker this demo does not know."""
    values = {
        **FILL_IN_VALUES,
        "[dato]": danish_date(start - datetime.timedelta(days=21)),
        **FILL_IN_ABOUT.get(agreement.title, {}),
    }
    sections = {}
    for section in agreement.sections.all():
        text = section.text
        for phrase, value in FILL_IN_PHRASES:
            text = text.replace(phrase, value)
        text = FILL_IN_MARKER.sub(lambda m: values.get(m.group(0), m.group(0)), text)
        if text != section.text:
            sections[section.key] = text
    agreement = agreement_update(
        agreement=agreement, acting_user=staff, sections=sections, note="Felterne er udfyldt"
    )
    left = unfilled_fields(agreement)
    if left:
        raise RuntimeError(f"Demo agreement {agreement.title!r}: {unfilled_message(left)}")
    return agreement


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
        return agreement  # with its "[...]" left: the warning shows in the demo
    agreement = _fill_in(agreement, staff, start)
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
