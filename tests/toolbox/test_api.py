"""The toolbox API: methods (staff all, the public published cards only when the library shows
them), session plans and experience logs (staff only); query counts that do not grow."""

import pytest

from tests.toolbox.factories import ItemFactory, LogFactory, MethodFactory, PlanFactory
from toolbox.models import MethodStatus, ToolboxSettings

pytestmark = pytest.mark.django_db

METHODS = "/api/methods/"
PLANS = "/api/session-plans/"
LOGS = "/api/experience-logs/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def cards():
    a = MethodFactory(slug="world-cafe", title="World Café", areas=["vaertskab"])
    b = MethodFactory(slug="walk", title="Walk and talk", category="dialogue_hosting")
    a.related.add(b)
    MethodFactory(slug="kladde", title="Kladde", status=MethodStatus.DRAFT)
    return a


def test_staff_see_every_card_in_the_exchange_shape(staff, cards):
    assert slugs(staff.get(METHODS)) == ["kladde", "walk", "world-cafe"]
    card = staff.get(f"{METHODS}world-cafe/").json()
    assert card["related"] == ["walk"]
    assert card["competence_areas"] == ["vaertskab"]
    assert card["steps"] == [
        {"title": "Velkomst", "description": "", "minutes": 10},
        {"title": "Samtale", "description": "", "minutes": 20},
    ]
    assert card["url"].endswith("/personale/vaerktoejskasse/metoder/world-cafe/")


def test_the_browsers_filters_work_in_the_api(staff, cards):
    assert slugs(staff.get(METHODS, {"category": "dialogue_hosting"})) == ["walk"]
    assert slugs(staff.get(METHODS, {"area": "vaertskab"})) == ["world-cafe"]
    assert slugs(staff.get(METHODS, {"q": "samtale", "setting": "online"})) == []


def test_the_public_gets_404_unless_the_library_shows_cards(anonymous, citizen, cards):
    assert anonymous.get(METHODS).status_code == 404
    assert citizen.get(f"{METHODS}world-cafe/").status_code == 404
    ToolboxSettings.objects.create(public_methods=True)
    assert slugs(anonymous.get(METHODS)) == ["walk", "world-cafe"]
    card = anonymous.get(f"{METHODS}world-cafe/").json()
    assert card["url"] == "http://testserver/metoder/world-cafe/"
    assert anonymous.get(f"{METHODS}kladde/").status_code == 404


def test_plans_and_logs_are_staff_only(anonymous, citizen, staff, staff_user, cards):
    plan = PlanFactory(owner=staff_user, title="Borgermøde")
    ItemFactory(plan=plan, method=cards, minutes=45)
    ItemFactory(plan=plan, method=None, kind="break", title="Pause", minutes=15)
    LogFactory(method=cards, rating=5)
    for url in (PLANS, LOGS):
        assert anonymous.get(url).status_code in (401, 403)
        assert citizen.get(url).status_code == 404
    row = staff.get(PLANS).json()["results"][0]
    assert (row["title"], row["total_minutes"], row["ends_at"]) == ("Borgermøde", 60, "14:30")
    assert [i["method"] for i in row["items"]] == ["world-cafe", None]
    logs = staff.get(LOGS, {"method": "world-cafe"}).json()["results"]
    assert [(log["method"], log["rating"]) for log in logs] == [("world-cafe", 5)]


def test_the_api_is_read_only(staff, cards):
    assert staff.post(METHODS, {"slug": "x"}).status_code == 405
    assert staff.delete(f"{METHODS}world-cafe/").status_code == 405


def test_the_endpoints_are_in_the_openapi_schema(staff):
    paths = staff.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in [
        "/api/methods/",
        "/api/methods/{slug}/",
        "/api/session-plans/",
        "/api/experience-logs/",
    ]:
        assert path in paths


@pytest.mark.parametrize("rows", [1, 50])
def test_method_list_query_count(staff, rows, django_assert_max_num_queries):
    for _ in range(rows):
        method = MethodFactory(areas=["vaertskab", "relational"])
        method.related.add(MethodFactory())
    # 7 queries: session and user; the count; the cards; their steps, related cards and
    # competence areas (one prefetch each).
    with django_assert_max_num_queries(7):
        response = staff.get(METHODS)
    assert len(response.json()["results"]) == min(rows * 2, 50)


@pytest.mark.parametrize("rows", [1, 50])
def test_public_method_list_query_count(anonymous, rows, django_assert_max_num_queries):
    ToolboxSettings.objects.create(public_methods=True)
    for _ in range(rows):
        MethodFactory(areas=["vaertskab"])
    # 6 queries: the toolbox settings; the count; the cards; their steps, related cards and
    # competence areas (no session for an anonymous person).
    with django_assert_max_num_queries(6):
        response = anonymous.get(METHODS)
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_plan_and_log_list_query_counts(staff, staff_user, rows, django_assert_max_num_queries):
    for _ in range(rows):
        plan = PlanFactory(owner=staff_user)
        ItemFactory(plan=plan)
        LogFactory(method=plan.items.first().method)
    # 5 queries each: session and user; the count; the plans with their owner / the logs with
    # method and author; the items with their method / the logs' target groups.
    with django_assert_max_num_queries(5):
        assert len(staff.get(PLANS).json()["results"]) == rows
    with django_assert_max_num_queries(5):
        assert len(staff.get(LOGS).json()["results"]) == rows
