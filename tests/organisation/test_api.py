"""The read-only API for staff integrations: who gets data, filters, schema and docs."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from organisation.models import Branch, BranchKind
from tests.factories import (
    BranchFactory,
    FocusAreaFactory,
    FocusTargetFactory,
    StaffFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["/api/branches/", "/api/teams/", "/api/focus-areas/"]


@pytest.fixture
def organisation(own_branch, tovholder_user, staff_user):
    team = TeamFactory(name="Lektiecafé", branch=own_branch, koordinator=tovholder_user)
    team.members.set([tovholder_user, staff_user])
    area = FocusAreaFactory(name="Samskabelse")
    FocusTargetFactory(focus_area=area, description="Børn", target_value=10000, unit="børn")
    return {"branch": own_branch, "team": team, "area": area}


# --- Who gets data ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_caller_is_refused(anonymous, organisation, url):
    response = anonymous.get(url)
    assert response.status_code in {401, 403}
    assert "results" not in response.json()


@pytest.mark.parametrize("url", LISTS)
def test_citizen_gets_404(citizen, organisation, url):
    assert citizen.get(url).status_code == 404


def test_citizen_gets_404_for_a_single_branch(citizen, own_branch):
    assert citizen.get(f"/api/branches/{own_branch.pk}/").status_code == 404


def test_staff_gets_the_branches_with_their_tovholder(staff, organisation, tovholder_user):
    response = staff.get("/api/branches/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    branch = body["results"][0]
    assert branch["name"] == "Vestamager Bibliotek"
    assert branch["kind_display"] == "Filial"
    assert branch["tovholder"] == {
        "id": tovholder_user.pk,
        "name": "Sofie Tovholder",
        "email": "tovholder@example.dk",
    }


def test_staff_gets_teams_with_koordinator_and_members(staff, organisation, staff_user):
    team = staff.get("/api/teams/").json()["results"][0]
    assert team["name"] == "Lektiecafé"
    assert team["branch"] == organisation["branch"].pk
    assert team["koordinator"]["name"] == "Sofie Tovholder"
    assert sorted(m["email"] for m in team["members"]) == [
        "medarbejder@example.dk",
        "tovholder@example.dk",
    ]


def test_staff_gets_focus_areas_with_targets(staff, organisation):
    area = staff.get(f"/api/focus-areas/{organisation['area'].pk}/").json()
    assert area["name"] == "Samskabelse"
    assert area["targets"] == [
        {
            "id": organisation["area"].targets.get().pk,
            "description": "Børn",
            "target_value": 10000,
            "unit": "børn",
            "period": "year",
        }
    ]


def test_the_api_is_read_only(manager, own_branch):
    response = manager.post("/api/branches/", {"name": "Ny", "slug": "ny", "kind": "branch"})
    assert response.status_code == 405
    response = manager.delete(f"/api/branches/{own_branch.pk}/")
    assert response.status_code == 405
    assert list(Branch.objects.values_list("name", flat=True)) == ["Vestamager Bibliotek"]


# --- Filters ----------------------------------------------------------------------------------


def names(response) -> list[str]:
    assert response.status_code == 200
    return [row["name"] for row in response.json()["results"]]


def test_kind_filter_narrows_branches(staff):
    BranchFactory(name="Hovedbiblioteket", kind=BranchKind.MAIN)
    BranchFactory(name="Bogbussen", kind=BranchKind.MOBILE)
    assert names(staff.get("/api/branches/", {"kind": "mobile"})) == ["Bogbussen"]
    assert names(staff.get("/api/branches/", {"kind": "main"})) == ["Hovedbiblioteket"]


def test_search_narrows_branches_by_city(staff):
    BranchFactory(name="Tårnby Bibliotek", city="Tårnby")
    BranchFactory(name="Kastrup Bibliotek", city="Kastrup")
    assert names(staff.get("/api/branches/", {"search": "Tårnby"})) == ["Tårnby Bibliotek"]


def test_search_and_branch_filter_narrow_teams(staff, own_branch, other_branch):
    TeamFactory(name="Lektiecafé", branch=own_branch, description="Hjælp til lektier")
    TeamFactory(name="Strikkeklub", branch=other_branch, description="Vi strikker")
    assert names(staff.get("/api/teams/", {"search": "lektier"})) == ["Lektiecafé"]
    assert names(staff.get("/api/teams/", {"branch": other_branch.pk})) == ["Strikkeklub"]


def test_search_and_active_filter_narrow_focus_areas(staff):
    FocusAreaFactory(name="Frivillighed", summary="Frivillige supplerer")
    FocusAreaFactory(name="Læselyst", summary="Flere læser", is_active=False)
    assert names(staff.get("/api/focus-areas/", {"search": "supplerer"})) == ["Frivillighed"]
    assert names(staff.get("/api/focus-areas/", {"is_active": "false"})) == ["Læselyst"]


def test_an_unknown_kind_is_a_400_not_everything(staff, own_branch):
    assert staff.get("/api/branches/", {"kind": "slot"}).status_code == 400


# --- Schema and docs --------------------------------------------------------------------------


def test_staff_gets_an_openapi_schema_listing_the_endpoints(staff):
    response = staff.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Sammen API"
    assert {"/api/branches/", "/api/teams/", "/api/focus-areas/"} <= set(schema["paths"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_schema_and_docs_are_closed_to_anonymous_and_citizens(anonymous, citizen):
    for url in ["/api/schema/", "/api/docs/"]:
        assert anonymous.get(url).status_code in {401, 403}, url
        assert citizen.get(url).status_code == 404, url


def test_api_docs_render_for_staff_without_anything_from_outside_the_site(staff):
    page = staff.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="swagger-ui"' in html
    # The docs' own scripts and styles, and the script that starts them, come from the portal.
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    for source in sources:
        assert source.startswith("/"), source
        if source.startswith(settings.STATIC_URL):  # installed with the portal, not fetched
            assert finders.find(source.removeprefix(settings.STATIC_URL)), source
        else:
            assert staff.get(source).status_code == 200, source
    outside = [url for url in re.findall(r"https?://[^\s\"'<>]+", html) if "testserver" not in url]
    assert outside == []
    init_script = staff.get("/api/docs/", {"script": ""}).content.decode()
    assert re.findall(r"https?://", init_script) == []
    assert 'url: "/api/schema/"' in init_script


# --- Queries ----------------------------------------------------------------------------------


def make_rows(count: int):
    for _ in range(count):
        lead = StaffFactory()
        branch = BranchFactory(tovholder=lead)
        TeamFactory(branch=branch, koordinator=lead, members=[lead, StaffFactory()])
        FocusTargetFactory.create_batch(2, focus_area=FocusAreaFactory())


# session, user, count, branches joined with their tovholder.
@pytest.mark.parametrize("rows", [1, 50])
def test_branch_api_queries_do_not_grow_with_rows(staff, rows, django_assert_max_num_queries):
    make_rows(rows)
    with django_assert_max_num_queries(4):
        response = staff.get("/api/branches/")
    assert len(response.json()["results"]) == rows


# session, user, count, teams joined with their koordinator, members (prefetch).
@pytest.mark.parametrize("rows", [1, 50])
def test_team_api_queries_do_not_grow_with_rows(staff, rows, django_assert_max_num_queries):
    make_rows(rows)
    with django_assert_max_num_queries(5):
        response = staff.get("/api/teams/")
    assert all(len(team["members"]) == 2 for team in response.json()["results"])
    assert len(response.json()["results"]) == rows


# session, user, count, focus areas, targets (prefetch).
@pytest.mark.parametrize("rows", [1, 50])
def test_focus_area_api_queries_do_not_grow_with_rows(staff, rows, django_assert_max_num_queries):
    make_rows(rows)
    with django_assert_max_num_queries(5):
        response = staff.get("/api/focus-areas/")
    assert all(len(area["targets"]) == 2 for area in response.json()["results"])
    assert len(response.json()["results"]) == rows
