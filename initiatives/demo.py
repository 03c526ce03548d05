"""Demo initiatives: ~20 ideas over every status and channel, with threads and activities.

Called by `manage.py seed_demo`. Idempotent: an initiative whose title exists is left alone.
Built through the services, so history, deadlines and links are what real use would give.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from activities.services import activity_record_attendance
from organisation.models import FocusArea, Library, TargetGroup, TargetGroupKind
from organisation.workdays import add_working_days

from . import services
from .models import Channel, Initiative, ParticipationLevel, Status, StatusChange

K = TargetGroupKind

# title, description, contact, role, format, target groups, branch, channel, path of statuses,
# thread [(who, body)], activity (days from now, hours) or None, extra fields
IDEAS = [
    {
        "title": "Erindringscafé: Kastrup i 1950'erne",
        "description": "Jeg har mange gamle billeder fra Kastrup og vil gerne invitere andre til "
        "at dele minder over en kop kaffe.",
        "contact": ("Inger Hansen", "inger.hansen@sammen.test", "40 11 22 33"),
        "role": "run",
        "format": "cafe",
        "groups": [K.SENIORS],
        "branch": "vestamager",
        "channel": Channel.WEB,
        "path": [Status.IN_DIALOGUE],
        "thread": [
            (
                "staff",
                "Tak, Inger! Vi vil meget gerne lave en erindringscafé med dig. Har du lyst "
                "til at mødes og tale om, hvem vi kan invitere med?",
            ),
            ("citizen", "Ja tak. Lokalhistorisk Forening vil gerne låne os nogle fotos."),
            ("note", "Spørg arkivet om lærred og projektor."),
        ],
        "activity": (-20, 2, "Med mange gode historier. Vi gentager i foråret."),
        "level": ParticipationLevel.COCREATE,
        "focus": ["samskabelse"],
        "summary": "Over 30 borgere delte billeder og minder fra Kastrup i 1950'erne – "
        "sammen med Tårnby Lokalhistoriske Forening.",
        "show_name": True,
    },
    {
        "title": "Scenen er din: fuglene på Amager Fælled",
        "description": "Jeg er amatørornitolog og vil gerne holde et foredrag med billeder af "
        "de fugle, man kan se på fælleden året rundt.",
        "contact": ("Jørgen Madsen", "jorgen.madsen@sammen.test", ""),
        "role": "run",
        "format": "talk",
        "groups": [K.ADULTS, K.SENIORS],
        "branch": "hovedbiblioteket",
        "channel": Channel.WEB,
        "path": [Status.IN_DIALOGUE],
        "thread": [
            (
                "staff",
                "Det lyder som et oplagt 'Scenen er din'-foredrag. Passer en tirsdag aften dig?",
            ),
            ("citizen", "Tirsdag er perfekt."),
        ],
        "activity": (12, 2, None),
        "level": ParticipationLevel.CITIZEN_LED,
        "focus": ["samskabelse"],
    },
    {
        "title": "Rockcafé med lokale bands",
        "description": "Unge bands fra musikskolen mangler et sted at spille for et publikum.",
        "contact": ("Mikkel Sørensen", "mikkel@sammen.test", ""),
        "role": "help",
        "format": "cafe",
        "groups": [K.YOUNG_15_24],
        "branch": "hovedbiblioteket",
        "channel": Channel.EVENT,
        "path": [Status.IN_DIALOGUE, Status.PLANNING],
        "thread": [("staff", "Vi taler med musikskolen om lyd og scene.")],
        "level": ParticipationLevel.INVOLVE,
        "focus": ["samskabelse"],
    },
    {
        "title": "Lego-workshop for børn",
        "description": "Min søn og hans venner bygger robotter. Kunne de vise andre børn hvordan?",
        "contact": ("Sara Ali", "sara.ali@sammen.test", ""),
        "role": "help",
        "format": "workshop",
        "groups": [K.CHILDREN_6_14, K.FAMILIES],
        "branch": "korsvejen",
        "channel": Channel.WEB,
        "path": [Status.IN_DIALOGUE],
        "thread": [
            ("staff", "Sikke en god idé. Hvor mange børn tror du, de kan hjælpe ad gangen?")
        ],
    },
    {
        "title": "Strikkeklub om torsdagen",
        "description": "Vi er fem, der gerne vil strikke sammen på biblioteket og lære fra os.",
        "contact": ("Hanne Lund", "", "22 33 44 55"),
        "role": "run",
        "format": "cafe",
        "groups": [K.ADULTS, K.SENIORS],
        "branch": "korsvejen",
        "channel": Channel.DESK,
        "path": [Status.IN_DIALOGUE],
        "activity": (-6, 2, ""),
        "level": ParticipationLevel.CITIZEN_LED,
    },
    {
        "title": "Læsekreds på engelsk",
        "description": "I would love an English reading group for expats and Danes alike.",
        "contact": ("Emily Carter", "emily@sammen.test", ""),
        "role": "run",
        "format": "reading_group",
        "groups": [K.ADULTS],
        "branch": "hovedbiblioteket",
        "channel": Channel.WEB,
        "path": [],
        "days_ago": 1,
    },
    {
        "title": "Sprogcafé for nye danskere",
        "description": "Frivillige fra Røde Kors vil gerne holde sprogcafé på biblioteket.",
        "contact": ("Røde Kors Tårnby", "tarnby@rodekors.sammen.test", ""),
        "role": "run",
        "format": "cafe",
        "groups": [K.ADULTS],
        "branch": "vestamager",
        "channel": Channel.PARTNER,
        "path": [Status.IN_DIALOGUE],
        "thread": [("note", "Bør formaliseres i en samarbejdsaftale.")],
        "focus": ["frivillighed", "samarbejdsaftaler"],
    },
    {
        "title": "Højtlæsning når bogbussen kommer til plejecentret",
        "description": "Beboerne glæder sig til bogbussen. Kunne nogen læse højt imens?",
        "contact": ("Plejecenter Ugandavej", "", "32 00 11 22"),
        "role": "wish",
        "format": "other",
        "groups": [K.SENIORS],
        "branch": "bogbussen",
        "channel": Channel.PHONE,
        "path": [Status.IN_DIALOGUE],
        "activity": (5, 1, None),
    },
    {
        "title": "Fotokonkurrence: Mit Tårnby",
        "description": "En fotokonkurrence for alle aldre med udstilling på biblioteket bagefter.",
        "contact": ("Peter Holm", "peter.holm@sammen.test", ""),
        "role": "help",
        "format": "exhibition",
        "groups": [K.EVERYONE],
        "branch": "hovedbiblioteket",
        "channel": Channel.EMAIL,
        "path": [],
        "days_ago": 12,
    },
    {
        "title": "Kodeklub for piger",
        "description": "Piger på 10-13 år mangler et sted at lære at kode sammen.",
        "contact": ("Louise Berg", "louise@sammen.test", ""),
        "role": "wish",
        "format": "course",
        "groups": [K.CHILDREN_6_14],
        "branch": "korsvejen",
        "channel": Channel.WEB,
        "path": [
            (
                Status.DECLINED,
                "Vi har ikke instruktører til det i foråret, men tager "
                "idéen op igen til efteråret. Må vi kontakte dig der?",
            )
        ],
    },
    {
        "title": "Yoga i biblioteket",
        "description": "Morgenyoga mellem reolerne før biblioteket åbner.",
        "contact": ("Camilla Friis", "camilla@sammen.test", ""),
        "role": "run",
        "format": "course",
        "groups": [K.ADULTS],
        "branch": "vestamager",
        "channel": Channel.WEB,
        "path": [(Status.REFERRED, "Det passer bedre hos idrætsforeningen, som har lokaler.")],
        "referred_to": "Tårnby Idrætsforening, motion for voksne",
    },
    {
        "title": "Gaming-aften for unge",
        "description": "LAN-party med FIFA og Mario Kart.",
        "contact": ("Oliver Krogh", "oliver@sammen.test", ""),
        "role": "help",
        "format": "other",
        "groups": [K.YOUNG_15_24],
        "branch": "hovedbiblioteket",
        "channel": Channel.WEB,
        "path": ["citizen-withdraws"],
    },
    {
        "title": "Jeg vil gerne spille til rockcaféen",
        "description": "Mit band vil gerne spille, hvis der bliver en rockcafé.",
        "contact": ("Ida Nygaard", "ida@sammen.test", ""),
        "role": "help",
        "format": "cafe",
        "groups": [K.YOUNG_15_24],
        "branch": "hovedbiblioteket",
        "channel": Channel.WEB,
        "path": ["duplicate:Rockcafé med lokale bands"],
    },
    {
        "title": "Rim, remser og rytmik for de mindste",
        "description": "Jeg er musikpædagog og vil gerne lave rytmik for babyer og forældre.",
        "contact": ("Mette Kjær", "mette.kjaer@sammen.test", ""),
        "role": "run",
        "format": "workshop",
        "groups": [K.CHILDREN_0_5, K.FAMILIES],
        "branch": "hovedbiblioteket",
        "channel": Channel.DESK,
        "path": [Status.IN_DIALOGUE],
        "activity": (-35, 1, "Fuldt hus. Forældrene efterspørger et fast forløb."),
        "summary": "Rytmik for de mindste blev så populært, at det nu er et fast tilbud.",
        "focus": ["samskabelse"],
        "show_name": True,
    },
    {
        "title": "Kulturbazar med foreningerne",
        "description": "Foreningerne i kommunen vil gerne vise sig frem på biblioteket en lørdag.",
        "contact": ("Tårnby Foreningsråd", "raad@sammen.test", ""),
        "role": "run",
        "format": "other",
        "groups": [K.EVERYONE],
        "branch": "hovedbiblioteket",
        "channel": Channel.PARTNER,
        "path": [Status.IN_DIALOGUE, Status.PLANNING],
        "focus": ["samarbejdsaftaler"],
    },
    {
        "title": "Reparationscafé",
        "description": "Vi reparerer cykler, tøj og små elapparater sammen i stedet for "
        "at smide dem ud.",
        "contact": ("Bo Winther", "bo@sammen.test", ""),
        "role": "run",
        "format": "cafe",
        "groups": [K.ADULTS, K.FAMILIES],
        "branch": "vestamager",
        "channel": Channel.WEB,
        "path": [Status.IN_DIALOGUE],
        "thread": [("staff", "Vi har et værksted i kælderen. Hvor meget plads skal I bruge?")],
        "focus": ["frivillighed"],
    },
    {
        "title": "Bogboksen: børn anmelder bøger",
        "description": "Børn laver små videoanmeldelser af deres yndlingsbøger.",
        "contact": ("Anna Thomsen", "anna.t@sammen.test", ""),
        "role": "wish",
        "format": "workshop",
        "groups": [K.CHILDREN_6_14],
        "branch": "korsvejen",
        "channel": Channel.WEB,
        "path": [Status.IN_DIALOGUE],
        "activity": (20, 2, None),
    },
    {
        "title": "Slægtsforskning for begyndere",
        "description": "Et lille kursus i at finde sine aner i kirkebøger og folketællinger.",
        "contact": ("Erik Jensen", "erik.j@sammen.test", ""),
        "role": "run",
        "format": "course",
        "groups": [K.SENIORS],
        "branch": "vestamager",
        "channel": Channel.DESK,
        "path": [],
        "days_ago": 3,
    },
    {
        "title": "Digital hjælp: MitID og e-Boks",
        "description": "Jeg er pensioneret it-mand og vil gerne hjælpe andre seniorer.",
        "contact": ("Knud Pedersen", "knud@sammen.test", ""),
        "role": "help",
        "format": "course",
        "groups": [K.SENIORS],
        "branch": "hovedbiblioteket",
        "channel": Channel.PHONE,
        "path": [Status.IN_DIALOGUE],
        "activity": (9, 2, None),
        "focus": ["frivillighed"],
    },
    {
        "title": "Lokalhistorisk byvandring",
        "description": "Hørt ved et arrangement: flere ønsker en byvandring om Kastrups historie.",
        "contact": None,
        "role": "wish",
        "format": "other",
        "groups": [K.ADULTS, K.SENIORS],
        "branch": "hovedbiblioteket",
        "channel": Channel.EVENT,
        "path": [Status.IN_DIALOGUE],
        "thread": [("note", "Kontakt Lokalhistorisk Forening om en guide.")],
    },
]


def seed(*, users: dict, branches: dict) -> list[Initiative]:
    groups = {g.kind: g for g in TargetGroup.objects.all()}
    focus = {f.slug: f for f in FocusArea.objects.all()}
    created = []
    for index, idea in enumerate(IDEAS):
        if Initiative.objects.filter(title=idea["title"]).exists():
            continue
        with transaction.atomic():
            created.append(_seed_one(idea, index, users, branches, groups, focus))
    return created


def _seed_one(idea, index, users, branches, groups, focus) -> Initiative:
    staff = [users["medarbejder"], users["tovholder"], users["koordinator"]]
    owner = staff[index % len(staff)]
    name, email, phone = idea["contact"] or ("", "", "")
    data = {
        "title": idea["title"],
        "description": idea["description"],
        "citizen_role": idea["role"],
        "format": idea["format"],
        "preferred_branch": branches[idea["branch"]],
        "contact_name": name,
        "contact_email": email,
        "contact_phone": phone,
        "together_with": "Tårnby Lokalhistoriske Forening" if index % 4 == 0 else "",
        "name_may_be_shown": idea.get("show_name", False),
        "needs_room": True,
        "needs_marketing": index % 2 == 0,
    }
    target_groups = [groups[k] for k in idea["groups"]]
    if idea["channel"] == Channel.WEB:
        initiative = services.initiative_submit(
            data=data, target_groups=target_groups, citizen=None
        )
    else:
        initiative = services.initiative_register(
            acting_user=owner,
            data=data,
            channel=idea["channel"],
            consent_given=idea["contact"] is not None,
            target_groups=target_groups,
        )
    services.initiative_assign(initiative=initiative, owner=owner, acting_user=users["chef"])
    for who, body in idea.get("thread", []):
        if who == "citizen":
            services.initiative_citizen_post(initiative=initiative, body=body)
        else:
            services.initiative_post(
                initiative=initiative, acting_user=owner, body=body, internal=who == "note"
            )
    for step in idea["path"]:
        _step(initiative, step, owner, idea)
    if idea.get("activity"):
        _activity(initiative, idea, owner)
    services.initiative_update(
        initiative=initiative,
        acting_user=owner,
        participation_level=idea.get("level", ""),
        public_summary=idea.get("summary", ""),
        focus_areas=[focus[s] for s in idea.get("focus", []) if s in focus],
    )
    _backdate(initiative, days=idea.get("days_ago", 30 + index * 3))
    return initiative


def _step(initiative, step, owner, idea):
    if step == "citizen-withdraws":
        services.initiative_change_status(
            initiative=initiative, to_status=Status.WITHDRAWN, by_citizen=True
        )
    elif isinstance(step, str) and step.startswith("duplicate:"):
        original = Initiative.objects.get(title=step.split(":", 1)[1])
        services.initiative_change_status(
            initiative=initiative,
            to_status=Status.DUPLICATE,
            acting_user=owner,
            duplicate_of=original,
            message="Vi har lagt din idé sammen med en lignende, så I kan blive koblet sammen.",
        )
    elif isinstance(step, tuple):
        status, message = step
        services.initiative_change_status(
            initiative=initiative,
            to_status=status,
            acting_user=owner,
            message=message,
            referred_to=idea.get("referred_to", ""),
        )
    else:
        services.initiative_change_status(initiative=initiative, to_status=step, acting_user=owner)


def _activity(initiative, idea, owner):
    days, hours, evaluation = idea["activity"]
    start = (timezone.localtime() + datetime.timedelta(days=days)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    activity = services.initiative_create_activity(
        initiative=initiative,
        acting_user=owner,
        title=initiative.title,
        description=initiative.description,
        branch=initiative.preferred_branch,
        place="Salen" if initiative.preferred_branch.kind != "mobile" else "Ved bussen",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        target_groups=list(initiative.target_groups.all()),
        is_public=True,
        cohosts=[
            {
                "kind": "citizen",
                "name": initiative.contact_name,
                "show_publicly": initiative.name_may_be_shown,
            }
        ]
        if initiative.contact_name
        else [],
    )
    if evaluation is not None and days < 0:
        children = any(g.is_children for g in activity.target_groups.all())
        activity_record_attendance(
            activity=activity,
            acting_user=owner,
            attendance_total=32,
            attendance_children=18 if children else 0,
            evaluation=evaluation,
        )
    return activity


def _backdate(initiative, *, days: int):
    """Spread the demo over the past weeks so ages, deadlines and overdue items look real."""
    created = timezone.now() - datetime.timedelta(days=days)
    due = add_working_days(timezone.localdate(created), Library.load().initiative_response_days)
    Initiative.objects.filter(pk=initiative.pk).update(created_at=created, first_response_due=due)
    first = initiative.history.order_by("pk").first()
    StatusChange.objects.filter(pk=first.pk).update(created_at=created)
