"""The volunteers API: open roles for anyone; shifts, sign-ups and hours - a volunteer's own,
staff all - with the services' rules and the same access rules as the pages."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from organisation.models import TargetGroup, TargetGroupKind
from tests.factories import BranchFactory, FocusAreaFactory, StaffFactory, TeamFactory
from tests.volunteers.factories import (
    HoursEntryFactory,
    RoleFactory,
    ShiftFactory,
    SignupFactory,
    VolunteerFactory,
    approve,
)
from volunteers.models import HoursEntry, HoursStatus, RoleQuestion, RoleStatus, SignupStatus

pytestmark = pytest.mark.django_db

ROLES = "/api/volunteer-roles/"
SHIFTS = "/api/shifts/"
SIGNUPS = "/api/signups/"
HOURS = "/api/hours/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def role(own_branch):
    return RoleFactory(branch=own_branch, title="Lektiecafé-hjælper")


@pytest.fixture
def anne(role):
    volunteer = VolunteerFactory(user__name="Anne", user__email="anne@example.dk")
    approve(volunteer, role)
    return volunteer


@pytest.fixture
def bo(role):
    volunteer = VolunteerFactory(user__name="Bo", user__email="bo@example.dk")
    approve(volunteer, role)
    return volunteer


@pytest.fixture
def as_anne(anne):
    return client_for(anne.user)


@pytest.fixture
def as_bo(bo):
    return client_for(bo.user)


# --- Roles ----------------------------------------------------------------------------------------


def test_anyone_lists_the_open_roles_only(anonymous, role):
    RoleFactory(title="Sat på pause", status=RoleStatus.PAUSED)
    RoleFactory(title="Lukket", status=RoleStatus.CLOSED)
    RoleQuestion.objects.create(role=role, text="Hvilke fag?", required=True)

    response = anonymous.get(ROLES)

    rows = response.json()["results"]
    assert [row["title"] for row in rows] == ["Lektiecafé-hjælper"]
    assert rows[0]["url"] == f"http://testserver/frivillig/{role.slug}/"
    assert rows[0]["questions"] == [
        {"id": role.questions.get().pk, "text": "Hvilke fag?", "required": True}
    ]
    assert "email" not in str(rows[0]["contact_person"])
    paused = RoleFactory(status=RoleStatus.PAUSED)
    assert anonymous.get(f"{ROLES}{paused.pk}/").status_code == 404


def test_roles_filter_by_branch_target_group_and_focus_area(anonymous):
    branch = BranchFactory(slug="korsvejen")
    area = FocusAreaFactory(slug="frivillighed")
    at_branch = RoleFactory(branch=branch)
    for_seniors = RoleFactory()
    for_seniors.target_groups.set([TargetGroup.objects.get(kind=TargetGroupKind.SENIORS)])
    in_area = RoleFactory()
    in_area.focus_areas.set([area])

    assert ids(anonymous.get(ROLES, {"branch": "korsvejen"})) == [at_branch.pk]
    assert ids(anonymous.get(ROLES, {"target_group": "seniors"})) == [for_seniors.pk]
    assert ids(anonymous.get(ROLES, {"focus_area": "frivillighed"})) == [in_area.pk]
    assert anonymous.get(ROLES, {"target_group": "drager"}).status_code == 400


@pytest.mark.parametrize("rows", [1, 50])
def test_the_roles_list_query_count_does_not_grow(anonymous, rows, django_assert_max_num_queries):
    groups = list(TargetGroup.objects.all()[:2])
    area = FocusAreaFactory()
    for _ in range(rows):
        role = RoleFactory(team=TeamFactory())
        role.target_groups.set(groups)
        role.focus_areas.set([area])
        RoleQuestion.objects.create(role=role, text="Hvorfor?")
    # 5 queries: the count; the roles with branch, team and contact person joined; target
    # groups; focus areas; questions. No session or user: the endpoint does not authenticate.
    with django_assert_max_num_queries(5):
        response = anonymous.get(ROLES)
    assert len(response.json()["results"]) == rows


# --- Shifts ---------------------------------------------------------------------------------------


def test_a_volunteer_sees_upcoming_shifts_of_their_approved_roles_with_their_status(
    as_anne, anne, role
):
    mine = ShiftFactory(role=role, starts_at=in_days(2), capacity=3)
    open_shift = ShiftFactory(role=role, starts_at=in_days(5))
    ShiftFactory(role=role, starts_at=in_days(-2))  # over
    ShiftFactory(role=role, starts_at=in_days(3), cancelled_at=timezone.now())
    ShiftFactory(starts_at=in_days(2))  # a role Anne is not approved for
    signup = SignupFactory(shift=mine, volunteer=anne)

    response = as_anne.get(SHIFTS)

    assert ids(response) == [mine.pk, open_shift.pk]
    first = response.json()["results"][0]
    assert first["my_status"] == "confirmed"
    assert first["my_signup"] == signup.pk
    assert (first["confirmed"], first["free_places"]) == (1, 2)
    assert response.json()["results"][1]["my_status"] is None


def test_a_citizen_sees_no_shifts_and_anonymous_must_log_in(citizen, anonymous, role):
    ShiftFactory(role=role)
    assert ids(citizen.get(SHIFTS)) == []
    assert anonymous.get(SHIFTS).status_code in {401, 403}


def test_staff_see_every_shift_and_filter_them(staff, role, other_branch):
    elsewhere = RoleFactory(branch=other_branch)
    full = ShiftFactory(role=role, starts_at=in_days(1), capacity=1)
    SignupFactory(shift=full)
    short = ShiftFactory(role=elsewhere, starts_at=in_days(2), capacity=2)
    later = ShiftFactory(role=role, starts_at=in_days(20))
    past = ShiftFactory(role=role, starts_at=in_days(-10))

    assert ids(staff.get(SHIFTS)) == [full.pk, short.pk, later.pk]
    assert ids(staff.get(SHIFTS, {"understaffed": "true"})) == [short.pk, later.pk]
    assert ids(staff.get(SHIFTS, {"branch": other_branch.pk})) == [short.pk]
    assert ids(staff.get(SHIFTS, {"role": role.pk})) == [full.pk, later.pk]
    since = (timezone.localdate() - datetime.timedelta(days=11)).isoformat()
    until = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert ids(staff.get(SHIFTS, {"from": since, "to": until})) == [past.pk, full.pk, short.pk]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_shift_list_query_count_does_not_grow(
    staff, as_anne, anne, role, rows, django_assert_max_num_queries
):
    for n in range(rows):
        shift = ShiftFactory(role=role, starts_at=in_days(1 + n), capacity=2)
        SignupFactory(shift=shift, volunteer=anne)
        SignupFactory(shift=shift)
    # 4 queries each: session, user, the count, and the page (role and branch joined; sign-up
    # counts and - for the volunteer - their own sign-up annotated in the same query). The
    # volunteer's list costs one more: their volunteer profile.
    with django_assert_max_num_queries(4):
        assert len(ids(staff.get(SHIFTS))) == rows
    with django_assert_max_num_queries(5):
        assert len(ids(as_anne.get(SHIFTS))) == rows


# --- Sign-ups -------------------------------------------------------------------------------------


def test_a_volunteer_signs_up_and_sees_only_their_own(as_anne, as_bo, anne, bo, role):
    shift = ShiftFactory(role=role, capacity=1, starts_at=in_days(3))

    response = as_anne.post(SIGNUPS, {"shift": shift.pk})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "confirmed"
    anne_signup = response.json()["id"]

    response = as_bo.post(SIGNUPS, {"shift": shift.pk})
    assert response.json()["status"] == "waitlisted"
    bo_signup = response.json()["id"]

    assert ids(as_anne.get(SIGNUPS)) == [anne_signup]
    assert ids(as_bo.get(SIGNUPS)) == [bo_signup]
    assert as_anne.get(f"{SIGNUPS}{bo_signup}/").status_code == 404


def test_a_broken_rule_is_a_400_with_a_danish_message(as_anne, citizen, role):
    shift = ShiftFactory(role=role, starts_at=in_days(3))
    as_anne.post(SIGNUPS, {"shift": shift.pk})

    response = as_anne.post(SIGNUPS, {"shift": shift.pk})
    assert response.status_code == 400
    assert response.json() == {"detail": "Du er allerede tilmeldt denne vagt."}

    not_approved = ShiftFactory(starts_at=in_days(4))
    response = as_anne.post(SIGNUPS, {"shift": not_approved.pk})
    assert response.status_code == 400
    assert "godkendt" in response.json()["detail"]

    response = citizen.post(SIGNUPS, {"shift": shift.pk})
    assert response.status_code == 400
    assert response.json() == {"detail": "Du er ikke registreret som frivillig."}


def test_cancelling_frees_the_place_for_the_waitlist(
    as_anne, as_bo, anne, bo, role, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(role=role, capacity=1, starts_at=in_days(3))
    mine = SignupFactory(shift=shift, volunteer=anne, status=SignupStatus.CONFIRMED)
    waiting = SignupFactory(shift=shift, volunteer=bo, status=SignupStatus.WAITLISTED)

    assert as_bo.post(f"{SIGNUPS}{mine.pk}/cancel/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = as_anne.post(f"{SIGNUPS}{mine.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.OFFERED
    assert [m.to for m in mail.outbox] == [["bo@example.dk"]]

    assert as_anne.post(f"{SIGNUPS}{waiting.pk}/accept/").status_code == 404  # Bo's offer
    assert as_anne.post(f"{SIGNUPS}{waiting.pk}/decline/").status_code == 404
    response = as_bo.post(f"{SIGNUPS}{waiting.pk}/accept/")
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert as_anne.post(f"{SIGNUPS}{mine.pk}/cancel/").status_code == 400


def test_declining_an_offer_passes_the_place_on(as_anne, anne, bo, role):
    shift = ShiftFactory(role=role, capacity=1, starts_at=in_days(3))
    offer = SignupFactory(
        shift=shift, volunteer=anne, status=SignupStatus.OFFERED, offer_expires_at=in_days(1)
    )
    next_in_line = SignupFactory(shift=shift, volunteer=bo, status=SignupStatus.WAITLISTED)

    response = as_anne.post(f"{SIGNUPS}{offer.pk}/decline/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    next_in_line.refresh_from_db()
    assert next_in_line.status == SignupStatus.OFFERED
    assert as_anne.post(f"{SIGNUPS}{offer.pk}/decline/").status_code == 400


def test_staff_see_all_sign_ups_and_only_shift_managers_cancel(staff, tovholder, anne, role):
    signup = SignupFactory(shift=ShiftFactory(role=role, starts_at=in_days(3)), volunteer=anne)
    SignupFactory()

    assert len(ids(staff.get(SIGNUPS))) == 2
    assert staff.post(f"{SIGNUPS}{signup.pk}/cancel/").status_code == 403
    assert tovholder.post(f"{SIGNUPS}{signup.pk}/cancel/").status_code == 200
    assert staff.post(f"{SIGNUPS}{signup.pk}/accept/").status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_the_sign_up_list_query_count_does_not_grow(
    staff, as_anne, anne, role, rows, django_assert_max_num_queries
):
    for n in range(rows):
        SignupFactory(shift=ShiftFactory(role=role, starts_at=in_days(1 + n)), volunteer=anne)
    # 4 queries: session, user, the count, the page (shift, role, branch, volunteer, user joined).
    with django_assert_max_num_queries(4):
        assert len(ids(as_anne.get(SIGNUPS))) == rows
    with django_assert_max_num_queries(4):
        assert len(ids(staff.get(SIGNUPS))) == rows


# --- Hours ----------------------------------------------------------------------------------------


def test_a_volunteer_reports_hours_and_sees_only_their_own(as_anne, as_bo, anne, bo, role):
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = as_anne.post(
        HOURS, {"role": role.pk, "date": day, "hours": "1.75", "description": "Lavede kaffe"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    assert response.json()["may_decide"] is False
    bos = HoursEntryFactory(volunteer=bo, role=role)

    assert ids(as_anne.get(HOURS)) == [response.json()["id"]]
    assert as_anne.get(f"{HOURS}{bos.pk}/").status_code == 404


def test_reported_hours_follow_the_rules(as_anne, citizen, role):
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    other_role = RoleFactory()
    response = as_anne.post(
        HOURS, {"role": other_role.pk, "date": day, "hours": "2", "description": "Hjalp"}
    )
    assert response.status_code == 400
    assert "godkendt" in response.json()["detail"]
    response = as_anne.post(
        HOURS, {"role": role.pk, "date": day, "hours": "25", "description": "x"}
    )
    assert response.status_code == 400
    assert "hours" in response.json()
    response = citizen.post(HOURS, {"role": role.pk, "date": day, "hours": "2", "description": "x"})
    assert response.status_code == 400
    assert not HoursEntry.objects.exists()


def test_the_tovholder_approves_and_rejects_through_the_api(
    tovholder, anne, role, django_capture_on_commit_callbacks
):
    first = HoursEntryFactory(volunteer=anne, role=role)
    second = HoursEntryFactory(volunteer=anne, role=role)

    assert tovholder.get(f"{HOURS}{first.pk}/").json()["may_decide"] is True
    with django_capture_on_commit_callbacks(execute=True):
        approved = tovholder.post(f"{HOURS}{first.pk}/approve/")
        rejected = tovholder.post(f"{HOURS}{second.pk}/reject/", {"reason": "Dobbelt"})

    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert rejected.status_code == 200 and rejected.json()["reject_reason"] == "Dobbelt"
    assert [m.subject for m in mail.outbox] == [
        "Dine timer er godkendt",
        "Dine timer er ikke godkendt",
    ]
    assert tovholder.post(f"{HOURS}{first.pk}/approve/").json() == {
        "detail": "Timerne er allerede behandlet."
    }


def test_who_may_not_approve_hours(staff, as_anne, as_bo, anne, role):
    entry = HoursEntryFactory(volunteer=anne, role=role)
    other_tovholder = StaffFactory()
    BranchFactory(tovholder=other_tovholder)

    assert staff.post(f"{HOURS}{entry.pk}/approve/").status_code == 403
    assert client_for(other_tovholder).post(f"{HOURS}{entry.pk}/approve/").status_code == 403
    assert as_anne.post(f"{HOURS}{entry.pk}/approve/").status_code == 403  # her own: read only
    assert as_bo.post(f"{HOURS}{entry.pk}/approve/").status_code == 404  # not hers at all
    assert as_bo.post(f"{HOURS}{entry.pk}/reject/", {"reason": "x"}).status_code == 404
    entry.refresh_from_db()
    assert entry.status == HoursStatus.PENDING


def test_staff_see_every_entry_including_anonymous_ones_and_filter(staff, anne, role):
    mine = HoursEntryFactory(volunteer=anne, role=role, status=HoursStatus.APPROVED)
    anonymous = HoursEntryFactory(volunteer=None, role=role, status=HoursStatus.APPROVED)
    pending = HoursEntryFactory(role=RoleFactory())

    response = staff.get(HOURS, {"status": "approved"})
    assert set(ids(response)) == {mine.pk, anonymous.pk}
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[anonymous.pk]["volunteer"] is None
    assert rows[mine.pk]["volunteer"] == {"id": anne.pk, "name": "Anne"}
    assert ids(staff.get(HOURS, {"role": pending.role_id})) == [pending.pk]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_hours_list_query_count_does_not_grow(
    staff, as_anne, anne, role, rows, django_assert_max_num_queries
):
    role.team = TeamFactory()
    role.save()
    for _ in range(rows):
        HoursEntryFactory(volunteer=anne, role=role, decided_by=StaffFactory())
    # 4 queries: session, user, the count, the page (volunteer, user, role, branch, team and
    # decider joined).
    with django_assert_max_num_queries(4):
        assert len(ids(as_anne.get(HOURS))) == rows
    with django_assert_max_num_queries(4):
        assert len(ids(staff.get(HOURS))) == rows


def test_the_endpoints_are_in_the_openapi_schema(staff):
    schema = staff.get("/api/schema/").content.decode()
    for path in [
        "/api/volunteer-roles/:",
        "/api/shifts/:",
        "/api/signups/{id}/cancel/:",
        "/api/hours/{id}/approve/:",
        "/api/hours/{id}/reject/:",
    ]:
        assert path in schema
