"""Experience logs and what the card and the initiative page show from them."""

import datetime

import pytest

from tests.activities.factories import ActivityFactory
from tests.initiatives.staff_support import make_initiative
from tests.toolbox.factories import ItemFactory, LogFactory, MethodFactory, PlanFactory
from toolbox.models import ExperienceLog
from toolbox.services import ToolboxError
from toolbox.services.logs import log_create, method_usage, methods_used_for_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def method():
    return MethodFactory(title="World Café", slug="world-cafe")


def test_usage_counts_averages_places_and_latest(method, staff_user):
    initiative = make_initiative(title="Kulturbazar")
    activity = ActivityFactory(title="Borgermøde i Kastrup")
    LogFactory(method=method, rating=5, initiative=initiative, date=datetime.date(2026, 9, 1))
    LogFactory(method=method, rating=4, initiative=initiative, date=datetime.date(2026, 10, 1))
    LogFactory(method=method, rating=2, activity=activity, date=datetime.date(2026, 10, 5))
    LogFactory(
        method=method, rating=4, date=datetime.date(2026, 11, 2), what_worked="Nyeste læring"
    )
    LogFactory(rating=1)  # another method's log counts for that method only
    usage = method_usage(method)
    assert usage["times_used"] == 4
    assert usage["average_rating"] == 3.8  # (5 + 4 + 2 + 4) / 4 = 3.75
    assert [(r["initiative__title"], r["times"]) for r in usage["initiatives"]] == [
        ("Kulturbazar", 2)
    ]
    assert [(r["activity__title"], r["times"]) for r in usage["activities"]] == [
        ("Borgermøde i Kastrup", 1)
    ]
    assert [log.date.day for log in usage["latest"]] == [2, 5, 1]  # newest three
    assert usage["latest"][0].what_worked == "Nyeste læring"


def test_an_unused_method_says_so(method, staff):
    assert method_usage(method)["times_used"] == 0
    html = staff.get(method.get_absolute_url()).content.decode()
    assert "Metoden er ikke brugt endnu" in html


def test_logging_through_the_card_shows_on_the_card(method, staff, staff_user):
    initiative = make_initiative(title="Sprogcafé")
    response = staff.post(
        f"/personale/vaerktoejskasse/metoder/{method.slug}/log-erfaring/",
        {
            "date": "2026-11-20",
            "initiative": initiative.pk,
            "participants": "14",
            "participants_note": "Nye danskere",
            "what_worked": "Små borde gav tryghed.",
            "what_to_change": "Mere tid til sidste runde.",
            "rating": "4",
            "level_reached": "involve",
        },
    )
    assert response.status_code == 302
    log = ExperienceLog.objects.get()
    assert (log.author, log.initiative, log.rating, log.level_reached) == (
        staff_user,
        initiative,
        4,
        "involve",
    )
    html = staff.get(method.get_absolute_url()).content.decode()
    assert "Brugt 1 gang" in html
    assert "gennemsnitlig vurdering 4,0 af 5" in html
    assert "Små borde gav tryghed." in html and "Sprogcafé" in html


def test_a_log_from_a_plan_item_belongs_where_the_plan_belongs(method, staff_user):
    initiative = make_initiative(title="Erindringscafé")
    item = ItemFactory(plan=PlanFactory(owner=staff_user, initiative=initiative), method=method)
    log = log_create(
        method=method,
        acting_user=staff_user,
        date=datetime.date(2026, 11, 1),
        rating=5,
        session_item=item,
        what_worked="x",
    )
    assert log.initiative == initiative
    assert methods_used_for_initiative(initiative) == [
        {"slug": "world-cafe", "title": "World Café", "times": 1, "average": 5.0}
    ]


def test_the_initiative_page_shows_methods_used_there(method, staff):
    initiative = make_initiative(title="Lektiecafé")
    activity = ActivityFactory()
    initiative.activities.add(activity)
    LogFactory(method=method, initiative=initiative, rating=3)
    LogFactory(method=method, activity=activity, rating=5)
    html = staff.get(f"/personale/initiativer/{initiative.pk}/").content.decode()
    assert "Metoder brugt her" in html
    assert "World Café</a> – brugt 2 gange, vurdering 4,0 af 5" in html


def test_the_activity_page_shows_the_methods_used_at_that_activity(method, staff):
    activity = ActivityFactory()
    LogFactory(method=method, activity=activity, rating=4)
    LogFactory(method=method, activity=activity, rating=5)
    LogFactory(method=MethodFactory(title="Open Space", slug="open-space"), rating=1)

    html = staff.get(f"/personale/aktiviteter/{activity.pk}/").content.decode()

    assert "Metoder brugt her" in html
    assert "World Café</a> – brugt 2 gange, vurdering 4,5 af 5" in html
    assert "Open Space" not in html


def test_missing_rating_and_learning_are_shown_next_to_the_fields(method, staff):
    response = staff.post(
        f"/personale/vaerktoejskasse/metoder/{method.slug}/log-erfaring/",
        {"date": "2026-11-20", "participants_note": "Borgere"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv mindst, hvad der virkede, eller hvad I vil ændre." in html
    assert 'value="Borgere"' in html
    assert not ExperienceLog.objects.exists()


def test_rating_outside_one_to_five_is_refused(method, staff_user):
    with pytest.raises(ToolboxError):
        log_create(method=method, acting_user=staff_user, date=datetime.date.today(), rating=6)
