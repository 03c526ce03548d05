"""Demo organisation: the Tårnby library, its branches, teams, focus areas and one user per
role. Called by `manage.py seed_demo`; idempotent (updates the same rows)."""

import datetime

from allauth.account.models import EmailAddress

from accounts.models import Role, User
from organisation.models import Branch, BranchKind, FocusArea, FocusTarget, Library, Team

DEMO_PASSWORD = "sammen-demo"

DEMO_USERS = [
    # email, name, role, title
    ("borger@sammen.test", "Mette Jensen", Role.CITIZEN, ""),
    ("medarbejder@sammen.test", "Lars Holm", Role.STAFF, "Bibliotekar"),
    ("tovholder@sammen.test", "Sofie Nielsen", Role.STAFF, "Filialleder, Vestamager"),
    ("koordinator@sammen.test", "Ahmed Rahimi", Role.STAFF, "Kulturformidler"),
    ("chef@sammen.test", "Birgitte Dahl", Role.MANAGER, "Bibliotekschef"),
    ("admin@sammen.test", "IT-afdelingen", Role.ADMINISTRATOR, "Systemadministrator"),
]

ROLE_DESCRIPTIONS = {
    "borger@sammen.test": "borger",
    "medarbejder@sammen.test": "medarbejder",
    "tovholder@sammen.test": "medarbejder, tovholder for Vestamager Bibliotek",
    "koordinator@sammen.test": "medarbejder, koordinator for holdet Fællesskaber og frivillige",
    "chef@sammen.test": "chef",
    "admin@sammen.test": "administrator (også Django-admin)",
}

BRANCHES = [
    {
        "slug": "hovedbiblioteket",
        "name": "Hovedbiblioteket",
        "kind": BranchKind.MAIN,
        "address": "Kastruplundgade 15",
        "postcode": "2770",
        "city": "Kastrup",
        "phone": "32 46 05 00",
        "email": "hovedbiblioteket@sammen.test",
        "opening_hours": "Man-tor 10-19\nFre 10-17\nLør 10-14\nSelvbetjent alle dage 7-22",
        "description": "Kommunens største bibliotek med scene, makerspace og studiepladser.",
    },
    {
        "slug": "vestamager",
        "name": "Vestamager Bibliotek",
        "kind": BranchKind.BRANCH,
        "address": "Ugandavej 111",
        "postcode": "2770",
        "city": "Kastrup",
        "phone": "32 46 05 60",
        "email": "vestamager@sammen.test",
        "opening_hours": "Man-fre 12-18\nLør 10-13\nSelvbetjent alle dage 7-22",
        "description": "Lokalbibliotek med lektiecafé og erindringscafé.",
    },
    {
        "slug": "korsvejen",
        "name": "Korsvejens Bibliotek",
        "kind": BranchKind.BRANCH,
        "address": "Korsvejen 26",
        "postcode": "2770",
        "city": "Kastrup",
        "phone": "32 46 05 70",
        "email": "korsvejen@sammen.test",
        "opening_hours": "Tir og tor 13-18\nSelvbetjent alle dage 7-22",
        "description": "Det lille bibliotek med de store fællesskaber: strikkeklub og læsegrupper.",
    },
    {
        "slug": "bogbussen",
        "name": "Bogbussen",
        "kind": BranchKind.MOBILE,
        "address": "",
        "postcode": "",
        "city": "",
        "phone": "32 46 05 90",
        "email": "bogbussen@sammen.test",
        "opening_hours": (
            "Mandag: Tårnby Skole 9-11, Plejecenter Ugandavej 13-14\n"
            "Onsdag: Pilegården 10-12, Kastrup Strandpark 14-16"
        ),
        "description": "Kommer til skoler, plejecentre og boligområder hver uge.",
    },
]

FOCUS_AREAS = [
    {
        "slug": "samskabelse",
        "name": "Samskabelse",
        "summary": "Vi afprøver forskellige former for samskabelse for at skabe et endnu bedre "
        "bibliotekstilbud for så mange borgere som muligt.",
        "description": "Samskabelse tager udgangspunkt i mødet med borgerne: i den daglige dialog "
        "og i den opsøgende, målrettede dialog i projekter. Borgeren er medskaber af egen velfærd "
        "inden for kultur, viden og læring, og resultatet er aktiviteter og tilbud til gavn og "
        "glæde for flere borgere.",
        "targets": [
            ("Arrangementer skabt sammen med borgere", 60, "arrangementer", "year"),
            ("Børn, der deltager i arrangementer", 10000, "børn", "year"),
        ],
    },
    {
        "slug": "frivillighed",
        "name": "Frivillighed",
        "summary": "Vi udvikler og beskriver en model for frivillighed, der kan bruges til "
        "gensidig forventningsafstemning mellem biblioteket og de frivillige.",
        "description": "Modellen tager udgangspunkt i bibliotekets formål og i de frivilliges "
        "ønske om at bidrage. Frivillige supplerer og erstatter aldrig bibliotekets ansatte.",
        "targets": [
            ("Aktive frivillige", 40, "frivillige", "year"),
            ("Frivillige med en underskrevet forventningsafstemning", 100, "procent", "year"),
        ],
    },
    {
        "slug": "samarbejdsaftaler",
        "name": "Samarbejdsaftaler",
        "summary": "Vi undersøger modeller for samarbejdsaftaler, og hvornår det er relevant at "
        "formalisere samarbejdet med andre aktører.",
        "description": "Formaliserede samarbejdsaftaler danner grundlag for gensidig "
        "forventningsafstemning om indhold, omfang og ansvarsfordeling, og synliggør biblioteket "
        "som samarbejdspartner.",
        "targets": [("Underskrevne samarbejdsaftaler", 15, "aftaler", "strategy")],
    },
    {
        "slug": "kompetenceudvikling-og-vaerktoejskasse",
        "name": "Kompetenceudvikling og værktøjskasse",
        "summary": "Vi samler en værktøjskasse med metoder til samskabelse og styrker "
        "medarbejdernes kompetencer i procesfacilitering, værtskab og samskabelse.",
        "description": "Værktøjskassen rummer metoder til samskabelse med borgerne og til "
        "samarbejde med frivillige og andre aktører. Kompetenceudvikling i procesfacilitering, "
        "projektledelse, relationskompetence, værtskab og samskabelse prioriteres.",
        "targets": [
            ("Metoder i værktøjskassen", 30, "metoder", "strategy"),
            ("Medarbejdere trænet i procesfacilitering", 20, "medarbejdere", "strategy"),
        ],
    },
]


def _users() -> dict[str, User]:
    users = {}
    for email, name, role, title in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "role": role, "title": title}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.name, user.role, user.title = name, role, title
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[email.split("@")[0]] = user
    return users


def _library():
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.municipality = "Tårnby Kommune"
    library.address = "Kastruplundgade 15"
    library.postcode = "2770"
    library.city = "Kastrup"
    library.email = "biblioteket@sammen.test"
    library.phone = "32 46 05 00"
    library.website = "https://bibliotek.sammen.test"
    library.cvr = "11223344"
    library.ean = "5798000123456"
    library.dpo_email = "dpo@sammen.test"
    library.save()


def _branches(users) -> dict[str, Branch]:
    leads = {"vestamager": users["tovholder"], "hovedbiblioteket": users["chef"]}
    branches = {}
    for data in BRANCHES:
        branch, _created = Branch.objects.update_or_create(
            slug=data["slug"], defaults={**data, "tovholder": leads.get(data["slug"])}
        )
        branches[data["slug"]] = branch
    return branches


def _teams(users, branches):
    teams = [
        (
            "Børn og familier",
            "Arrangementer, læseklubber og workshops for børn 0-14 år og deres familier.",
            branches["hovedbiblioteket"],
            users["medarbejder"],
            [users["medarbejder"], users["tovholder"]],
        ),
        (
            "Fællesskaber og frivillige",
            "Sprogcafé, erindringscafé, lektiecafé og bibliotekets frivillige.",
            None,
            users["koordinator"],
            [users["koordinator"], users["medarbejder"]],
        ),
        (
            "Scenen er din",
            "Borgere holder foredrag, læser op og optræder på bibliotekets scener.",
            branches["vestamager"],
            users["tovholder"],
            [users["tovholder"], users["koordinator"]],
        ),
    ]
    for name, description, branch, koordinator, members in teams:
        team, _created = Team.objects.update_or_create(
            name=name,
            defaults={"description": description, "branch": branch, "koordinator": koordinator},
        )
        team.members.set(members)


def _focus_areas():
    for order, data in enumerate(FOCUS_AREAS):
        area, _created = FocusArea.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "summary": data["summary"],
                "description": data["description"],
                "starts_on": datetime.date(2025, 1, 1),
                "ends_on": datetime.date(2028, 12, 31),
                "order": order,
            },
        )
        for position, (description, value, unit, period) in enumerate(data["targets"]):
            FocusTarget.objects.update_or_create(
                focus_area=area,
                description=description,
                defaults={
                    "target_value": value,
                    "unit": unit,
                    "period": period,
                    "order": position,
                },
            )


def seed() -> tuple[dict[str, User], dict[str, Branch]]:
    users = _users()
    _library()
    branches = _branches(users)
    _teams(users, branches)
    _focus_areas()
    return users, branches


def login_lines() -> list[str]:
    return [f"  {email:<28} {ROLE_DESCRIPTIONS[email]}" for email, _n, _r, _t in DEMO_USERS]
