"""Who may do what in the toolbox: anonymous → login, citizen → 404, staff who may read but
not change → 403, GET on a POST-only page → 405; the public cards only when the library shows
them; and list pages whose query count does not grow with their rows."""

import pytest

from tests.toolbox.factories import ItemFactory, LogFactory, MethodFactory, PlanFactory
from toolbox.models import MethodStatus, SessionItem, SessionPlan, ToolboxSettings

pytestmark = pytest.mark.django_db

P = "/personale/vaerktoejskasse"


@pytest.fixture
def objects(staff_user):
    other = PlanFactory(title="Kollegaens plan")  # owned by another staff member
    method = MethodFactory(slug="world-cafe")
    item = ItemFactory(plan=other, method=method)
    log = LogFactory(method=method)  # written by another staff member
    return {"plan": other, "item": item, "method": method, "log": log}


def staff_pages(o):
    return [
        f"{P}/",
        f"{P}/ny-metode/",
        f"{P}/kortsaet.pdf",
        f"{P}/metoder/world-cafe/",
        f"{P}/metoder/world-cafe/rediger/",
        f"{P}/metoder/world-cafe/kort.pdf",
        f"{P}/metoder/world-cafe/log-erfaring/",
        f"{P}/planer/",
        f"{P}/planer/ny/",
        f"{P}/planer/{o['plan'].pk}/",
        f"{P}/planer/{o['plan'].pk}/dagsorden.pdf",
        f"{P}/punkter/{o['item'].pk}/log-erfaring/",
        f"{P}/eksport/",
        "/personale/kompetencer/",
    ]


def post_only(o):
    return [
        f"{P}/metoder/world-cafe/udgiv/",
        f"{P}/metoder/world-cafe/tilfoej-til-plan/",
        f"{P}/planer/{o['plan'].pk}/slet/",
        f"{P}/planer/{o['plan'].pk}/punkter/",
        f"{P}/punkter/{o['item'].pk}/flyt/",
        f"{P}/punkter/{o['item'].pk}/fjern/",
        f"{P}/erfaringer/{o['log'].pk}/slet/",
        f"{P}/import/bekraeft/",
    ]


def test_anonymous_people_are_sent_to_log_in(anonymous, objects):
    for url in (
        staff_pages(objects) + post_only(objects) + [f"{P}/import/", "/personale/kompetencer/team/"]
    ):
        response = anonymous.post(url) if url in post_only(objects) else anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/login/"), url


def test_citizens_get_404_everywhere_in_the_back_office(citizen, objects):
    for url in staff_pages(objects) + [f"{P}/import/", "/personale/kompetencer/team/"]:
        assert citizen.get(url).status_code == 404, url
    for url in post_only(objects):
        assert citizen.post(url).status_code == 404, url


def test_staff_read_every_page(staff, objects):
    for url in staff_pages(objects):
        assert staff.get(url).status_code == 200, url


def test_get_on_post_only_pages_is_405(staff, manager, objects):
    for url in post_only(objects):
        client = manager if "import" in url else staff  # importing is for managers (403 first)
        assert client.get(url).status_code == 405, url


def test_staff_may_not_change_someone_elses_plan(staff, objects):
    plan, item = objects["plan"], objects["item"]
    for url in [
        f"{P}/planer/{plan.pk}/rediger/",
        f"{P}/punkter/{item.pk}/rediger/",
    ]:
        assert staff.get(url).status_code == 403, url
        assert staff.post(url, {"title": "Overtaget", "minutes": "5"}).status_code == 403, url
    for url in [
        f"{P}/planer/{plan.pk}/slet/",
        f"{P}/planer/{plan.pk}/punkter/",
        f"{P}/punkter/{item.pk}/flyt/",
        f"{P}/punkter/{item.pk}/fjern/",
    ]:
        assert (
            staff.post(url, {"kind": "break", "minutes": "5", "direction": "up"}).status_code == 403
        ), url
    assert SessionPlan.objects.get(pk=plan.pk).title == "Kollegaens plan"
    assert SessionItem.objects.filter(plan=plan).count() == 1
    # The plan page offers no changes to a reader.
    html = staff.get(f"{P}/planer/{plan.pk}/").content.decode()
    assert "Tilføj et punkt" not in html and "Slet planen" not in html


def test_managers_change_any_plan(manager, objects):
    plan = objects["plan"]
    response = manager.post(f"{P}/planer/{plan.pk}/punkter/", {"kind": "break", "minutes": "5"})
    assert response.status_code == 302
    assert plan.items.count() == 2


def test_only_the_author_or_a_manager_deletes_a_log(staff, manager, objects):
    url = f"{P}/erfaringer/{objects['log'].pk}/slet/"
    assert staff.post(url).status_code == 403
    assert manager.post(url).status_code == 302


def test_staff_write_drafts_only_managers_publish(staff, manager, objects):
    draft = MethodFactory(slug="kladde", status=MethodStatus.DRAFT)
    assert staff.post(f"{P}/metoder/kladde/udgiv/").status_code == 403
    draft.refresh_from_db()
    assert draft.status == MethodStatus.DRAFT
    assert manager.post(f"{P}/metoder/kladde/udgiv/", {"publish": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == MethodStatus.PUBLISHED


def test_staff_create_a_card_as_a_draft_with_steps(staff):
    response = staff.post(
        f"{P}/ny-metode/",
        {
            "title": "Ønskebrønden",
            "summary": "Borgerne skriver ønsker på sedler.",
            "category": "cocreation_citizens",
            "participation_level": "consult",
            "duration_min": "20",
            "duration_max": "40",
            "group_min": "5",
            "group_max": "100",
            "facilitators": "1",
            "setting": "physical",
            "phases": ["ideas", "understand"],
            "materials": "Sedler\n\nEn brønd af pap\n",
            "competence_areas": [],
            "trin-TOTAL_FORMS": "2",
            "trin-INITIAL_FORMS": "0",
            "trin-0-title": "Ønsk",
            "trin-0-minutes": "15",
            "trin-1-title": "",
            "trin-1-minutes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from toolbox.models import Method

    method = Method.objects.get(slug="oenskebroenden")
    assert method.status == MethodStatus.DRAFT
    assert method.phases == ["understand", "ideas"]
    assert method.materials == ["Sedler", "En brønd af pap"]
    assert [(s.title, s.minutes) for s in method.steps.all()] == [("Ønsk", 15)]


def test_a_card_without_steps_and_with_a_backwards_duration_keeps_what_was_typed(staff):
    response = staff.post(
        f"{P}/ny-metode/",
        {
            "title": "Halv metode",
            "summary": "x",
            "category": "cocreation_citizens",
            "participation_level": "consult",
            "duration_min": "60",
            "duration_max": "30",
            "group_min": "5",
            "group_max": "10",
            "facilitators": "1",
            "setting": "physical",
            "trin-TOTAL_FORMS": "1",
            "trin-INITIAL_FORMS": "0",
            "trin-0-title": "",
            "trin-0-minutes": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "&#x27;Til&#x27; skal være mindst lige så lang som &#x27;fra&#x27;." in html
    assert "Metoden skal have mindst ét trin." in html
    assert 'value="Halv metode"' in html


# --- Public cards ---------------------------------------------------------------------------


def test_public_cards_are_404_unless_the_library_shows_them(anonymous, manager):
    MethodFactory(slug="world-cafe", title="World Café")
    MethodFactory(slug="kladde", title="Kladden", status=MethodStatus.DRAFT)
    assert anonymous.get("/metoder/").status_code == 404
    assert anonymous.get("/metoder/world-cafe/").status_code == 404

    manager.post(f"{P}/indstillinger/", {"public_methods": "on"})
    assert ToolboxSettings.load().public_methods is True
    listing = anonymous.get("/metoder/").content.decode()
    assert "World Café" in listing and "Kladden" not in listing
    assert "brugt" not in listing  # usage is internal: not shown, not a sort order
    assert anonymous.get("/metoder/world-cafe/").status_code == 200
    assert anonymous.get("/metoder/kladde/").status_code == 404


def test_settings_are_for_managers(staff):
    assert staff.get(f"{P}/indstillinger/").status_code == 403
    assert staff.post(f"{P}/indstillinger/", {"public_methods": "on"}).status_code == 403
    assert ToolboxSettings.load().public_methods is False


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_method_list_query_count_does_not_grow(
    staff, staff_user, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        method = MethodFactory(areas=["vaertskab", "cocreation"])
        LogFactory(method=method, author=staff_user)
    # 9 queries whatever the number of cards: session and user; the library (context
    # processor); the area names, the cards' facet columns, their steps (there is a search
    # text), their competence areas (services.browse); the count and the page of cards with
    # use counts and average ratings.
    with django_assert_max_num_queries(9):
        response = staff.get(f"{P}/", {"q": "velkomst", "area": "vaertskab", "sort": "best_rated"})
    assert response.content.decode().count('<h2 class="h3 mt-0">') == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 50])
def test_public_list_query_count_does_not_grow(anonymous, rows, django_assert_max_num_queries):
    ToolboxSettings.objects.create(public_methods=True)
    for _ in range(rows):
        MethodFactory(areas=["vaertskab"])
    # 7 queries: the toolbox settings; the library; the area names, the cards' facet columns,
    # their competence areas; the count and the page.
    with django_assert_max_num_queries(7):
        response = anonymous.get("/metoder/")
    assert response.content.decode().count('<h2 class="h3 mt-0">') == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 50])
def test_plan_list_query_count_does_not_grow(
    staff, staff_user, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        plan = PlanFactory(owner=staff_user)
        ItemFactory(plan=plan)
        ItemFactory(plan=plan, method=None, kind="break", minutes=15)
    # 5 queries: session and user; the library; the count; the page of plans with owner,
    # initiative and activity joined and items counted and summed in the same query.
    with django_assert_max_num_queries(5):
        response = staff.get(f"{P}/planer/", {"owner": "mine"})
    assert response.content.decode().count("<td><a href=") == min(rows, 25)
    assert "45 min" in response.content.decode()


def test_staff_edit_a_card_and_its_steps(staff):
    from tests.html import form_values
    from toolbox.models import Method

    MethodFactory(slug="walk", title="Walk and talk", materials=["Gode sko"])
    method = MethodFactory(slug="world-cafe", title="World Café", steps=[("Velkomst", 10)])
    values = form_values(staff.get(f"{P}/metoder/world-cafe/rediger/"))
    assert values["title"] == "World Café"
    assert values["trin-0-title"] == "Velkomst" and values["trin-0-minutes"] == "10"
    data = {k: v for k, v in values.items() if v != []}
    data.update(
        {
            "title": "World Café (lille)",
            "trin-TOTAL_FORMS": "3",
            "trin-1-title": "Høst",
            "trin-1-minutes": "15",
            "related": [str(Method.objects.get(slug="walk").pk)],
        }
    )
    response = staff.post(f"{P}/metoder/world-cafe/rediger/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    method.refresh_from_db()
    assert method.title == "World Café (lille)"
    assert method.slug == "world-cafe"  # the address stays
    assert [(s.title, s.minutes) for s in method.steps.all()] == [("Velkomst", 10), ("Høst", 15)]
    assert [m.slug for m in Method.objects.get(slug="walk").related.all()] == ["world-cafe"]
