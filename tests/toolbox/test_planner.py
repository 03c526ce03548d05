"""The session planner: the running clock, the total, merged materials and reordering."""

import datetime
import re
from html import unescape

import pytest

from tests.toolbox.factories import MethodFactory, PlanFactory
from toolbox.models import ItemKind, SessionItem
from toolbox.services import ToolboxError
from toolbox.services.plans import item_add, item_move, item_remove, merged_materials, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(staff_user):
    return PlanFactory(owner=staff_user, title="Borgermøde", start_time=datetime.time(13, 30))


@pytest.fixture
def world_cafe():
    return MethodFactory(
        title="World Café",
        steps=[("Velkomst", 10), ("Runder", 45), ("Opsamling", 20)],
        materials=["Papirduge", "Tusser", "Kaffe"],
    )


@pytest.fixture
def dot_voting():
    return MethodFactory(
        title="Prikafstemning", steps=[("Stem", 15)], materials=["tusser ", "Prikker"]
    )


def test_a_method_gets_its_steps_time_and_a_break_its_own(plan, staff_user, world_cafe):
    item = item_add(plan=plan, acting_user=staff_user, kind=ItemKind.METHOD, method=world_cafe)
    assert (item.title, item.minutes, item.order) == ("World Café", 75, 0)
    pause = item_add(plan=plan, acting_user=staff_user, kind=ItemKind.BREAK, minutes=15)
    assert (pause.title, pause.minutes, pause.order) == ("Pause", 15, 1)


def test_running_clock_and_total(plan, staff_user, world_cafe, dot_voting):
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.OTHER, title="Velkomst", minutes=15)
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.METHOD, method=world_cafe, minutes=60)
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.BREAK, minutes=15)
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.METHOD, method=dot_voting)
    rows, total, ends = schedule(plan, plan.items.all())
    assert [(r.item.title, r.starts, r.ends) for r in rows] == [
        ("Velkomst", "13:30", "13:45"),
        ("World Café", "13:45", "14:45"),
        ("Pause", "14:45", "15:00"),
        ("Prikafstemning", "15:00", "15:15"),
    ]
    assert (total, ends) == (105, "15:15")


def test_without_a_start_time_the_clock_counts_from_zero(plan, staff_user, world_cafe):
    plan.start_time = None
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.METHOD, method=world_cafe)
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.BREAK, minutes=15)
    rows, total, ends = schedule(plan, plan.items.all())
    assert [r.starts for r in rows] == ["+0:00", "+1:15"]
    assert ends == "+1:30"


def test_clock_passes_midnight(plan, staff_user):
    plan.start_time = datetime.time(23, 30)
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.OTHER, title="Nattevagt", minutes=45)
    assert schedule(plan, plan.items.all())[2] == "00:15"


def test_materials_are_merged_once_each_with_the_methods_that_need_them(
    plan, staff_user, world_cafe, dot_voting
):
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.METHOD, method=world_cafe)
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.BREAK, minutes=10)
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.METHOD, method=dot_voting)
    item_add(plan=plan, acting_user=staff_user, kind=ItemKind.METHOD, method=world_cafe)
    items = list(plan.items.select_related("method"))
    assert merged_materials(items) == [
        {"name": "Papirduge", "methods": ["World Café"]},
        {"name": "Tusser", "methods": ["World Café", "Prikafstemning"]},
        {"name": "Kaffe", "methods": ["World Café"]},
        {"name": "Prikker", "methods": ["Prikafstemning"]},
    ]


def _order(plan):
    return list(plan.items.order_by("order").values_list("title", flat=True))


def test_move_up_and_down_and_remove(plan, staff_user):
    for title in ["A", "B", "C"]:
        item_add(plan=plan, acting_user=staff_user, kind=ItemKind.OTHER, title=title, minutes=5)
    a, b, c = plan.items.order_by("order")
    item_move(item=c, acting_user=staff_user, direction="up")
    assert _order(plan) == ["A", "C", "B"]
    item_move(item=SessionItem.objects.get(pk=a.pk), acting_user=staff_user, direction="down")
    assert _order(plan) == ["C", "A", "B"]
    item_move(item=SessionItem.objects.get(pk=c.pk), acting_user=staff_user, direction="up")
    assert _order(plan) == ["C", "A", "B"]  # already first
    item_remove(item=SessionItem.objects.get(pk=a.pk), acting_user=staff_user)
    assert list(plan.items.order_by("order").values_list("title", "order")) == [("C", 0), ("B", 1)]


def test_bad_minutes_are_refused(plan, staff_user):
    with pytest.raises(ToolboxError):
        item_add(plan=plan, acting_user=staff_user, kind=ItemKind.OTHER, title="X", minutes=0)
    with pytest.raises(ToolboxError):
        item_add(plan=plan, acting_user=staff_user, kind=ItemKind.METHOD, method=None)


# --- Through the pages --------------------------------------------------------------------


def rows_of(response) -> list[tuple[str, str]]:
    html = unescape(response.content.decode())
    body = html[html.index("<tbody>", html.index("plan-items")) :]
    return [
        (clock, title.strip())
        for clock, title in re.findall(
            r'<td class="nowrap">([\d:+]+–[\d:+]+)</td>\s*<td>(?:<a [^>]+>)?([^<]+)', body
        )
    ]


def test_staff_build_a_plan_in_the_browser(staff, world_cafe):
    response = staff.post(
        "/personale/vaerktoejskasse/planer/ny/",
        {
            "title": "Idéværksted",
            "date": "2026-12-03",
            "start_time": "17:00",
            "audience": "Borgere",
        },
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    add_url = plan_url + "punkter/"
    staff.post(add_url, {"kind": "method", "method": world_cafe.pk})
    staff.post(add_url, {"kind": "break", "minutes": "15"})
    staff.post(add_url, {"kind": "other", "title": "Tak for i dag", "minutes": "5"})
    page = staff.get(plan_url)
    assert rows_of(page) == [
        ("17:00–18:15", "World Café"),  # its steps: 10 + 45 + 20 minutes
        ("18:15–18:30", "Pause"),
        ("18:30–18:35", "Tak for i dag"),
    ]
    html = page.content.decode()
    assert "I alt 1 t 35 min" in html
    assert "<li>Papirduge <span" in html and "<li>Kaffe <span" in html

    pause = SessionItem.objects.get(title="Pause")
    staff.post(f"/personale/vaerktoejskasse/punkter/{pause.pk}/flyt/", {"direction": "up"})
    staff.post(
        f"/personale/vaerktoejskasse/punkter/{pause.pk}/rediger/",
        {"title": "Kaffepause", "minutes": "20", "notes": ""},
    )
    assert rows_of(staff.get(plan_url)) == [
        ("17:00–17:20", "Kaffepause"),
        ("17:20–18:35", "World Café"),
        ("18:35–18:40", "Tak for i dag"),
    ]


def test_a_missing_minutes_value_is_shown_next_to_the_field(staff, staff_user):
    plan = PlanFactory(owner=staff_user)
    response = staff.post(
        f"/personale/vaerktoejskasse/planer/{plan.pk}/punkter/", {"kind": "break"}
    )
    assert response.status_code == 400
    assert "Skriv, hvor mange minutter punktet varer." in response.content.decode()
    assert not plan.items.exists()


def test_add_to_plan_from_the_card_makes_a_new_plan(staff, staff_user, world_cafe):
    response = staff.post(
        f"/personale/vaerktoejskasse/metoder/{world_cafe.slug}/tilfoej-til-plan/",
        {"plan": "", "new_title": "Min nye plan"},
    )
    plan = staff_user.session_plans.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.title == "Min nye plan"
    assert [i.method for i in plan.items.all()] == [world_cafe]
