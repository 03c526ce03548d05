"""/personale/: the staff overview of their responsibilities, teams and the strategy's targets."""

import pytest

from tests.factories import (
    BranchFactory,
    FocusAreaFactory,
    FocusTargetFactory,
    StaffFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/personale/"


def test_anonymous_visitor_is_sent_to_login(anonymous):
    response = anonymous.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={DASHBOARD}"


def test_citizen_gets_404(citizen):
    assert citizen.get(DASHBOARD).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "tovholder", "manager"])
def test_every_kind_of_staff_gets_the_overview(request, persona):
    response = request.getfixturevalue(persona).get(DASHBOARD)
    assert response.status_code == 200
    assert "Her er dit overblik" in response.content.decode()


def test_tovholder_sees_the_branch_they_lead(tovholder, own_branch, other_branch):
    html = tovholder.get(DASHBOARD).content.decode()
    assert "Goddag, Sofie" in html
    assert "Tovholder for" in html
    assert own_branch.name in html
    assert other_branch.name not in html


def test_staff_see_their_teams_and_the_targets(staff, staff_user, own_branch):
    TeamFactory(name="Lektiecafé", branch=own_branch, members=[staff_user])
    TeamFactory(name="Et andet hold", members=[StaffFactory()])
    area = FocusAreaFactory(name="Samskabelse")
    FocusTargetFactory(focus_area=area, description="Børn, der deltager", target_value=10000)
    html = staff.get(DASHBOARD).content.decode()
    assert "Lektiecafé" in html
    assert "Et andet hold" not in html
    assert "Du er ikke tovholder for en filial eller koordinator for et hold." in html
    assert "Børn, der deltager: 10.000 børn om året" in html


@pytest.mark.parametrize("rows", [1, 50])
def test_dashboard_queries_do_not_grow_with_rows(
    staff, staff_user, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        branch = BranchFactory(tovholder=staff_user)
        TeamFactory(branch=branch, koordinator=staff_user, members=[staff_user])
        FocusTargetFactory.create_batch(2, focus_area=FocusAreaFactory())
    # session, user; initiatives: overdue count and list, own open count and list (4);
    # branch count, team count, library (layout), led branches, my teams joined with their
    # branch, coordinated teams, focus areas, their targets (prefetch); new partner enquiries;
    # agreements needing attention (one aggregate).
    with django_assert_max_num_queries(16):
        response = staff.get(DASHBOARD)
    html = response.content.decode()
    assert html.count("Tovholder for") == rows
    assert html.count("Koordinator for holdet") == rows
