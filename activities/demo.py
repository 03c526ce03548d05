"""Demo activities for seed_demo: a month of a Danish library's programme, past and future.

Dates are relative to today, so the demo always has something coming up. Idempotent: each
activity is found again by its title (unique within this list) and brought up to date.
"""

import datetime

from django.utils import timezone

from organisation.models import FocusArea, TargetGroup
from organisation.models import TargetGroupKind as TG

from .models import Activity, ActivityCoHost, ActivityStatus, CoHostKind

FORENING = ("partner", "Tårnby Lokalhistoriske Forening", None, True)
INGER = ("citizen", "Inger Hansen", None, True)

# title, branch, days from today, start "HH:MM", minutes, place, target groups, focus areas,
# co-hosts (kind, name, user key, shown publicly), extra (public, cancelled reason,
# attendance (total, children), evaluation), description
# fmt: off
ACTIVITIES = [
    # --- Coming up --------------------------------------------------------------------------
    (
        "Lektiecafé for 4.-7. klasse",
        "vestamager", 1, "15:00", 120, "Studieområdet",
        [TG.CHILDREN_6_14], ["frivillighed"],
        [("volunteer", "Mette Jensen", "borger", False)],
        {},
        "Frivillige hjælper med matematik, dansk og engelsk. Tag dine lektier med – vi giver "
        "saftevand og frugt.",
    ),
    (
        "Babysalmesang",
        "hovedbiblioteket", 2, "10:00", 45, "Børnebiblioteket",
        [TG.CHILDREN_0_5, TG.FAMILIES], [],
        [("partner", "Tårnby Kirke", None, True)],
        {},
        "Sang, rim og bevægelse for de mindste (3-12 måneder) og deres voksne. Organisten fra "
        "Tårnby Kirke spiller.",
    ),
    (
        "Scenen er din: Fortællinger fra Amager",
        "hovedbiblioteket", 3, "19:00", 90, "Salen, 1. sal",
        [TG.ADULTS, TG.SENIORS], ["samskabelse"],
        [INGER],
        {},
        "Borgere fortæller om livet på Amager – fra kolonihaverne til lufthavnen. Inger Hansen "
        "har samlet fortællerne. Fri entré.",
    ),
    (
        "Strikkeklub: Vi strikker til Røde Kors",
        "korsvejen", 4, "16:00", 120, "Læsesalen",
        [TG.ADULTS, TG.SENIORS], ["frivillighed"],
        [("partner", "Røde Kors Tårnby", None, True)],
        {},
        "Vi strikker huer og tæpper til Røde Kors' genbrugsbutik. Garn og pinde er der. "
        "Begyndere er meget velkomne.",
    ),
    (
        "Erindringscafé: Kastrup i 50'erne",
        "vestamager", 5, "10:00", 120, "Caféen",
        [TG.SENIORS], ["samskabelse", "samarbejdsaftaler"],
        [FORENING, INGER],
        {},
        "Kom og del dine minder om Kastrup i 1950'erne. Foreningen tager gamle fotos og kort "
        "med. Der er kaffe og kage.",
    ),
    (
        "Sprogcafé: Øv dansk over en kop kaffe",
        "hovedbiblioteket", 6, "16:30", 90, "Caféen",
        [TG.ADULTS], ["frivillighed"],
        [("volunteer", "Karim Haddad", None, True)],
        {},
        "Frivillige samtalepartnere hjælper dig med at øve dansk i et roligt tempo. Alle "
        "niveauer.",
    ),
    (
        "Bogbussen: Højtlæsning på Plejecenter Ugandavej",
        "bogbussen", 7, "13:00", 60, "Plejecenter Ugandavej, fælleslokalet",
        [TG.SENIORS], [],
        [],
        {},
        "Bogbussen kommer forbi med noveller og digte til højtlæsning – og med lydbøger til "
        "udlån.",
    ),
    (
        "Bogbussen: Eventyrtime på Tårnby Skole",
        "bogbussen", 8, "09:30", 45, "Tårnby Skole, indskolingen",
        [TG.CHILDREN_6_14], [],
        [],
        {},
        "Eventyr og billedbøger for 0.-2. klasse i og ved bogbussen.",
    ),
    (
        "Makerspace: Byg din egen robot",
        "hovedbiblioteket", 9, "13:00", 150, "Makerspace",
        [TG.CHILDREN_6_14, TG.FAMILIES], ["samskabelse"],
        [("citizen", "Jonas Madsen", None, True)],
        {},
        "Byg og programmér en lille robot med micro:bit. For børn fra 9 år sammen med en voksen. "
        "Jonas fra Amager Kodeklub viser hvordan.",
    ),
    (
        "Værksted for personalet: Værktøjskassen i praksis",
        "hovedbiblioteket", 10, "13:00", 120, "Mødelokale 2",
        [], ["kompetenceudvikling-og-vaerktoejskasse", "samskabelse"],
        [("staff", "Ahmed Rahimi", "koordinator", False)],
        {"public": False},
        "Internt værksted: vi afprøver tre metoder fra værktøjskassen på rigtige borgeridéer.",
    ),
    (
        "Informationsmøde for nye frivillige",
        "vestamager", 11, "17:00", 90, "Caféen",
        [TG.ADULTS, TG.SENIORS], ["frivillighed"],
        [("staff", "Sofie Nielsen", "tovholder", True)],
        {},
        "Hør om bibliotekets model for frivillighed, de opgaver du kan være med til, og hvordan "
        "vi tager godt imod dig.",
    ),
    (
        "Foredrag: Kastrup Fort gennem 100 år",
        "hovedbiblioteket", 12, "19:00", 90, "Salen, 1. sal",
        [TG.ADULTS, TG.SENIORS], ["samarbejdsaftaler"],
        [FORENING],
        {},
        "Lokalhistorikere fortæller om fortet fra 1880'erne til i dag – med billeder fra "
        "foreningens arkiv.",
    ),
    (
        "Læsekreds: Nordiske krimier",
        "korsvejen", 14, "17:00", 90, "Læsesalen",
        [TG.ADULTS], [],
        [],
        {},
        "Vi taler om månedens krimi. Bogen kan lånes på biblioteket. Ny? Kom bare.",
    ),
    (
        "Forfatteraften med lokal krimiforfatter",
        "hovedbiblioteket", 15, "19:30", 90, "Salen, 1. sal",
        [TG.ADULTS], [],
        [],
        {"cancelled": "Forfatteren er desværre blevet syg. Vi finder en ny dato."},
        "En aften om mord, Amager og skrivehåndværket.",
    ),
    (
        "Rockcafé: Lokale bands på scenen",
        "hovedbiblioteket", 16, "19:30", 150, "Scenen i foyeren",
        [TG.YOUNG_15_24], ["samskabelse"],
        [("citizen", "Freja Kristensen", None, True)],
        {},
        "Unge bands fra Tårnby spiller – arrangeret af unge for unge. Freja og hendes band står "
        "for programmet.",
    ),
    (
        "Familielørdag: Tøjbyt og reparationscafé",
        "vestamager", 17, "10:00", 180, "Hele biblioteket",
        [TG.FAMILIES], ["samskabelse"],
        [("partner", "Tårnby Genbrugsforening", None, True)],
        {},
        "Byt børnetøj, få lappet cyklen og lær at sy en knap i. For hele familien.",
    ),
    (
        "Bogbussen: Sommertur til Kastrup Strandpark",
        "bogbussen", 19, "14:00", 120, "Kastrup Strandpark, ved indgangen",
        [TG.EVERYONE], [],
        [],
        {"cancelled": "Bogbussen er på værksted. Vi kommer igen om 14 dage."},
        "Lån strandlæsning direkte fra bussen.",
    ),
    (
        "Digital hjælp: Kom godt i gang med MitID",
        "korsvejen", 20, "10:00", 120, "Læsesalen",
        [TG.SENIORS], ["frivillighed"],
        [("volunteer", "Poul Andersen", None, True)],
        {},
        "Frivillige hjælper med MitID, e-Boks og borger.dk. Tag din telefon med.",
    ),
    (
        "Skriveværksted for unge",
        "hovedbiblioteket", 23, "16:00", 120, "Makerspace",
        [TG.YOUNG_15_24], ["samskabelse"],
        [],
        {},
        "Skriv noveller, digte eller sangtekster sammen med andre unge. Vi læser op for hinanden "
        "til sidst, hvis du har lyst.",
    ),
    (
        "Fællesspisning og bogsnak",
        "korsvejen", 26, "17:30", 120, "Læsesalen",
        [TG.EVERYONE], ["samskabelse"],
        [("citizen", "Korsvejens madklub", None, True)],
        {},
        "Madklubben laver mad, biblioteket står for bøgerne. Tilmelding ved skranken.",
    ),
    (
        "Erindringscafé: Havnen og lufthavnen",
        "vestamager", 33, "10:00", 120, "Caféen",
        [TG.SENIORS], ["samskabelse", "samarbejdsaftaler"],
        [FORENING, INGER],
        {},
        "Fra fiskerlejet til Kastrup Lufthavn: kom og fortæl, hvordan det var.",
    ),
    (
        "Koncert: Tårnby Musikskole spiller",
        "hovedbiblioteket", 40, "15:00", 60, "Scenen i foyeren",
        [TG.EVERYONE, TG.FAMILIES], ["samarbejdsaftaler"],
        [("partner", "Tårnby Musikskole", None, True)],
        {},
        "Musikskolens elever giver koncert midt i biblioteket. Gratis, ingen tilmelding.",
    ),
    # --- Held -------------------------------------------------------------------------------
    (
        "Sprogcafé: Første gang",
        "hovedbiblioteket", -1, "16:30", 90, "Caféen",
        [TG.ADULTS], ["frivillighed"],
        [("volunteer", "Karim Haddad", None, True)],
        {},
        "Den første sprogcafé med de nye frivillige.",
    ),
    (
        "Bogbussen: Højtlæsning på Pilegården",
        "bogbussen", -2, "10:00", 60, "Pilegården, fælleshuset",
        [TG.SENIORS], [],
        [],
        {},
        "Højtlæsning og udlån i Pilegårdens fælleshus.",
    ),
    (
        "Erindringscafé: Skoletiden i Tårnby",
        "vestamager", -6, "10:00", 120, "Caféen",
        [TG.SENIORS], ["samskabelse"],
        [FORENING, INGER],
        {
            "attendance": (18, 0),
            "evaluation": "Livlig snak og mange gamle klassebilleder. Foreningen vil gerne "
            "gentage det hver måned.",
        },
        "Hvordan var det at gå i skole i Tårnby? Tag dine klassebilleder med.",
    ),
    (
        "Babysalmesang: Efterårets første gang",
        "hovedbiblioteket", -9, "10:00", 45, "Børnebiblioteket",
        [TG.CHILDREN_0_5, TG.FAMILIES], [],
        [("partner", "Tårnby Kirke", None, True)],
        {"attendance": (23, 11), "evaluation": "Fuldt hus. Vi skal have et hold mere."},
        "Sang, rim og bevægelse for de mindste.",
    ),
    (
        "Lektiecafé: Opstart",
        "vestamager", -10, "15:00", 120, "Studieområdet",
        [TG.CHILDREN_6_14], ["frivillighed"],
        [("volunteer", "Mette Jensen", "borger", False)],
        {"attendance": (14, 12), "evaluation": "To frivillige var for lidt. Vi skal være tre."},
        "Første lektiecafé efter ferien.",
    ),
    (
        "Scenen er din: Rejsen til Grønland",
        "hovedbiblioteket", -13, "19:00", 90, "Salen, 1. sal",
        [TG.ADULTS, TG.SENIORS], ["samskabelse"],
        [INGER],
        {
            "attendance": (41, 2),
            "evaluation": "Stor succes. Tre i salen meldte sig som fortællere næste gang.",
        },
        "En borger fortæller om et år som lærer i Sisimiut.",
    ),
    (
        "Makerspace: Lav din egen podcast",
        "hovedbiblioteket", -16, "13:00", 150, "Makerspace",
        [TG.CHILDREN_6_14, TG.YOUNG_15_24], ["samskabelse"],
        [],
        {"attendance": (16, 9), "evaluation": ""},
        "Lær at optage og klippe en podcast på en eftermiddag.",
    ),
    (
        "Strikkeklub: Opstartsmøde",
        "korsvejen", -20, "16:00", 120, "Læsesalen",
        [TG.ADULTS, TG.SENIORS], ["frivillighed"],
        [("partner", "Røde Kors Tårnby", None, True)],
        {"attendance": (11, 0), "evaluation": "God start. Klubben mødes nu hver uge."},
        "Vi starter en strikkeklub. Kom med idéer.",
    ),
    (
        "Temadag for personalet: Samskabelse i praksis",
        "hovedbiblioteket", -25, "09:00", 360, "Salen, 1. sal",
        [], ["kompetenceudvikling-og-vaerktoejskasse", "samskabelse"],
        [("staff", "Birgitte Dahl", "chef", False)],
        {
            "public": False,
            "attendance": (22, 0),
            "evaluation": "Vi har prøvet fire metoder og valgt to til værktøjskassen.",
        },
        "Intern temadag om procesfacilitering og værtskab.",
    ),
]
# fmt: on


def _at(days: int, clock: str) -> datetime.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed(*, users: dict, branches: dict) -> list[Activity]:
    """Create or refresh the demo activities. `users` and `branches` come from seed_demo."""
    target_groups = {group.kind: group for group in TargetGroup.objects.all()}
    focus_areas = {area.slug: area for area in FocusArea.objects.all()}
    now = timezone.now()
    creator = users.get("medarbejder")
    activities = []
    for (
        title,
        branch_key,
        days,
        clock,
        minutes,
        place,
        groups,
        areas,
        cohosts,
        extra,
        description,
    ) in ACTIVITIES:
        starts_at = _at(days, clock)
        attendance = extra.get("attendance")
        cancelled = extra.get("cancelled", "")
        if cancelled:
            status = ActivityStatus.CANCELLED
        elif attendance:
            status = ActivityStatus.HELD
        else:
            status = ActivityStatus.PLANNED
        # Found again by title among the activities no initiative owns: the initiatives demo
        # makes its own activities, and a shared title must not make this one ambiguous.
        # (Looked up first, then saved: PostgreSQL cannot lock the outer join that an
        # update_or_create on initiatives__isnull would need.)
        fields = {
            "description": description,
            "branch": branches[branch_key],
            "place": place,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(minutes=minutes),
            "is_public": extra.get("public", True),
            "status": status,
            "cancel_reason": cancelled,
            "attendance_total": attendance[0] if attendance else None,
            "attendance_children": attendance[1] if attendance else None,
            "evaluation": extra.get("evaluation", ""),
            "attendance_recorded_at": now if attendance else None,
            "attendance_recorded_by": users.get("tovholder") if attendance else None,
            "created_by": creator,
        }
        activity = Activity.objects.filter(title=title, initiatives__isnull=True).first()
        if activity is None:
            activity = Activity.objects.create(title=title, **fields)
        else:
            for field, value in fields.items():
                setattr(activity, field, value)
            activity.save()
        activity.target_groups.set(
            [target_groups[kind] for kind in groups if kind in target_groups]
        )
        activity.focus_areas.set([focus_areas[slug] for slug in areas if slug in focus_areas])
        activity.cohosts.all().delete()
        rows = []
        for kind, name, user_key, shown in cohosts:
            user = users.get(user_key) if user_key else None
            rows.append(
                ActivityCoHost(
                    activity=activity,
                    kind=CoHostKind(kind),
                    name=user.name if user and user.name else name,
                    user=user,
                    show_publicly=shown,
                )
            )
        ActivityCoHost.objects.bulk_create(rows)
        activities.append(activity)
    return activities
