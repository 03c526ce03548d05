"""Demo partners for `manage.py seed_demo`: a dozen organisations of every kind with contact
persons (at least one who may sign for each), some public, some linked to the demo initiatives
and activities, and enquiries that are new, accepted and declined.

Idempotent: partners are found by slug, contacts by email, links and enquiries by what they
join; running it again adds nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import ConsentText
from activities.models import Activity
from initiatives.models import Initiative

from . import demo_agreements
from .models import (
    ActivityPartner,
    EnquiryStatus,
    InitiativePartner,
    Partner,
    PartnerContact,
    PartnerEnquiry,
    PartnerKind,
)
from .services import partners as services

K = PartnerKind

# slug, name, kind, cvr, address, postcode, city, website, public, branches, description,
# contacts [(name, role, email, phone, may sign)]
# fmt: off
PARTNERS = [
    (
        "taarnby-lokalhistoriske-forening", "Tårnby Lokalhistoriske Forening", K.ASSOCIATION,
        "55807302", "Kastruplundgade 12", "2770", "Kastrup", "https://lokalhistorie.sammen.test",
        True, ["hovedbiblioteket"],
        "Foreningen samler billeder, erindringer og viden om Tårnby og Kastrup. Sammen med "
        "biblioteket holder vi erindringscaféer og fortælleaftener.",
        [("Inger Hansen", "Formand", "inger.hansen@lokalhistorie.sammen.test", "20 11 22 33", True),
         ("Poul Eriksen", "Arkivar", "poul@lokalhistorie.sammen.test", "", False)],
    ),
    (
        "roede-kors-taarnby", "Røde Kors Tårnby", K.ASSOCIATION,
        "31573688", "Englandsvej 290", "2770", "Kastrup", "https://roedekors.sammen.test",
        True, ["korsvejen", "hovedbiblioteket"],
        "Røde Kors' lokale afdeling. Vi strikker sammen, driver lektiehjælp og holder "
        "sprogcafé for nye danskere på biblioteket.",
        [("Hanne Lund", "Afdelingsformand", "hanne.lund@roedekors.sammen.test", "30 40 50 60",
          True)],
    ),
    (
        "taarnby-kirke", "Tårnby Kirke", K.PUBLIC,
        "29303649", "Tårnby Kirkevej 1", "2770", "Kastrup", "https://kirke.sammen.test",
        True, ["hovedbiblioteket"],
        "Babysalmesang og koncerter for hele familien, i kirken og på biblioteket.",
        [("Maria Vind", "Organist", "maria.vind@kirke.sammen.test", "", False),
         ("Jens Holt", "Formand for menighedsrådet", "jens.holt@kirke.sammen.test", "", True)],
    ),
    (
        "korsvejens-skole", "Korsvejens Skole", K.SCHOOL,
        "36212993", "Korsvejen 11", "2770", "Kastrup", "https://korsvejensskole.sammen.test",
        True, ["korsvejen"],
        "Skolens klasser bruger biblioteket til læseforløb, og eleverne anmelder bøger i "
        "Bogboksen.",
        [("Karen Mølgaard", "Skoleleder", "karen.molgaard@skole.sammen.test", "32 46 11 00",
          True),
         ("Ali Haddad", "Skolebibliotekar", "ali.haddad@skole.sammen.test", "", False)],
    ),
    (
        "boernehuset-solsikken", "Børnehuset Solsikken", K.DAYCARE,
        "", "Vestamagervej 40", "2770", "Kastrup", "",
        True, ["vestamager"],
        "Børnehaven kommer på biblioteket hver måned til rim, remser og højtlæsning.",
        [("Lise Kjær", "Dagtilbudsleder", "lise.kjaer@solsikken.sammen.test", "", True)],
    ),
    (
        "koebenhavns-professionshoejskole", "Københavns Professionshøjskole", K.EDUCATION,
        "82200339", "Tagensvej 18", "2200", "København N", "https://kp.sammen.test",
        False, ["hovedbiblioteket"],
        "Studerende på pædagoguddannelsen laver praktikprojekter om læselyst med biblioteket.",
        [("Sara Winther", "Lektor", "sara.winther@kp.sammen.test", "", False),
         ("Mikkel Rask", "Uddannelsesleder", "mikkel.rask@kp.sammen.test", "", True)],
    ),
    (
        "kastrup-cykler", "Kastrup Cykler ApS", K.COMPANY,
        "33640560", "Amager Landevej 150", "2770", "Kastrup", "https://cykler.sammen.test",
        False, ["vestamager"],
        "Lokal cykelhandler, der gerne vil hjælpe til ved reparationscaféen. Vi taler stadig "
        "om, hvordan samarbejdet skal se ud.",
        [("Thomas Berg", "Indehaver", "thomas@cykler.sammen.test", "40 50 60 70", True)],
    ),
    (
        "sundhedsplejen-taarnby", "Sundhedsplejen, Tårnby Kommune", K.MUNICIPAL,
        "", "Tårnby Rådhus", "2770", "Kastrup", "",
        True, ["hovedbiblioteket", "vestamager"],
        "Sundhedsplejerskerne holder babycafé på biblioteket og fortæller om sprog og læsning "
        "for de mindste.",
        [("Pia Sand", "Ledende sundhedsplejerske", "pia.sand@kommune.sammen.test", "", True)],
    ),
    (
        "ungdomsskolen-taarnby", "Tårnby Ungdomsskole", K.MUNICIPAL,
        "", "Sneserevej 2", "2770", "Kastrup", "https://ungdomsskolen.sammen.test",
        True, ["korsvejen"],
        "Ungdomsskolen og biblioteket holder gaming-aftener og kreative værksteder for unge.",
        [("Rasmus Friis", "Ungdomsskoleleder", "rasmus.friis@kommune.sammen.test", "", True)],
    ),
    (
        "kodeklubben-amager", "Kodeklubben Amager", K.VOLUNTEER_GROUP,
        "", "", "2770", "Kastrup", "https://kodeklub.sammen.test",
        True, ["hovedbiblioteket"],
        "Frivillige programmører, der lærer børn og unge at kode – blandt andet i Kodeklub "
        "for piger på biblioteket.",
        [("Nadia Poulsen", "Tovholder", "nadia@kodeklub.sammen.test", "", True)],
    ),
    (
        "amager-strikkenetvaerk", "Amager Strikkenetværk", K.VOLUNTEER_GROUP,
        "", "", "2300", "København S", "",
        False, ["korsvejen"],
        "En løs gruppe strikkere, der hjælper med strikkeklubben.",
        [("Grethe Dam", "Kontaktperson", "grethe.dam@strik.sammen.test", "", True)],
    ),
    (
        "dansk-flygtningehjaelp-frivillige-taarnby", "Dansk Flygtningehjælp Frivillige Tårnby",
        K.ASSOCIATION,
        "32415490", "Kamillevej 4", "2770", "Kastrup", "https://flygtning.sammen.test",
        True, ["vestamager"],
        "Frivillige, der driver sprogcafé og lektiehjælp for nye danskere i samarbejde med "
        "biblioteket.",
        [("Omar Said", "Koordinator", "omar.said@flygtning.sammen.test", "", True)],
    ),
]
# fmt: on

# slug → activity titles the partner co-hosts, initiative titles it is part of
ACTIVITY_LINKS = {
    "taarnby-kirke": ["Babysalmesang", "Babysalmesang: Efterårets første gang"],
    "taarnby-lokalhistoriske-forening": [
        "Foredrag: Kastrup Fort gennem 100 år",
        "Erindringscafé: Havnen og lufthavnen",
    ],
    "roede-kors-taarnby": ["Strikkeklub: Vi strikker til Røde Kors"],
    "amager-strikkenetvaerk": ["Strikkeklub: Vi strikker til Røde Kors"],
}
INITIATIVE_LINKS = {
    "taarnby-lokalhistoriske-forening": [
        ("Erindringscafé: Kastrup i 1950'erne", "Billeder fra arkivet og fortællere"),
        ("Kulturbazar med foreningerne", "Stand med gamle billeder"),
    ],
    "roede-kors-taarnby": [("Kulturbazar med foreningerne", "")],
    "kodeklubben-amager": [("Kodeklub for piger", "Frivillige undervisere")],
    "kastrup-cykler": [("Reparationscafé", "Værktøj og en mekaniker en gang om måneden")],
    "korsvejens-skole": [("Bogboksen: børn anmelder bøger", "Klasserne skriver anmeldelser")],
}

# organisation, kind, contact, email, idea, status, partner slug, reply, days ago
ENQUIRIES = [
    (
        "Tårnby Skakklub",
        K.ASSOCIATION,
        "Henrik Bruun",
        "henrik@skak.sammen.test",
        "Vi vil gerne lære børn og voksne at spille skak i biblioteket – fx en skakcafé "
        "hver anden lørdag. Vi har brætter og erfarne spillere.",
        EnquiryStatus.NEW,
        None,
        "",
        2,
    ),
    (
        "Kodeklubben Amager",
        K.VOLUNTEER_GROUP,
        "Nadia Poulsen",
        "nadia@kodeklub.sammen.test",
        "Vi er frivillige programmører og vil gerne holde kodeklub for piger på biblioteket.",
        EnquiryStatus.ACCEPTED,
        "kodeklubben-amager",
        "Velkommen! Ahmed fra Fællesskaber og frivillige ringer til dig i næste uge.",
        40,
    ),
    (
        "Super Salg ApS",
        K.COMPANY,
        "Kim Salg",
        "kim@supersalg.sammen.test",
        "Vi vil gerne have en stand i biblioteket, hvor vi sælger vores produkter.",
        EnquiryStatus.DECLINED,
        None,
        "Biblioteket er et ikke-kommercielt rum, så vi kan ikke give plads til salg. Har I en "
        "idé til et gratis arrangement for borgerne, hører vi gerne fra jer igen.",
        20,
    ),
]


def _partner(spec, *, creator, branches) -> Partner:
    (slug, name, kind, cvr, address, postcode, city, website, public, branch_keys, description,
     contacts) = spec  # fmt: skip
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        partner = services.partner_create(
            acting_user=creator,
            slug=slug,
            name=name,
            kind=kind,
            cvr=cvr,
            address=address,
            postcode=postcode,
            city=city,
            website=website,
            description=description,
            is_public=public,
            branches=[branches[key] for key in branch_keys if key in branches],
        )
    for contact_name, role, email, phone, may_sign in contacts:
        if not PartnerContact.objects.filter(partner=partner, email=email).exists():
            services.contact_add(
                partner=partner,
                acting_user=creator,
                name=contact_name,
                role=role,
                email=email,
                phone=phone,
                may_sign=may_sign,
            )
    return partner


def _links(partners: dict[str, Partner], creator) -> None:
    for slug, titles in ACTIVITY_LINKS.items():
        for title in titles:
            activity = Activity.objects.filter(title=title).order_by("pk").first()
            if activity is None:
                continue
            link = ActivityPartner.objects.filter(activity=activity, partner=partners[slug]).first()
            if link is None:
                services.activity_link_partner(
                    activity=activity, partner=partners[slug], acting_user=creator
                )
            else:
                # The activities demo rewrites its co-host rows on every run.
                services.cohost_sync(link)
    for slug, items in INITIATIVE_LINKS.items():
        for title, note in items:
            initiative = Initiative.objects.filter(title=title).order_by("pk").first()
            if initiative is None:
                continue
            if not InitiativePartner.objects.filter(
                initiative=initiative, partner=partners[slug]
            ).exists():
                services.initiative_link_partner(
                    initiative=initiative, partner=partners[slug], acting_user=creator, note=note
                )


def _enquiries(partners: dict[str, Partner], users, branches) -> None:
    consent = ConsentText.current(services.ENQUIRY_CONSENT_PURPOSE)
    now = timezone.now()
    for organisation, kind, contact, email, idea, status, slug, reply, days in ENQUIRIES:
        if PartnerEnquiry.objects.filter(organisation_name=organisation, email=email).exists():
            continue
        created = now - datetime.timedelta(days=days)
        handled = status != EnquiryStatus.NEW
        enquiry = PartnerEnquiry.objects.create(
            organisation_name=organisation,
            kind=kind,
            contact_name=contact,
            email=email,
            idea=idea,
            branch=branches.get("hovedbiblioteket"),
            consent_text=consent,
            consented_at=created,
            status=status,
            reply=reply,
            partner=partners.get(slug) if slug else None,
            handled_by=users.get("koordinator") if handled else None,
            handled_at=created + datetime.timedelta(days=2) if handled else None,
        )
        # created_at is set on insert; the demo backdates it to look lived-in.
        PartnerEnquiry.objects.filter(pk=enquiry.pk).update(created_at=created)


def seed_partners(*, users: dict, branches: dict) -> dict[str, Partner]:
    creator = users.get("koordinator") or users.get("medarbejder")
    partners = {spec[0]: _partner(spec, creator=creator, branches=branches) for spec in PARTNERS}
    _links(partners, creator)
    _enquiries(partners, users, branches)
    return partners


def seed(*, users: dict, branches: dict) -> dict[str, Partner]:
    """Partners first, then the agreements with them (seed_agreements, when it is there)."""
    partners = seed_partners(users=users, branches=branches)
    seed_agreements = globals().get("seed_agreements")
    if seed_agreements is not None:
        seed_agreements(users=users, branches=branches)
    return partners


# The agreements part (P3): seed() above finds it by this name.
seed_agreements = demo_agreements.seed_agreements
