"""Demo toolbox (``seed_demo``): the method cards from toolbox/data/, a few session plans tied
to the demo initiatives and activities, experience logs, and self-assessments for demo staff.

The cards are loaded through the import service (toolbox/services/exchange.py), so the demo
file is checked exactly like a file a library uploads. Running it again changes nothing:
cards are matched by slug, plans by title and owner, logs by method, date and author.
"""

import datetime
from pathlib import Path

from django.utils import timezone

from activities.models import Activity
from initiatives.models import Initiative

from .models import CompetenceArea, ExperienceLog, ItemKind, Method, SessionPlan
from .services.competence import self_assessment_save
from .services.exchange import import_apply
from .services.logs import log_create
from .services.plans import item_add, plan_create

DATA_DIR = Path(__file__).resolve().parent / "data"


def methods_document() -> bytes:
    """The method cards we ship (toolbox/data/methods.json, in the exchange format)."""
    return (DATA_DIR / "methods.json").read_bytes()


# title, owner key, days from today, start, audience, goal, initiative title, activity title,
# items: (method slug or None for a break, title, minutes or None for the method's own time)
PLANS = [
    (
        "Borgermøde om fremtidens bibliotek i Kastrup",
        "medarbejder",
        12,
        "17:00",
        "Borgere fra Kastrup, 30-40 personer",
        "Samle idéer til det nye børne- og familieområde og finde borgere, der vil være med.",
        None,
        None,
        [
            (None, "Velkomst og kaffe", 15),
            ("hopes-and-fears", "", None),
            ("world-cafe", "", 60),
            (None, "Pause", 15),
            ("dot-voting", "", 20),
            ("what-so-what-now-what", "", 20),
        ],
    ),
    (
        "Planlægning af erindringscaféen",
        "koordinator",
        -20,
        "10:00",
        "Frivillige fra lokalhistorisk forening og to medarbejdere",
        "Aftale form, roller og første tema for erindringscaféen.",
        "Erindringscafé: Kastrup i 1950'erne",
        None,
        [
            ("sammen-med-hvem-tjek", "", 30),
            ("forventningsafstemning-med-frivillig", "", 45),
            (None, "Pause", 10),
            ("1-2-4-alle", "Hvad skal det første tema være?", 20),
        ],
    ),
    (
        "Introduktion for nye lektiecafé-frivillige",
        "tovholder",
        -8,
        "16:00",
        "Nye frivillige i lektiecaféen",
        "Give de nye frivillige en god start og samle deres forventninger.",
        None,
        "Lektiecafé for 4.-7. klasse",
        [
            ("onboarding-af-frivillig", "", 45),
            ("retrospektiv", "Hvad tager vi med fra i dag?", 20),
        ],
    ),
    (
        "Teamdag: hvordan arbejder vi med samskabelse?",
        "chef",
        30,
        "09:00",
        "Hele personalegruppen",
        "Blive enige om, hvad samskabelse betyder hos os, og hvilke metoder vi vil øve.",
        None,
        None,
        [
            ("appreciative-inquiry", "", 60),
            (None, "Frokost", 45),
            ("troika-konsultation", "", 30),
            ("forandringsteori", "", 60),
        ],
    ),
]

# method slug, author key, days ago, initiative title, activity title, participants,
# participants note, what worked, what to change, rating, level reached
LOGS = [
    (
        "world-cafe",
        "medarbejder",
        60,
        "Kulturbazar med foreningerne",
        None,
        34,
        "Foreninger og borgere",
        "Bordværterne holdt samtalen i gang, og mange nye idéer kom frem.",
        "Tre runder var én for mange – to runder og længere opsamling næste gang.",
        4,
        "consult",
    ),
    (
        "world-cafe",
        "koordinator",
        25,
        None,
        None,
        22,
        "Borgere fra Tårnby Nord",
        "Spørgsmålene var konkrete, så det var let at gå i gang.",
        "Vi skal have flere bordværter, der ikke er ansatte.",
        5,
        "involve",
    ),
    (
        "erindringscafe",
        "koordinator",
        14,
        "Erindringscafé: Kastrup i 1950'erne",
        None,
        18,
        "Ældre borgere og to frivillige",
        "Gamle fotos på bordene fik alle til at fortælle.",
        "Mikrofon til de svagthørende.",
        5,
        "cocreate",
    ),
    (
        "sammen-med-hvem-tjek",
        "koordinator",
        20,
        "Erindringscafé: Kastrup i 1950'erne",
        None,
        5,
        "Frivillige og medarbejdere",
        "Vi fandt lokalhistorisk forening som partner.",
        "Tag tjekket tidligere i forløbet.",
        4,
        "involve",
    ),
    (
        "onboarding-af-frivillig",
        "tovholder",
        8,
        None,
        "Lektiecafé for 4.-7. klasse",
        4,
        "Nye frivillige",
        "Rundvisningen og makkerordningen gav ro.",
        "Tavshedspligt skal have mere tid.",
        4,
        "internal",
    ),
    (
        "retrospektiv",
        "tovholder",
        8,
        None,
        "Lektiecafé for 4.-7. klasse",
        6,
        "Frivillige og tovholder",
        "Alle kom til orde.",
        "Kortere – 20 minutter er nok.",
        3,
        "internal",
    ),
    (
        "scenen-er-din",
        "medarbejder",
        40,
        "Scenen er din: fuglene på Amager Fælled",
        None,
        45,
        "Familier og fuglefolk",
        "Borgeren bar selv aftenen – vi stod kun for rammerne.",
        "Bedre lyd i salen.",
        5,
        "citizen_led",
    ),
    (
        "dot-voting",
        "medarbejder",
        60,
        "Kulturbazar med foreningerne",
        None,
        34,
        "Foreninger og borgere",
        "Hurtigt overblik over, hvad der samlede mest opbakning.",
        "Forklar først, at prikkerne ikke er en endelig beslutning.",
        3,
        "consult",
    ),
    (
        "hopes-and-fears",
        "chef",
        35,
        None,
        None,
        16,
        "Personalegruppen",
        "Bekymringerne kom frem tidligt og kunne tages alvorligt.",
        "Saml op på frygtene igen til sidst.",
        4,
        "internal",
    ),
    (
        "walk-and-talk",
        "tovholder",
        50,
        "Lokalhistorisk byvandring",
        None,
        2,
        "En borger med en idé",
        "Samtalen blev mere åben, når vi gik side om side.",
        "Aftal ruten på forhånd.",
        5,
        "involve",
    ),
]

# user key: level per area key, wants to develop
SELF_ASSESSMENTS = {
    "medarbejder": {
        "process_facilitation": 2,
        "project_management": 3,
        "relational": 4,
        "vaertskab": 4,
        "cocreation": 2,
    },
    "tovholder": {
        "process_facilitation": 3,
        "project_management": 4,
        "relational": 4,
        "vaertskab": 3,
        "cocreation": 2,
    },
    "koordinator": {
        "process_facilitation": 4,
        "project_management": 3,
        "relational": 5,
        "vaertskab": 5,
        "cocreation": 3,
    },
    "chef": {
        "process_facilitation": 3,
        "project_management": 5,
        "relational": 4,
        "vaertskab": 3,
        "cocreation": 3,
    },
}
DEVELOP = {"process_facilitation", "cocreation"}


def _initiative(title):
    return Initiative.objects.filter(title=title).order_by("pk").first() if title else None


def _activity(title):
    return Activity.objects.filter(title=title).order_by("pk").first() if title else None


def _plans(users, methods):
    today = timezone.localdate()
    for title, owner, days, start, audience, goal, initiative, activity, items in PLANS:
        user = users[owner]
        if SessionPlan.objects.filter(title=title, owner=user).exists():
            continue
        plan = plan_create(
            acting_user=user,
            title=title,
            date=today + datetime.timedelta(days=days),
            start_time=datetime.time.fromisoformat(start),
            audience=audience,
            goal=goal,
            initiative=_initiative(initiative),
            activity=_activity(activity),
        )
        for slug, item_title, minutes in items:
            if slug is None:
                kind = ItemKind.BREAK if item_title in {"Pause", "Frokost"} else ItemKind.OTHER
                item_add(plan=plan, acting_user=user, kind=kind, title=item_title, minutes=minutes)
            elif slug in methods:
                item_add(
                    plan=plan,
                    acting_user=user,
                    kind=ItemKind.METHOD,
                    method=methods[slug],
                    title=item_title,
                    minutes=minutes,
                )


def _logs(users, methods):
    today = timezone.localdate()
    for row in LOGS:
        slug, author, days, initiative, activity, participants, note = row[:7]
        worked, change, rating, level = row[7:]
        if slug not in methods:
            continue
        date = today - datetime.timedelta(days=days)
        if ExperienceLog.objects.filter(
            method=methods[slug], date=date, author=users[author]
        ).exists():
            continue
        log_create(
            method=methods[slug],
            acting_user=users[author],
            date=date,
            rating=rating,
            initiative=_initiative(initiative),
            activity=_activity(activity),
            participants=participants,
            participants_note=note,
            what_worked=worked,
            what_to_change=change,
            level_reached=level,
        )


def _self_assessments(users):
    areas = {area.key: area for area in CompetenceArea.objects.all()}
    for key, levels in SELF_ASSESSMENTS.items():
        for area_key, level in levels.items():
            if area_key in areas:
                self_assessment_save(
                    user=users[key],
                    area=areas[area_key],
                    level=level,
                    wants_to_develop=area_key in DEVELOP and level <= 3,
                )


def seed(*, users: dict, branches: dict) -> None:
    """Create (once) the demo toolbox. `users` and `branches` come from seed_demo."""
    import_apply(methods_document(), acting_user=users["chef"])
    methods = {m.slug: m for m in Method.objects.all()}
    _plans(users, methods)
    _logs(users, methods)
    _self_assessments(users)
