"""Teams (hold) in the back office: who may see and change them, and how."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from organisation.models import Team
from tests.factories import StaffFactory, TeamFactory, UserFactory
from tests.html import field_errors, form_values

pytestmark = pytest.mark.django_db

LIST = reverse("staff:team_list")
CREATE = reverse("staff:team_create")


def detail(team):
    return reverse("staff:team_detail", args=[team.pk])


def edit(team):
    return reverse("staff:team_edit", args=[team.pk])


@pytest.fixture
def own_team(own_branch):
    """A team on the tovholder's branch."""
    return TeamFactory(name="Lektiecafé", branch=own_branch)


@pytest.fixture
def other_team(other_branch):
    return TeamFactory(name="Strikkeklubben", branch=other_branch)


def team_form(team=None, **changes):
    data = {"name": "Sprogcafé", "description": "", "branch": "", "koordinator": "", "members": []}
    data["is_active"] = "on"
    if team is not None:
        data.update(
            name=team.name,
            description=team.description,
            branch=team.branch_id or "",
            koordinator=team.koordinator_id or "",
            members=[m.pk for m in team.members.all()],
        )
    data.update(changes)
    return data


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail", "create", "edit"])
def test_anonymous_visitor_is_sent_to_login(anonymous, own_team, page):
    path = {"list": LIST, "detail": detail(own_team), "create": CREATE, "edit": edit(own_team)}
    response = anonymous.get(path[page])
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={path[page]}"


@pytest.mark.parametrize("page", ["list", "detail", "create", "edit"])
def test_citizen_gets_404(citizen, own_team, page):
    path = {"list": LIST, "detail": detail(own_team), "create": CREATE, "edit": edit(own_team)}
    assert citizen.get(path[page]).status_code == 404


def test_staff_can_read_teams(staff, own_team):
    own_team.members.set([StaffFactory(name="Holdmedlem Hansen")])
    assert own_team.name in staff.get(LIST).content.decode()
    page = staff.get(detail(own_team))
    assert page.status_code == 200
    assert "Holdmedlem Hansen" in page.content.decode()


def test_staff_may_not_create_or_edit_teams(staff, own_team):
    assert staff.get(CREATE).status_code == 403
    assert staff.post(CREATE, team_form()).status_code == 403
    assert staff.get(edit(own_team)).status_code == 403
    assert staff.post(edit(own_team), team_form(own_team, name="Omdøbt")).status_code == 403
    own_team.refresh_from_db()
    assert own_team.name == "Lektiecafé"
    assert not Team.objects.filter(name="Sprogcafé").exists()
    assert not AuditEntry.objects.exists()


def test_tovholder_may_edit_a_team_on_own_branch(tovholder, tovholder_user, own_team):
    koordinator = StaffFactory(name="Ny Koordinator")
    assert tovholder.get(edit(own_team)).status_code == 200
    response = tovholder.post(
        edit(own_team),
        team_form(own_team, description="Hjælp til lektier", koordinator=koordinator.pk),
    )
    assert response.status_code == 302
    own_team.refresh_from_db()
    assert own_team.description == "Hjælp til lektier"
    assert own_team.koordinator == koordinator  # a tovholder may appoint the koordinator
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (tovholder_user, "team_updated")
    assert entry.changes["koordinator"] == [None, "Ny Koordinator"]


def test_tovholder_may_not_edit_a_team_on_another_branch(tovholder, other_team):
    assert tovholder.get(edit(other_team)).status_code == 403
    assert tovholder.post(edit(other_team), team_form(other_team, name="X")).status_code == 403
    other_team.refresh_from_db()
    assert other_team.name == "Strikkeklubben"


def test_tovholder_may_not_create_a_team(tovholder):
    assert tovholder.get(CREATE).status_code == 403


def test_koordinator_may_edit_own_team_but_not_hand_it_over(own_team):
    koordinator = StaffFactory(name="Koordinator Kim")
    own_team.koordinator = koordinator
    own_team.save()
    client = logged_in(koordinator)
    someone_else = StaffFactory()
    response = client.post(
        edit(own_team),
        team_form(own_team, description="Onsdage 15-17", koordinator=someone_else.pk),
    )
    assert response.status_code == 302
    own_team.refresh_from_db()
    assert own_team.description == "Onsdage 15-17"
    assert own_team.koordinator == koordinator


def test_manager_may_do_everything(manager, own_team, other_team):
    for path in [LIST, detail(own_team), CREATE, edit(own_team), edit(other_team)]:
        assert manager.get(path).status_code == 200, path


# --- Creating and editing ---------------------------------------------------------------------


def test_manager_creates_a_team_with_members(manager, manager_user, own_branch):
    lead, member = StaffFactory(), StaffFactory()
    response = manager.post(
        CREATE,
        team_form(branch=own_branch.pk, koordinator=lead.pk, members=[lead.pk, member.pk]),
    )
    team = Team.objects.get(name="Sprogcafé")
    assert response.status_code == 302
    assert response["Location"] == detail(team)
    assert (team.branch, team.koordinator) == (own_branch, lead)
    assert set(team.members.all()) == {lead, member}
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        manager_user,
        "team_created",
        str(team.pk),
    )


def test_changing_members_is_logged_with_who_was_on_the_team_before_and_after(
    manager, manager_user, own_team
):
    stays, leaves, joins = StaffFactory(), StaffFactory(), StaffFactory()
    own_team.members.set([stays, leaves])
    response = manager.post(edit(own_team), team_form(own_team, members=[stays.pk, joins.pk]))
    assert response.status_code == 302
    assert set(own_team.members.all()) == {stays, joins}
    entry = AuditEntry.objects.get()
    assert entry.actor == manager_user
    assert entry.changes == {
        "members": [sorted([stays.pk, leaves.pk]), sorted([stays.pk, joins.pk])]
    }


def test_a_team_name_must_be_unique_and_the_form_keeps_the_rest(manager, own_team):
    response = manager.post(CREATE, team_form(name=own_team.name, description="Et nyt hold"))
    assert response.status_code == 200
    assert field_errors(response)["name"] == "Hold med dette Navn eksisterer allerede."
    assert form_values(response)["description"] == "Et nyt hold"
    assert Team.objects.count() == 1


def test_a_team_without_a_name_is_refused_in_danish(manager, own_branch):
    response = manager.post(CREATE, team_form(name="", branch=own_branch.pk))
    assert response.status_code == 200
    assert field_errors(response)["name"] == "Dette felt er påkrævet."
    assert form_values(response)["branch"] == str(own_branch.pk)
    assert not Team.objects.exists()


def test_a_citizen_cannot_be_put_on_a_team_through_the_form(manager, own_team):
    citizen = UserFactory(name="Borger Bent")
    assert "Borger Bent" not in manager.get(edit(own_team)).content.decode()
    response = manager.post(edit(own_team), team_form(own_team, members=[citizen.pk]))
    assert response.status_code == 200
    assert "members" in field_errors(response)
    assert not own_team.members.exists()


# --- Listing ----------------------------------------------------------------------------------


def test_list_filters_by_branch_and_by_my_teams(staff, staff_user, own_team, other_team):
    own_team.members.set([staff_user])
    by_branch = staff.get(LIST, {"filial": other_team.branch_id}).content.decode()
    assert "Strikkeklubben" in by_branch
    assert "Lektiecafé" not in by_branch
    mine = staff.get(LIST, {"mine": "1"}).content.decode()
    assert "Lektiecafé" in mine
    assert "Strikkeklubben" not in mine


def test_list_search_finds_a_team_by_its_purpose(staff, own_team, other_team):
    other_team.description = "Vi strikker for velgørenhed"
    other_team.save()
    found = staff.get(LIST, {"q": "velgørenhed"}).content.decode()
    assert "Strikkeklubben" in found
    assert "Lektiecafé" not in found
