"""Demo volunteering for seed_demo: Tårnby's volunteer model, eight roles, about forty volunteers
in every state, shifts past and future (one weekly series, full shifts with a waitlist, an open
offer), attendance with hours, and reported hours waiting for approval.

Everything goes through the volunteers services where they exist (applying, screening,
agreements, børneattest, onboarding, shifts, hours), so the demo shows what the rules make. Rows
the services refuse to make (a shift in the past, an ended volunteer) are written directly.

Idempotent: the model, roles, questions and onboarding items are found again by version, slug
and text; a volunteer who already has an application is left as they are; a role that already
has shifts gets no new ones; reported hours are found again by volunteer, role and date.

Logins: every demo volunteer has the password "sammen-demo". frivillig@sammen.test is an
approved volunteer with accepted agreements, upcoming shifts and an open offer.
"""

import datetime
import importlib
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import ConsentText, User
from activities.models import Activity
from organisation.demo import DEMO_PASSWORD
from organisation.models import FocusArea, TargetGroup, Team
from organisation.models import TargetGroupKind as TG

from .models import (
    CONSENT_PURPOSE,
    Agreement,
    Application,
    ApplicationStatus,
    CertificateStatus,
    ChildCertificate,
    HoursEntry,
    HoursStatus,
    InsuranceBasis,
    OnboardingItem,
    OnboardingStep,
    RoleQuestion,
    RoleStatus,
    Shift,
    ShiftSeries,
    Signup,
    SignupStatus,
    Talk,
    TalkKind,
    Volunteer,
    VolunteerModel,
    VolunteerRole,
)

MAIN_LOGIN = "frivillig@sammen.test"
DOMAIN = "frivillige.sammen.test"

# Printed by `seed_demo --list-logins` next to the staff logins.
LOGINS = [
    (MAIN_LOGIN, "frivillig: godkendt, aftale accepteret, kommende vagter og et tilbud"),
    (f"jonas.berg@{DOMAIN}", "frivillig: godkendt, mangler at acceptere sin aftale"),
    (f"emma.skov@{DOMAIN}", "frivillig: har søgt, venter på svar"),
]


def _service(module: str, name: str):
    """A service function if that part of the app provides it, else None (then the demo writes
    the rows itself, so it never breaks while a part is missing)."""
    try:
        return getattr(importlib.import_module(f"volunteers.services.{module}"), name, None)
    except ImportError:
        return None


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _times(day: datetime.date, start: str, end: str):
    start_time = datetime.time(*map(int, start.split(":")))
    end_time = datetime.time(*map(int, end.split(":")))
    shift_times = _service("shifts", "shift_times")
    if shift_times:
        return shift_times(day, start_time, end_time)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time))
    return starts_at, timezone.make_aware(datetime.datetime.combine(day, end_time))


# --- The volunteer model (frivillighedsmodel) v1 --------------------------------------------------

MODEL = {
    "introduction": (
        "Tårnby Kommunebiblioteker er et sted, hvor borgerne mødes om kultur, viden og læring – "
        "og hvor mange af de bedste tilbud bliver til sammen med borgerne. Frivillige er en stor "
        "del af det. Denne model beskriver, hvor frivillige gør en forskel, hvad biblioteket "
        "tilbyder, og hvad vi forventer af hinanden. Den er grundlaget for den "
        "forventningsafstemning, vi laver med hver frivillig."
    ),
    "value_contexts": (
        "Frivillige tilfører værdi, hvor de kan give noget ud over det, biblioteket kan alene:\n"
        "- Fællesskaber: erindringscaféer, sprogcaféer, læsegrupper og strikkeklubber, hvor "
        "frivillige er værter og samtalepartnere.\n"
        "- Læring: lektiecaféen for 4.-7. klasse og IT-hjælp til seniorer, hvor frivillige giver "
        "tid og tålmodighed én til én.\n"
        "- Læseglæde: højtlæsning for børn og på plejecentre, også fra bogbussen.\n"
        "- Kultur og skaberværksteder: Rockcaféen, Scenen er din og makerspace, hvor unge og "
        "voksne deler det, de brænder for.\n"
        "Fælles for dem er bibliotekets formål: at fremme oplysning, uddannelse og kulturel "
        "aktivitet for alle borgere."
    ),
    "supplement_principle": (
        "Frivillige supplerer bibliotekets ansatte – de erstatter dem aldrig. Frivillige løser "
        "ikke opgaver, som ansatte er ansat til: udlån og aflevering, vejledning i bibliotekets "
        "systemer, sagsbehandling eller drift. Frivillige gør det, der ellers ikke ville blive "
        "til noget. Modellen og hver ny opgavebeskrivelse drøftes i MED-udvalget."
    ),
    "library_offers": (
        "- En fast kontaktperson, som du kan gå til med alt.\n"
        "- En introduktion til biblioteket og til din opgave, og hjælp undervejs.\n"
        "- Kaffe, te og frugt på vagterne – og et fællesarrangement for alle frivillige to gange "
        "om året.\n"
        "- Forsikring, mens du løser opgaver for biblioteket.\n"
        "- Dækning af udgifter efter aftale med din kontaktperson, fx materialer og transport "
        "med bogbussen.\n"
        "- Et skriftligt bevis for dit frivillige arbejde, hvis du ønsker det."
    ),
    "library_expects": (
        "- At du møder op til de vagter, du har sagt ja til, og melder afbud i god tid.\n"
        "- At du følger bibliotekets retningslinjer og din opgavebeskrivelse.\n"
        "- At du har tavshedspligt om det, du hører om bibliotekets brugere.\n"
        "- At du møder alle borgere venligt og ligeværdigt.\n"
        "- At du siger til, hvis opgaven ikke passer dig længere, så vi kan finde noget andet."
    ),
    "insurance_basis": InsuranceBasis.MUNICIPAL,
    "insurance_details": (
        "Tårnby Kommune har tegnet en ulykkes- og ansvarsforsikring for frivillige efter "
        "serviceloven § 18 a. Den dækker, når du løser opgaver aftalt med biblioteket. Kommer du "
        "til skade, så kontakt din kontaktperson samme dag."
    ),
}


def _model(users) -> VolunteerModel:
    existing = VolunteerModel.objects.filter(version=1).first()
    if existing:
        return existing
    med_agreed_on = datetime.date(timezone.localdate().year, 1, 15)
    publish = _service("model", "volunteer_model_publish")
    if publish:
        return publish(acting_user=users.get("chef"), med_agreed_on=med_agreed_on, **MODEL)
    return VolunteerModel.objects.create(
        version=1, med_agreed_on=med_agreed_on, published_by=users.get("chef"), **MODEL
    )


# --- Roles (opgavebeskrivelser) -----------------------------------------------------------------

# slug, title, branch, team, contact (user key), involves children, minimum age, target groups,
# focus areas, activity title, texts (purpose, tasks, time, skills, offers), questions
# [(text, required)], onboarding items
ROLES = [
    {
        "slug": "lektiecafe",
        "title": "Lektiecafé-hjælper",
        "branch": "vestamager",
        "team": "Fællesskaber og frivillige",
        "contact": "tovholder",
        "involves_children": True,
        "minimum_age": 18,
        "target_groups": [TG.CHILDREN_6_14],
        "focus_areas": ["frivillighed"],
        "activity": "Lektiecafé for 4.-7. klasse",
        "purpose": "Børn i 4.-7. klasse får hjælp til lektierne og en rolig stund efter skole, "
        "så flere får lyst til at lære – også dem, der ikke har hjælp derhjemme.",
        "tasks": "- Hjælpe børnene med dansk, matematik og engelsk\n- Lytte, forklare og "
        "opmuntre\n- Sætte frugt og saftevand frem og rydde op bagefter",
        "time": "2 timer hver tirsdag kl. 15-17, helst et skoleår",
        "skills": "er tålmodig, kan lide børn og har styr på folkeskolens fag. Du behøver ikke "
        "være lærer.",
        "offers": "En introduktion sammen med en erfaren lektiehjælper og et materialeskab med "
        "opgaver og ordbøger.",
        "questions": [
            ("Hvilke fag er du god til at hjælpe med?", True),
            ("Har du erfaring med børn i skolealderen?", False),
        ],
        "onboarding": [
            "Mød din kontaktperson",
            "Rundvisning på Vestamager Bibliotek",
            "Tavshedspligt og GDPR gennemgået",
            "Børneattest i orden",
            "Første vagt sammen med en erfaren lektiehjælper",
        ],
    },
    {
        "slug": "it-hjaelp-seniorer",
        "title": "IT-hjælper for seniorer",
        "branch": "korsvejen",
        "team": "Fællesskaber og frivillige",
        "contact": "koordinator",
        "involves_children": False,
        "minimum_age": 16,
        "target_groups": [TG.SENIORS],
        "focus_areas": ["frivillighed"],
        "activity": "Digital hjælp: Kom godt i gang med MitID",
        "purpose": "Seniorer bliver trygge ved MitID, e-Boks, borger.dk og deres egen telefon, "
        "så de kan klare mere selv.",
        "tasks": "- Hjælpe én til én med telefon, tablet og computer\n- Vise vej rundt på "
        "borger.dk og i e-Boks\n- Henvise til personalet, når det gælder lån og "
        "bibliotekets systemer",
        "time": "2 timer hver anden torsdag formiddag",
        "skills": "er vant til smartphones og computere og kan forklare uden fagord.",
        "offers": "En kort introduktion til de hyppigste spørgsmål og en tjekliste om sikkerhed "
        "(du taster aldrig borgerens koder).",
        "questions": [("Hvilke telefoner og tablets kender du godt?", False)],
        "onboarding": [
            "Mød din kontaktperson",
            "Gennemgå tjeklisten om sikkerhed og koder",
            "Tavshedspligt og GDPR gennemgået",
        ],
    },
    {
        "slug": "hoejtlaesning-for-boern",
        "title": "Højtlæser for børn",
        "branch": "hovedbiblioteket",
        "team": "Børn og familier",
        "contact": "medarbejder",
        "involves_children": True,
        "minimum_age": 18,
        "target_groups": [TG.CHILDREN_0_5, TG.FAMILIES],
        "focus_areas": ["samskabelse", "frivillighed"],
        "activity": "",
        "purpose": "De mindste får ord, billeder og fortællinger – og lyst til bøger – ved "
        "højtlæsning lørdag formiddag i børnebiblioteket.",
        "tasks": "- Vælge billedbøger sammen med børnebibliotekaren\n- Læse højt for børn "
        "3-6 år og deres voksne\n- Snakke med børnene om historien",
        "time": "1 time hver anden lørdag",
        "skills": "kan lide at læse højt og er tryg ved at stå foran en lille flok børn.",
        "offers": "Et kursus i dialogisk læsning og hjælp til at vælge bøger.",
        "questions": [("Hvorfor vil du gerne læse højt for børn?", True)],
        "onboarding": [
            "Mød din kontaktperson",
            "Kursus i dialogisk læsning",
            "Børneattest i orden",
        ],
    },
    {
        "slug": "rockcafe-vaert",
        "title": "Vært i Rockcaféen",
        "branch": "hovedbiblioteket",
        "team": "Scenen er din",
        "contact": "tovholder",
        "involves_children": False,
        "minimum_age": 16,
        "target_groups": [TG.YOUNG_15_24],
        "focus_areas": ["samskabelse"],
        "activity": "Rockcafé: Lokale bands på scenen",
        "purpose": "Unge bands fra Tårnby får en scene, og unge får et sted at mødes om musik – "
        "skabt af unge for unge.",
        "tasks": "- Tage imod publikum og bands\n- Hjælpe med at stille scenen op og ned\n- Sørge "
        "for en god stemning og sige til personalet, hvis noget går galt",
        "time": "En fredag aften om måneden kl. 18.30-22.30",
        "skills": "kan lide musik og mennesker og kan holde hovedet koldt, når der er fart på.",
        "offers": "Introduktion til lyd og scene og en T-shirt fra Rockcaféen.",
        "questions": [("Spiller du selv, eller har du stået for arrangementer før?", False)],
        "onboarding": ["Mød din kontaktperson", "Introduktion til scene og lyd"],
    },
    {
        "slug": "erindringscafe-vaert",
        "title": "Vært i Erindringscaféen",
        "branch": "vestamager",
        "team": "Fællesskaber og frivillige",
        "contact": "koordinator",
        "involves_children": False,
        "minimum_age": 18,
        "target_groups": [TG.SENIORS],
        "focus_areas": ["samskabelse", "frivillighed"],
        "activity": "Erindringscafé: Kastrup i 50'erne",
        "purpose": "Ældre borgere mødes om minder fra Kastrup og Tårnby, deler billeder og "
        "fortællinger og får nye bekendtskaber.",
        "tasks": "- Tage imod og byde på kaffe\n- Sætte samtalen i gang med et emne eller "
        "gamle fotos\n- Samle fortællinger, hvis deltagerne har lyst",
        "time": "2 timer en formiddag om måneden",
        "skills": "er nysgerrig på andres historier og god til at lytte.",
        "offers": "Samarbejde med Tårnby Lokalhistoriske Forening om billeder og emner.",
        "questions": [("Har du en tilknytning til Tårnby eller Kastrup?", False)],
        "onboarding": ["Mød din kontaktperson", "Tavshedspligt og GDPR gennemgået"],
    },
    {
        "slug": "bogbus-hjaelper",
        "title": "Bogbus-hjælper",
        "branch": "bogbussen",
        "team": "",
        "contact": "medarbejder",
        "involves_children": False,
        "minimum_age": 18,
        "target_groups": [TG.SENIORS, TG.EVERYONE],
        "focus_areas": ["frivillighed"],
        "activity": "",
        "purpose": "Bogbussen når ud til plejecentre og boligområder. Som hjælper gør du "
        "besøget til en hyggelig stund for dem, der ikke selv kan komme på biblioteket.",
        "tasks": "- Hjælpe beboere på plejecentre med at finde bøger og lydbøger\n- Læse en "
        "novelle eller et digt højt\n- Bære kasser med bøger ind og ud",
        "time": "En mandag om måneden kl. 12.30-15",
        "skills": "er glad for at snakke og har ikke noget imod at bære lidt.",
        "offers": "Transport med bogbussen fra Hovedbiblioteket og frokost på turdagene.",
        "questions": [],
        "onboarding": ["Mød chaufføren og din kontaktperson", "Første tur med bogbussen"],
    },
    {
        "slug": "sprogcafe",
        "title": "Samtalepartner i Sprogcaféen",
        "branch": "hovedbiblioteket",
        "team": "Fællesskaber og frivillige",
        "contact": "koordinator",
        "involves_children": False,
        "minimum_age": 18,
        "target_groups": [TG.ADULTS],
        "focus_areas": ["frivillighed", "samskabelse"],
        "activity": "Sprogcafé: Øv dansk over en kop kaffe",
        "purpose": "Voksne, der lærer dansk, får lov at øve sig i et roligt tempo – og et "
        "netværk i kommunen.",
        "tasks": "- Tale dansk med deltagerne ved små borde\n- Finde emner og spil, der får "
        "snakken i gang\n- Hjælpe med breve og ord, deltagerne undrer sig over",
        "time": "1,5 time hver onsdag eftermiddag",
        "skills": "taler dansk flydende og er tålmodig. Andre sprog er et plus.",
        "offers": "Samtalekort og spil, og et fyraftensmøde med sproglærere to gange om året.",
        "questions": [("Hvilke sprog taler du ud over dansk?", False)],
        "onboarding": [
            "Mød din kontaktperson",
            "Tavshedspligt og GDPR gennemgået",
            "Første gang sammen med en erfaren samtalepartner",
        ],
    },
    {
        "slug": "makerspace-hjaelper",
        "title": "Makerspace-hjælper",
        "branch": "hovedbiblioteket",
        "team": "Børn og familier",
        "contact": "medarbejder",
        "involves_children": False,
        "minimum_age": 16,
        "target_groups": [TG.CHILDREN_6_14, TG.FAMILIES, TG.YOUNG_15_24],
        "focus_areas": ["samskabelse"],
        "activity": "Makerspace: Byg din egen robot",
        "purpose": "Familier og unge prøver 3D-print, micro:bit og symaskiner sammen og lærer "
        "af hinanden.",
        "tasks": "- Hjælpe ved 3D-printer, laserskærer og symaskiner\n- Vise familier i gang "
        "med små projekter\n- Holde værkstedet ryddeligt og sikkert",
        "time": "3 timer en lørdag om måneden",
        "skills": "er nørdet med værktøj, kode eller syning og kan lide at vise andre hvordan.",
        "offers": "Fri adgang til makerspace uden for vagterne og kursus i maskinernes sikkerhed.",
        "questions": [("Hvad kan du lide at bygge eller lave?", False)],
        "onboarding": ["Mød din kontaktperson", "Sikkerhedskursus på maskinerne"],
    },
]


def _roles(users, branches) -> dict[str, VolunteerRole]:
    groups = {group.kind: group for group in TargetGroup.objects.all()}
    areas = {area.slug: area for area in FocusArea.objects.all()}
    teams = {team.name: team for team in Team.objects.all()}
    roles = {}
    for data in ROLES:
        activity = (
            Activity.objects.filter(title=data["activity"]).order_by("starts_at").first()
            if data["activity"]
            else None
        )
        role, _created = VolunteerRole.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "purpose": data["purpose"],
                "tasks": data["tasks"],
                "time_commitment": data["time"],
                "skills_wanted": data["skills"],
                "library_offers": data["offers"],
                "contact_person": users[data["contact"]],
                "branch": branches[data["branch"]],
                "team": teams.get(data["team"]),
                "involves_children": data["involves_children"],
                "minimum_age": data["minimum_age"],
                "status": RoleStatus.OPEN,
                "activity": activity,
            },
        )
        role.target_groups.set([groups[kind] for kind in data["target_groups"] if kind in groups])
        role.focus_areas.set([areas[slug] for slug in data["focus_areas"] if slug in areas])
        for order, (text, required) in enumerate(data["questions"]):
            RoleQuestion.objects.update_or_create(
                role=role, text=text, defaults={"required": required, "order": order}
            )
        for order, text in enumerate(data["onboarding"]):
            OnboardingItem.objects.update_or_create(role=role, text=text, defaults={"order": order})
        roles[data["slug"]] = role
    return roles


# --- Volunteers ---------------------------------------------------------------------------------

# States: submitted, on_hold, declined, withdrawn, drafted (approved, agreement waiting for the
# volunteer), half (volunteer accepted, waiting for the library), accepted, ended.
# email (local part, or a full address), name, phone, birth year, languages,
# [(role slug, state, applied days ago)], extras: certificate (status, checked days ago),
# onboarding (items ticked), mentor (user key), talk (held days ago, notes)
# fmt: off
VOLUNTEERS = [
    (MAIN_LOGIN, "Camilla Frandsen", "28 14 52 67", 1986, "dansk, engelsk, spansk",
     [("sprogcafe", "accepted", 150), ("it-hjaelp-seniorer", "accepted", 60)],
     {"onboarding": 2,
      "mentor": "koordinator",
      "talk": (20, "Trives i Sprogcaféen. Vil gerne prøve IT-hjælpen også.")}),
    ("anne.moeller", "Anne Møller", "22 31 40 11", 1958, "dansk",
     [("lektiecafe", "accepted", 240)],
     {"certificate": ("in_order", 200),
      "onboarding": 5,
      "talk": (90, "Glad for børnene. Ønsker flere opgaver i matematik.")}),
    ("bo.kristiansen", "Bo Kristiansen", "40 12 98 77", 1949, "dansk, tysk",
     [("lektiecafe", "accepted", 400)], {"certificate": ("in_order", 710), "onboarding": 5}),
    ("fatima.rahimi", "Fatima Rahimi", "31 77 20 45", 1995, "dansk, dari, engelsk",
     [("lektiecafe", "accepted", 120), ("sprogcafe", "accepted", 120)],
     {"certificate": ("in_order", 100), "onboarding": 3}),
    ("henrik.lund", "Henrik Lund", "26 40 19 83", 1962, "dansk",
     [("lektiecafe", "accepted", 90)],
     {"certificate": ("consent_requested", 10), "onboarding": 2}),
    ("karen.vestergaard", "Karen Vestergaard", "20 55 13 90", 1954, "dansk",
     [("hoejtlaesning-for-boern", "accepted", 180)],
     {"certificate": ("in_order", 160), "onboarding": 3}),
    ("lise.dam", "Lise Dam", "29 64 81 02", 1971, "dansk, engelsk",
     [("hoejtlaesning-for-boern", "accepted", 60)],
     {"certificate": ("not_requested", None), "onboarding": 1}),
    ("peter.holm", "Peter Holm", "51 23 67 40", 1952, "dansk, engelsk",
     [("it-hjaelp-seniorer", "accepted", 300)], {"onboarding": 3}),
    ("mads.winther", "Mads Winther", "60 18 44 21", 2001, "dansk, engelsk",
     [("it-hjaelp-seniorer", "accepted", 45), ("makerspace-hjaelper", "accepted", 45)],
     {"onboarding": 2}),
    ("freja.kristensen", "Freja Kristensen", "42 90 11 38", 2007, "dansk, engelsk",
     [("rockcafe-vaert", "accepted", 100)], {"onboarding": 2}),
    ("oliver.nygaard", "Oliver Nygaard", "53 72 30 19", 2006, "dansk, engelsk",
     [("rockcafe-vaert", "accepted", 80)], {"onboarding": 1}),
    ("inger.hansen", "Inger Hansen", "32 51 77 06", 1944, "dansk",
     [("erindringscafe-vaert", "accepted", 365)],
     {"onboarding": 2, "talk": (200, "Har samlet tolv fortællinger om Kastrup Havn.")}),
    ("erik.pedersen", "Erik Pedersen", "23 44 56 78", 1947, "dansk",
     [("erindringscafe-vaert", "accepted", 200), ("bogbus-hjaelper", "accepted", 200)],
     {"onboarding": 2}),
    ("grethe.olsen", "Grethe Olsen", "27 81 63 52", 1950, "dansk, svensk",
     [("bogbus-hjaelper", "accepted", 150)], {"onboarding": 2}),
    ("karim.haddad", "Karim Haddad", "71 22 40 95", 1989, "dansk, arabisk, fransk",
     [("sprogcafe", "accepted", 250)], {"onboarding": 3}),
    ("sara.lindberg", "Sara Lindberg", "61 48 02 37", 1998, "dansk, svensk, engelsk",
     [("sprogcafe", "accepted", 40)], {"onboarding": 1}),
    ("jonas.madsen", "Jonas Madsen", "30 62 18 44", 1993, "dansk, engelsk",
     [("makerspace-hjaelper", "accepted", 130)], {"onboarding": 2}),
    ("nanna.frost", "Nanna Frost", "24 17 39 60", 2003, "dansk, engelsk",
     [("makerspace-hjaelper", "accepted", 30)], {}),
    # Approved, the agreement waits for the volunteer.
    ("jonas.berg", "Jonas Berg", "41 20 33 71", 1990, "dansk, engelsk",
     [("rockcafe-vaert", "drafted", 12)], {}),
    ("ida.thomsen", "Ida Thomsen", "50 11 72 84", 1978, "dansk",
     [("erindringscafe-vaert", "drafted", 9)], {}),
    ("yusuf.demir", "Yusuf Demir", "52 64 19 03", 1985, "dansk, tyrkisk",
     [("sprogcafe", "drafted", 6)], {}),
    # The volunteer accepted; the library has not yet.
    ("maria.jakobsen", "Maria Jakobsen", "28 90 45 12", 1966, "dansk",
     [("bogbus-hjaelper", "half", 14)], {}),
    ("niels.bach", "Niels Bach", "22 84 60 31", 1957, "dansk, engelsk",
     [("it-hjaelp-seniorer", "half", 10)], {}),
    # Applied, waiting for an answer.
    ("emma.skov", "Emma Skov", "60 45 29 17", 2004, "dansk, engelsk, fransk",
     [("lektiecafe", "submitted", 3)], {}),
    ("ahmad.noori", "Ahmad Noori", "71 40 88 26", 1999, "dansk, dari, persisk",
     [("sprogcafe", "submitted", 2)], {}),
    ("birthe.kjaer", "Birthe Kjær", "32 59 14 70", 1953, "dansk",
     [("erindringscafe-vaert", "submitted", 5)], {}),
    ("lucas.hviid", "Lucas Hviid", "42 13 87 55", 2008, "dansk, engelsk",
     [("rockcafe-vaert", "submitted", 1)], {}),
    ("signe.wulff", "Signe Wulff", "26 33 70 48", 1982, "dansk, engelsk",
     [("hoejtlaesning-for-boern", "submitted", 4)], {}),
    ("tobias.rask", "Tobias Rask", "53 26 91 04", 1996, "dansk",
     [("makerspace-hjaelper", "submitted", 1)], {}),
    # On hold.
    ("kirsten.bruun", "Kirsten Bruun", "20 71 36 92", 1960, "dansk",
     [("bogbus-hjaelper", "on_hold", 20)], {}),
    ("rasmus.lind", "Rasmus Lind", "61 09 52 38", 1988, "dansk, engelsk",
     [("lektiecafe", "on_hold", 25)], {"certificate": ("not_in_order", 8)}),
    ("mette.borup", "Mette Borup", "29 47 63 15", 1975, "dansk",
     [("it-hjaelp-seniorer", "on_hold", 18)], {}),
    # Declined.
    ("thomas.vinter", "Thomas Vinter", "40 38 15 67", 1984, "dansk",
     [("lektiecafe", "declined", 40)], {}),
    ("julie.ravn", "Julie Ravn", "50 92 27 43", 2002, "dansk, engelsk",
     [("rockcafe-vaert", "declined", 35)], {}),
    ("allan.krogh", "Allan Krogh", "23 66 48 19", 1969, "dansk",
     [("makerspace-hjaelper", "declined", 28)], {}),
    # Withdrew their application.
    ("sofie.eriksen", "Sofie Eriksen", "31 25 84 60", 1992, "dansk, engelsk",
     [("sprogcafe", "withdrawn", 15)], {}),
    # Stopped.
    ("poul.andersen", "Poul Andersen", "32 50 71 28", 1941, "dansk",
     [("it-hjaelp-seniorer", "ended", 500)],
     {"exit": (30, "Stopper efter tre gode år – flytter til Odense. Vil gerne anbefales.")}),
    ("hanne.friis", "Hanne Friis", "27 14 90 36", 1956, "dansk",
     [("erindringscafe-vaert", "ended", 420)],
     {"exit": (60, "Har ikke tid ved siden af barnebarnspasning. Kommer gerne til fester.")}),
    ("kasper.holt", "Kasper Holt", "60 81 33 72", 2000, "dansk, engelsk",
     [("rockcafe-vaert", "ended", 300)], {"exit": (45, "Er startet på studie i Aarhus.")}),
]
# fmt: on

MOTIVATION = {
    "lektiecafe": "Jeg har selv haft brug for hjælp i skolen og vil gerne give det videre.",
    "it-hjaelp-seniorer": "Jeg hjælper allerede min familie med telefonen og vil gerne "
    "hjælpe flere.",
    "hoejtlaesning-for-boern": "Jeg elsker billedbøger og har læst højt for mine egne børn i "
    "mange år.",
    "rockcafe-vaert": "Musik betyder alt for mig, og jeg vil gerne være med til at give unge "
    "bands en scene.",
    "erindringscafe-vaert": "Jeg er vokset op i Kastrup og holder af de gamle historier.",
    "bogbus-hjaelper": "Jeg har tid om dagen og vil gerne gøre en forskel for ældre, der ikke "
    "kan komme ud.",
    "sprogcafe": "Jeg har selv lært et nyt sprog og ved, hvor meget det betyder at øve sig med "
    "nogen.",
    "makerspace-hjaelper": "Jeg bygger og koder i min fritid og vil gerne vise andre, hvor "
    "sjovt det er.",
}
AVAILABILITY = {
    "lektiecafe": "Tirsdage efter kl. 14",
    "it-hjaelp-seniorer": "Torsdag formiddag",
    "hoejtlaesning-for-boern": "Lørdag formiddag",
    "rockcafe-vaert": "Fredag aften",
    "erindringscafe-vaert": "Hverdage om formiddagen",
    "bogbus-hjaelper": "Mandage",
    "sprogcafe": "Onsdag eftermiddag",
    "makerspace-hjaelper": "Weekender",
}
ANSWERS = {
    "Hvilke fag er du god til at hjælpe med?": "Matematik og dansk",
    "Har du erfaring med børn i skolealderen?": "Ja, som spejderleder",
    "Hvilke telefoner og tablets kender du godt?": "iPhone, iPad og Android",
    "Hvorfor vil du gerne læse højt for børn?": "Fordi højtlæsning åbner verden for børn.",
    "Spiller du selv, eller har du stået for arrangementer før?": "Jeg spiller guitar i et band",
    "Har du en tilknytning til Tårnby eller Kastrup?": "Født og opvokset på Amager",
    "Hvilke sprog taler du ud over dansk?": "Engelsk og lidt spansk",
    "Hvad kan du lide at bygge eller lave?": "Robotter og 3D-print",
}
DECLINE_REASONS = {
    "lektiecafe": "Vi har desværre fuldt hold i lektiecaféen lige nu. Vi har skrevet dig op, "
    "hvis der bliver en plads til foråret.",
    "rockcafe-vaert": "Rockcaféen holder sommerpause, og vi tager ikke nye værter ind før "
    "efteråret. Søg gerne igen.",
    "makerspace-hjaelper": "Vi søger lige nu hjælpere med erfaring på maskinerne. Kig efter "
    "vores intro-workshop og søg igen bagefter.",
}
HOLD_MESSAGES = {
    "bogbus-hjaelper": "Vi planlægger bogbussens ruter for næste halvår og vender tilbage.",
    "lektiecafe": "Vi venter på din børneattest, før vi kan gå videre.",
    "it-hjaelp-seniorer": "Vi finder et tidspunkt til en snak om, hvilke dage der passer.",
}


def _email(local: str) -> str:
    return local if "@" in local else f"{local}@{DOMAIN}"


def _user(email: str, name: str, password_hash: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"name": name})
    if created:
        user.password = password_hash
        user.save(update_fields=["password"])
    elif user.name != name:
        user.name = name
        user.save(update_fields=["name"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _submit(user, role, *, phone, birth_year, languages, consent) -> Application:
    answers = {question.pk: ANSWERS.get(question.text, "Ja") for question in role.questions.all()}
    submit = _service("applications", "application_submit")
    fields = {
        "motivation": MOTIVATION[role.slug],
        "availability": AVAILABILITY[role.slug],
        "experience": "",
        "languages": languages,
    }
    if submit:
        return submit(
            user=user,
            role=role,
            consent_text=consent,
            birth_year=birth_year,
            phone=phone,
            answers=answers,
            **fields,
        )
    volunteer, _created = Volunteer.objects.get_or_create(
        user=user, defaults={"phone": phone, "birth_year": birth_year, "languages": languages}
    )
    return Application.objects.create(
        volunteer=volunteer,
        role=role,
        answers={str(pk): {"question": "", "answer": a, "order": 0} for pk, a in answers.items()},
        consent_text=consent,
        consented_at=timezone.now(),
        **fields,
    )


def _decide(application: Application, state: str, contact: User) -> Application:
    role = application.role
    if state == "on_hold":
        hold = _service("applications", "application_hold")
        if hold:
            return hold(
                application=application, acting_user=contact, message=HOLD_MESSAGES[role.slug]
            )
        application.status = ApplicationStatus.ON_HOLD
    elif state == "declined":
        decline = _service("applications", "application_decline")
        if decline:
            return decline(
                application=application, acting_user=contact, reason=DECLINE_REASONS[role.slug]
            )
        application.status = ApplicationStatus.DECLINED
        application.decision_reason = DECLINE_REASONS[role.slug]
    elif state == "withdrawn":
        withdraw = _service("applications", "application_withdraw")
        if withdraw:
            return withdraw(application=application, acting_user=application.volunteer.user)
        application.status = ApplicationStatus.WITHDRAWN
    else:  # approved in some form
        approve = _service("applications", "application_approve")
        if approve:
            return approve(application=application, acting_user=contact)
        application.status = ApplicationStatus.APPROVED
    application.decided_by = contact
    application.decided_at = timezone.now()
    application.save()
    return application


def _agreement(application: Application, model: VolunteerModel) -> Agreement:
    agreement = (
        Agreement.objects.filter(application=application, superseded_at__isnull=True)
        .order_by("-version")
        .first()
    )
    if agreement:
        return agreement
    draft = _service("agreements", "agreement_draft")
    if draft:
        return draft(application=application, acting_user=application.role.contact_person)
    return Agreement.objects.create(
        application=application,
        version=1,
        model=model,
        role_version=application.role.version,
        sections=[{"heading": "Det laver du", "body": application.role.tasks}],
        contact_person=application.role.contact_person,
        follow_up_on=_day(90),
    )


def _accept(agreement: Agreement, *, by_staff: bool):
    user = agreement.application.volunteer.user
    by_volunteer = _service("agreements", "agreement_accept_by_volunteer")
    if by_volunteer:
        agreement = by_volunteer(
            agreement=agreement, typed_name=user.name, confirmed=True, acting_user=user
        )
    else:
        agreement.volunteer_accepted_at = timezone.now()
        agreement.volunteer_accepted_name = user.name
        agreement.save()
    if not by_staff:
        return agreement
    contact = agreement.application.role.contact_person
    staff_accept = _service("agreements", "agreement_accept_by_staff")
    if staff_accept:
        return staff_accept(agreement=agreement, acting_user=contact)
    agreement.staff_accepted_at = timezone.now()
    agreement.staff_accepted_by = contact
    agreement.save()
    return agreement


def _certificate(volunteer: Volunteer, status: str, days_ago, acting_user: User):
    set_status = _service("certificates", "certificate_set_status")
    checked_on = _day(-days_ago) if days_ago is not None else None
    if status == CertificateStatus.CONSENT_REQUESTED:
        checked_on = None
    if set_status:
        certificate = set_status(
            volunteer=volunteer, status=status, acting_user=acting_user, checked_on=checked_on
        )
        if status == CertificateStatus.CONSENT_REQUESTED and days_ago:
            ChildCertificate.objects.filter(pk=certificate.pk).update(
                consent_requested_on=_day(-days_ago)
            )
        return
    ChildCertificate.objects.update_or_create(
        volunteer=volunteer,
        defaults={
            "status": status,
            "checked_on": checked_on,
            "renewal_due": checked_on.replace(year=checked_on.year + 2) if checked_on else None,
            "updated_by": acting_user,
        },
    )


def _onboarding(application: Application, ticks: int, acting_user: User):
    items = list(application.role.onboarding.order_by("order", "pk")[:ticks])
    tick = _service("onboarding", "onboarding_tick")
    for item in items:
        if tick:
            tick(application=application, item=item, acting_user=acting_user)
        else:
            OnboardingStep.objects.get_or_create(
                application=application, item=item, defaults={"done_by": acting_user}
            )


def _backdate(application: Application, days: int):
    """Applied ``days`` ago and decided a week later (or today, for recent ones)."""
    applied = timezone.now() - datetime.timedelta(days=days)
    decided = applied + datetime.timedelta(days=min(7, days))
    Application.objects.filter(pk=application.pk).update(created_at=applied)
    if application.status != ApplicationStatus.SUBMITTED:
        Application.objects.filter(pk=application.pk).update(decided_at=decided)
    accepted = Agreement.objects.filter(application=application)
    accepted.filter(volunteer_accepted_at__isnull=False).update(
        volunteer_accepted_at=decided + datetime.timedelta(days=1)
    )
    accepted.filter(staff_accepted_at__isnull=False).update(
        staff_accepted_at=decided + datetime.timedelta(days=2)
    )


def _one_volunteer(spec, *, roles, users, model, consent, password_hash) -> Volunteer | None:
    local, name, phone, birth_year, languages, applications, extras = spec
    user = _user(_email(local), name, password_hash)
    volunteer = Volunteer.objects.filter(user=user).first()
    if volunteer and volunteer.applications.exists():
        return volunteer  # seeded before: leave as it is
    oldest = max(days for _slug, _state, days in applications)
    certificate = extras.get("certificate")
    for slug, state, days in applications:
        role = roles[slug]
        contact = role.contact_person
        application = _submit(
            user, role, phone=phone, birth_year=birth_year, languages=languages, consent=consent
        )
        volunteer = application.volunteer
        if certificate and role.involves_children and state in {"accepted", "on_hold"}:
            # The børneattest is settled before the volunteer is let loose with children.
            _certificate(volunteer, certificate[0], certificate[1], contact)
        if state != "submitted":
            application = _decide(application, state, contact)
        if state in {"drafted", "half", "accepted", "ended"}:
            agreement = _agreement(application, model)
            if state in {"half", "accepted", "ended"}:
                _accept(agreement, by_staff=state != "half")
        if state in {"accepted", "ended"} and extras.get("onboarding"):
            _onboarding(application, extras["onboarding"], contact)
        if state == "ended":
            _end(application, extras.get("exit"), contact)
        _backdate(application, days)
    Volunteer.objects.filter(pk=volunteer.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=oldest)
    )
    volunteer.refresh_from_db()
    if extras.get("mentor"):
        mentor = users[extras["mentor"]]
        set_mentor = _service("onboarding", "volunteer_set_mentor")
        if set_mentor:
            set_mentor(volunteer=volunteer, mentor=mentor, acting_user=users.get("chef"))
        else:
            Volunteer.objects.filter(pk=volunteer.pk).update(mentor=mentor)
    if extras.get("talk"):
        _held_follow_up(volunteer, *extras["talk"])
    return volunteer


def _held_follow_up(volunteer: Volunteer, days_ago: int, notes: str):
    """A follow-up talk held earlier (the next one stays scheduled)."""
    held_on = _day(-days_ago)
    Talk.objects.get_or_create(
        volunteer=volunteer,
        kind=TalkKind.FOLLOW_UP,
        held_on=held_on,
        defaults={"scheduled_for": held_on, "notes": notes, "staff": volunteer.mentor},
    )


def _end(application: Application, exit_talk, contact: User):
    """The volunteer stopped: no service ends a volunteer without erasing them, so this is
    written directly (the exit talk included)."""
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.ENDED, decided_at=now, decided_by=contact
    )
    application.status = ApplicationStatus.ENDED
    volunteer = application.volunteer
    days_ago = exit_talk[0] if exit_talk else 30
    Volunteer.objects.filter(pk=volunteer.pk).update(
        ended_at=now - datetime.timedelta(days=days_ago)
    )
    Talk.objects.filter(volunteer=volunteer, held_on__isnull=True).delete()
    if exit_talk:
        Talk.objects.get_or_create(
            volunteer=volunteer,
            kind=TalkKind.EXIT,
            defaults={
                "scheduled_for": _day(-days_ago),
                "held_on": _day(-days_ago),
                "notes": exit_talk[1],
                "staff": contact,
            },
        )


def _volunteers(roles, users, model) -> dict[str, Volunteer]:
    consent = ConsentText.current(CONSENT_PURPOSE)
    password_hash = make_password(DEMO_PASSWORD)
    volunteers = {}
    for spec in VOLUNTEERS:
        volunteer = _one_volunteer(
            spec,
            roles=roles,
            users=users,
            model=model,
            consent=consent,
            password_hash=password_hash,
        )
        volunteers[spec[0].split("@")[0]] = volunteer
    return volunteers


# --- Shifts, sign-ups, attendance and hours ---------------------------------------------------

# role slug: weekday-independent plan. Past shifts (days ago) get attendance; future ones
# (days ahead) get sign-ups through the shifts service. (start, end, place, capacity)
SHIFT_PLANS = {
    "sprogcafe": ("16:30", "18:00", "Caféen", 2, [-21, -14, -7], [5, 12, 19, 26]),
    "it-hjaelp-seniorer": ("10:00", "12:00", "Læsesalen", 2, [-20, -6], [8, 22]),
    "hoejtlaesning-for-boern": ("10:30", "11:30", "Børnebiblioteket", 1, [-16, -2], [3, 17]),
    "rockcafe-vaert": ("18:30", "22:30", "Scenen i foyeren", 3, [-26], [16]),
    "erindringscafe-vaert": ("10:00", "12:00", "Caféen", 2, [-25], [6, 33]),
    "bogbus-hjaelper": ("12:30", "15:00", "Plejecenter Ugandavej", 1, [-28], [7]),
    "makerspace-hjaelper": ("13:00", "16:00", "Makerspace", 2, [-10], [9, 23]),
}
# The weekly series: lektiecafé every Tuesday 15-17 from five weeks ago for three months.
SERIES = ("lektiecafe", 1, "15:00", "17:00", "Studieområdet", 3, -35, 84)
# A volunteer who did not turn up (no hours): (role, volunteer key).
NO_SHOWS = {("sprogcafe", "sara.lindberg")}


def _approved_volunteers(role: VolunteerRole) -> list[Volunteer]:
    """Approved for the role, with the agreement accepted by both (one filter call: the same
    application and agreement must match every condition)."""
    return list(
        Volunteer.objects.filter(
            applications__role=role,
            applications__status=ApplicationStatus.APPROVED,
            applications__agreements__superseded_at__isnull=True,
            applications__agreements__volunteer_accepted_at__isnull=False,
            applications__agreements__staff_accepted_at__isnull=False,
            ended_at__isnull=True,
        )
        .select_related("user")
        .distinct()
        .order_by("user__email")
    )


def _may_work(volunteer: Volunteer, role: VolunteerRole, day: datetime.date) -> bool:
    if not role.involves_children:
        return True
    certificate = ChildCertificate.objects.filter(volunteer=volunteer).first()
    return bool(certificate and certificate.is_valid_on(day))


def _past_shift(role, series, day, start, end, place, capacity, volunteers, staff):
    starts_at, ends_at = _times(day, start, end)
    shift = Shift.objects.create(
        role=role,
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        capacity=capacity,
    )
    set_attendance = _service("shifts", "signup_set_attendance")
    # Take turns: who worked which past shift rotates with the date.
    eligible = [v for v in volunteers if _may_work(v, role, day)]
    turn = day.toordinal() % len(eligible) if eligible else 0
    workers = (eligible[turn:] + eligible[:turn])[:capacity]
    for volunteer in workers:
        signup = Signup.objects.create(
            shift=shift,
            volunteer=volunteer,
            status=SignupStatus.CONFIRMED,
            created_at=starts_at - datetime.timedelta(days=6),
        )
        attended = (role.slug, volunteer.user.email.split("@")[0]) not in NO_SHOWS
        if set_attendance:
            set_attendance(signup=signup, attended=attended, acting_user=staff)
        else:
            Signup.objects.filter(pk=signup.pk).update(attended=attended)
            if attended:
                HoursEntry.objects.create(
                    volunteer=volunteer,
                    role=role,
                    signup=signup,
                    date=day,
                    hours=Decimal((ends_at - starts_at).total_seconds() / 3600).quantize(
                        Decimal("0.01")
                    ),
                    description=f"Vagt: {role.title}",
                    status=HoursStatus.APPROVED,
                    decided_by=staff,
                    decided_at=timezone.now(),
                )
    return shift


def _future_shift(role, day, start, end, place, capacity, staff) -> Shift:
    starts_at, ends_at = _times(day, start, end)
    create = _service("shifts", "shift_create")
    if create:
        return create(
            role=role,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            place=place,
            acting_user=staff,
        )
    return Shift.objects.create(
        role=role, starts_at=starts_at, ends_at=ends_at, place=place, capacity=capacity
    )


def _sign_up(shift: Shift, volunteer: Volunteer):
    sign_up = _service("shifts", "shift_sign_up")
    if sign_up:
        from .services import VolunteerError

        try:
            return sign_up(shift=shift, volunteer=volunteer)
        except VolunteerError:
            return None  # e.g. an overlapping shift: the demo simply leaves them off
    taken = shift.signups.filter(status=SignupStatus.CONFIRMED).count()
    status = SignupStatus.CONFIRMED if taken < shift.capacity else SignupStatus.WAITLISTED
    return Signup.objects.create(shift=shift, volunteer=volunteer, status=status)


def _shifts(roles, volunteers, users):
    main = volunteers.get("frivillig")
    for slug, (start, end, place, capacity, past, future) in SHIFT_PLANS.items():
        role = roles[slug]
        if role.shifts.exists():
            continue  # seeded before
        staff = role.contact_person
        people = _approved_volunteers(role)
        for days in past:
            _past_shift(role, None, _day(days), start, end, place, capacity, people, staff)
        for index, days in enumerate(future):
            shift = _future_shift(role, _day(days), start, end, place, capacity, staff)
            if slug == "sprogcafe" and index == 0 and main is not None:
                _full_with_offer(shift, people, main)
                continue
            # Rotate who signs up, and let the first shift of a few roles fill up with a queue.
            rotated = people[index % max(len(people), 1) :] + people[: index % max(len(people), 1)]
            wanted = capacity + (1 if index == 0 and len(people) > capacity else 0)
            if index == len(future) - 1 and slug != "sprogcafe":
                wanted = max(capacity - 1, 0)  # the last one lacks people (understaffed)
            for volunteer in rotated[:wanted]:
                _sign_up(shift, volunteer)
    _series(roles, users)


def _full_with_offer(shift: Shift, people: list[Volunteer], main: Volunteer):
    """A full shift: two confirmed, the demo volunteer and one more on the waitlist; then one
    of the confirmed cancels, so the demo volunteer is offered the place."""
    others = [v for v in people if v.pk != main.pk]
    first = [_sign_up(shift, v) for v in others[: shift.capacity]]
    _sign_up(shift, main)
    for volunteer in others[shift.capacity : shift.capacity + 1]:
        _sign_up(shift, volunteer)
    cancel = _service("shifts", "signup_cancel")
    leaving = next((s for s in first if s and s.status == SignupStatus.CONFIRMED), None)
    if cancel and leaving:
        cancel(signup=leaving, acting_user=leaving.volunteer.user)


def _series(roles, users):
    slug, weekday, start, end, place, capacity, from_days, to_days = SERIES
    role = roles[slug]
    if ShiftSeries.objects.filter(role=role).exists():
        return
    staff = role.contact_person
    starts_on, ends_on = _day(from_days), _day(to_days)
    start_time = datetime.time(*map(int, start.split(":")))
    end_time = datetime.time(*map(int, end.split(":")))
    create = _service("shifts", "series_create")
    people = _approved_volunteers(role)
    if create:
        series = create(
            role=role,
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity,
            place=place,
            notes="Tag gerne en ekstra blyant med.",
            acting_user=staff,
        )
    else:
        series = ShiftSeries.objects.create(
            role=role,
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
            starts_on=starts_on,
            ends_on=ends_on,
            place=place,
            capacity=capacity,
        )
    # The weeks already behind us (the service only makes shifts to come).
    now = timezone.now()
    day = starts_on + datetime.timedelta(days=(weekday - starts_on.weekday()) % 7)
    while day <= ends_on:
        starts_at, _ends_at = _times(day, start, end)
        if (
            starts_at <= now
            and not Shift.objects.filter(series=series, starts_at=starts_at).exists()
        ):
            _past_shift(role, series, day, start, end, place, capacity, people, staff)
        day += datetime.timedelta(weeks=1)
    # Sign up for the next four weeks; the volunteer whose børneattest is only requested is
    # refused by the service, as they should be.
    for index, shift in enumerate(
        Shift.objects.filter(series=series, starts_at__gt=now).order_by("starts_at")[:4]
    ):
        wanted = people if index < 2 else people[: capacity - 1]
        for volunteer in wanted:
            _sign_up(shift, volunteer)


# --- Reported hours -----------------------------------------------------------------------------

# volunteer key, role slug, days ago, hours, what they did, decision (None: pending)
# fmt: off
REPORTED = [
    ("frivillig", "sprogcafe", 4, "2",
     "Lavede nye samtalekort om hverdagsdansk", None),
    ("karim.haddad", "sprogcafe", 9, "1.5",
     "Hjalp en deltager med et brev fra kommunen", "approved"),
    ("inger.hansen", "erindringscafe-vaert", 6, "3",
     "Hentede billeder i Lokalhistorisk Arkiv til næste café", None),
    ("jonas.madsen", "makerspace-hjaelper", 3, "2.5",
     "Reparerede 3D-printeren", None),
    ("freja.kristensen", "rockcafe-vaert", 12, "6",
     "Planlagde programmet for næste rockcafé med bandsene", "rejected"),
    ("anne.moeller", "lektiecafe", 15, "1",
     "Købte ind til frugtbordet", "approved"),
]
# fmt: on
REJECT_REASON = (
    "Planlægningen af programmet aftalte vi at dele mellem jer – skriv gerne dine egne timer "
    "igen, så godkender jeg dem."
)
# Hours of volunteers who stopped and had their data erased: anonymous statistics.
# fmt: off
ANONYMOUS = [
    ("it-hjaelp-seniorer", 70, "2"),
    ("erindringscafe-vaert", 95, "2"),
    ("lektiecafe", 120, "2"),
]
# fmt: on


def _reported_hours(roles, volunteers, users):
    from .services import hours as hours_services

    for key, slug, days, hours, what, decision in REPORTED:
        volunteer, role = volunteers.get(key), roles[slug]
        if volunteer is None:
            continue
        date = _day(-days)
        if HoursEntry.objects.filter(
            volunteer=volunteer, role=role, date=date, signup__isnull=True
        ).exists():
            continue
        entry = hours_services.hours_report(
            volunteer=volunteer,
            role=role,
            date=date,
            hours=Decimal(hours),
            description=what,
            acting_user=volunteer.user,
        )
        decider = role.branch.tovholder or users["chef"]
        if decision == "approved":
            hours_services.hours_approve(entry=entry, acting_user=decider)
        elif decision == "rejected":
            hours_services.hours_reject(entry=entry, acting_user=decider, reason=REJECT_REASON)
    for slug, days, hours in ANONYMOUS:
        HoursEntry.objects.get_or_create(
            volunteer=None,
            role=roles[slug],
            date=_day(-days),
            signup=None,
            defaults={"hours": Decimal(hours), "status": HoursStatus.APPROVED},
        )


def seed(*, users: dict, branches: dict) -> dict[str, Volunteer]:
    """Create (once) the demo volunteering. `users` and `branches` come from seed_demo."""
    model = _model(users)
    roles = _roles(users, branches)
    volunteers = _volunteers(roles, users, model)
    _shifts(roles, volunteers, users)
    _reported_hours(roles, volunteers, users)
    return volunteers


def login_lines() -> list[str]:
    width = max(28, *(len(email) for email, _d in LOGINS))
    return [f"  {email:<{width}} {description}" for email, description in LOGINS]
