"""organisation.services: the rules every caller (views, API, commands) goes through."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEntry, User
from organisation import services
from organisation.models import Branch, BranchKind, FocusArea, Team
from organisation.services import OrganisationError
from tests.factories import BranchFactory, FocusAreaFactory, FocusTargetFactory, StaffFactory
from tests.html import error_summary

pytestmark = pytest.mark.django_db


def new_branch(**data):
    return {"name": "Kastrup Bibliotek", "slug": "kastrup", "kind": BranchKind.BRANCH, **data}


# --- Only staff can lead, coordinate or be on a team ------------------------------------------


def test_a_citizen_cannot_be_tovholder_of_a_new_branch(manager_user, citizen_user):
    with pytest.raises(OrganisationError) as error:
        services.branch_create(acting_user=manager_user, **new_branch(tovholder=citizen_user))
    assert str(error.value) == "Mette Borger er ikke medarbejder og kan ikke være tovholder."
    assert not Branch.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_citizen_cannot_be_made_tovholder_of_an_existing_branch(
    manager_user, citizen_user, own_branch
):
    with pytest.raises(OrganisationError):
        services.branch_update(branch=own_branch, acting_user=manager_user, tovholder=citizen_user)
    own_branch.refresh_from_db()
    assert own_branch.tovholder is None
    assert not AuditEntry.objects.exists()


def test_a_former_employee_cannot_be_tovholder(manager_user):
    former = StaffFactory(is_active=False)
    with pytest.raises(OrganisationError):
        services.branch_create(acting_user=manager_user, **new_branch(tovholder=former))


def test_a_citizen_cannot_be_koordinator(manager_user, citizen_user):
    with pytest.raises(OrganisationError) as error:
        services.team_create(acting_user=manager_user, name="Sprogcafé", koordinator=citizen_user)
    assert "kan ikke være koordinator" in str(error.value)
    assert not Team.objects.exists()


def test_a_citizen_cannot_be_made_koordinator_of_an_existing_team(manager_user, citizen_user):
    team = services.team_create(acting_user=manager_user, name="Sprogcafé")
    with pytest.raises(OrganisationError):
        services.team_update(team=team, acting_user=manager_user, koordinator=citizen_user)
    team.refresh_from_db()
    assert team.koordinator is None


def test_a_citizen_cannot_be_a_team_member(manager_user, citizen_user, staff_user):
    with pytest.raises(OrganisationError) as error:
        services.team_create(
            acting_user=manager_user, name="Sprogcafé", members=[staff_user, citizen_user]
        )
    assert "kan ikke være medlem af et hold" in str(error.value)
    assert not Team.objects.exists()  # the whole creation is rolled back


def test_a_citizen_cannot_be_added_to_an_existing_team(manager_user, citizen_user, staff_user):
    team = services.team_create(acting_user=manager_user, name="Sprogcafé", members=[staff_user])
    with pytest.raises(OrganisationError):
        services.team_update(
            team=team, acting_user=manager_user, members=[staff_user, citizen_user]
        )
    assert list(team.members.all()) == [staff_user]


# --- The views show a broken rule on the form, never as a 500 ---------------------------------


@pytest.fixture
def form_offers_everyone(monkeypatch):
    """The forms only offer staff, so the service is the second line of defence. Offer
    everyone to reach it, as a stale form or a later caller would."""
    monkeypatch.setattr("organisation.forms.staff_users", lambda: User.objects.all())


def test_branch_form_shows_the_service_refusal_as_a_form_error(
    manager, citizen_user, form_offers_everyone
):
    data = {"name": "Kastrup Bibliotek", "slug": "", "kind": "branch", "tovholder": citizen_user.pk}
    response = manager.post(reverse("staff:branch_create"), data)
    assert response.status_code == 200
    assert error_summary(response) == [
        "Mette Borger er ikke medarbejder og kan ikke være tovholder."
    ]
    assert not Branch.objects.exists()


def test_team_form_shows_the_service_refusal_as_a_form_error(
    manager, citizen_user, form_offers_everyone
):
    data = {"name": "Sprogcafé", "members": [citizen_user.pk], "is_active": "on"}
    response = manager.post(reverse("staff:team_create"), data)
    assert response.status_code == 200
    assert error_summary(response) == [
        "Mette Borger er ikke medarbejder og kan ikke være medlem af et hold."
    ]
    assert not Team.objects.exists()


# --- Focus areas and their targets ------------------------------------------------------------


def test_focus_area_save_replaces_the_targets_and_logs_each_change(manager_user):
    area = FocusAreaFactory(name="Samskabelse")
    keep = FocusTargetFactory(focus_area=area, description="Arrangementer", target_value=60)
    change = FocusTargetFactory(focus_area=area, description="Børn", target_value=9000, order=1)
    drop = FocusTargetFactory(focus_area=area, description="Gammelt mål", order=2)

    services.focus_area_save(
        focus_area=area,
        acting_user=manager_user,
        targets=[
            {"id": keep.pk, "description": "Arrangementer", "target_value": 60,
             "unit": keep.unit, "period": keep.period},
            {"id": change.pk, "description": "Børn", "target_value": 10000,
             "unit": change.unit, "period": change.period},
            {"description": "Partnere", "target_value": 15, "unit": "aftaler",
             "period": "strategy"},
        ],
    )  # fmt: skip

    rows = [(t.pk, t.description, t.target_value, t.order) for t in area.targets.all()]
    assert rows[:2] == [(keep.pk, "Arrangementer", 60, 0), (change.pk, "Børn", 10000, 1)]
    assert rows[2][1:] == ("Partnere", 15, 2)
    assert not area.targets.filter(pk=drop.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        manager_user,
        "focus_area_updated",
        str(area.pk),
    )
    assert entry.changes["target:Børn"] == {"target_value": [9000, 10000]}
    assert entry.changes["target:Gammelt mål"] == "removed"
    assert entry.changes["target:Partnere"]["unit"] == ["", "aftaler"]
    assert "target:Arrangementer" not in entry.changes  # unchanged, so not logged


def test_focus_area_save_creates_a_new_focus_area(manager_user):
    area = services.focus_area_save(
        focus_area=FocusArea(),
        acting_user=manager_user,
        targets=[],
        name="Læselyst",
        slug="laeselyst",
        summary="Flere læser",
    )
    assert FocusArea.objects.get().pk == area.pk
    assert AuditEntry.objects.get().action == "focus_area_created"


def test_focus_area_with_the_end_before_the_start_is_refused(manager_user):
    with pytest.raises(ValidationError):
        services.focus_area_save(
            focus_area=FocusArea(),
            acting_user=manager_user,
            targets=[],
            name="Baglæns",
            slug="baglaens",
            summary="x",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2025, 1, 1),
        )
    assert not FocusArea.objects.exists()


def test_branch_update_records_only_the_fields_that_changed(manager_user):
    branch = BranchFactory(name="Tårnby", city="Tårnby")
    services.branch_update(branch=branch, acting_user=manager_user, name="Tårnby", city="Kastrup")
    assert AuditEntry.objects.get().changes == {"city": ["Tårnby", "Kastrup"]}
