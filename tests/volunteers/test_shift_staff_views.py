"""The staff's shift pages under /personale/frivillige/vagter/: access, list and week with the
"understaffed" filter, single shifts and series, cancel, message, attendance."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from tests.factories import StaffFactory
from tests.html import error_summary, field_errors
from tests.volunteers.factories import (
    RoleFactory,
    ShiftFactory,
    SignupFactory,
    approved_volunteer,
)
from volunteers.models import HoursEntry, Shift, ShiftSeries, SignupStatus
from volunteers.services import shifts as services

pytestmark = pytest.mark.django_db

BASE = "/personale/frivillige/vagter/"
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def url(name: str, pk: int | None = None) -> str:
    suffix = {
        "list": "",
        "week": "uge/",
        "create": "ny/",
        "detail": "{pk}/",
        "edit": "{pk}/rediger/",
        "cancel": "{pk}/aflys/",
        "message": "{pk}/besked/",
        "attendance": "{pk}/fremmoede/",
        "series_create": "serier/ny/",
        "series_detail": "serier/{pk}/",
        "series_edit": "serier/{pk}/rediger/",
        "series_cancel": "serier/{pk}/aflys/",
    }[name]
    return BASE + suffix.format(pk=pk)


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def in_days(days: int, hour: int = 17) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CPH)


@pytest.fixture
def role(own_branch):
    """A role at the tovholder's branch; its contact person is another member of staff."""
    return RoleFactory(title="Lektiecafé", branch=own_branch)


@pytest.fixture
def shift(role):
    return ShiftFactory(role=role, starts_at=in_days(3), ends_at=in_days(3, 19), capacity=2)


@pytest.fixture
def series(role, manager_user):
    return services.series_create(
        role=role,
        weekday=2,
        start_time=datetime.time(16),
        end_time=datetime.time(18),
        starts_on=timezone.localdate() + datetime.timedelta(days=1),
        ends_on=timezone.localdate() + datetime.timedelta(days=29),
        capacity=3,
        acting_user=manager_user,
    )


@pytest.fixture
def contact_person(role):
    from tests.conftest import _client_for

    return _client_for(role.contact_person)


# --- Access -------------------------------------------------------------------------------------

READ_PAGES = ["list", "week", "detail", "series_detail"]
WRITE_PAGES = ["create", "edit", "attendance", "series_create", "series_edit"]
POST_ONLY = ["cancel", "message", "series_cancel"]


def pk_for(name, shift, series):
    return series.pk if name.startswith("series") else shift.pk


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES)
def test_anonymous_people_are_sent_to_the_login_page(anonymous, shift, series, name):
    response = anonymous.get(url(name, pk_for(name, shift, series)))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES + POST_ONLY)
def test_citizens_and_volunteers_do_not_learn_the_staff_pages_exist(
    citizen, client, shift, series, name
):
    volunteer = approved_volunteer(shift.role)
    client.force_login(volunteer.user)
    target = url(name, pk_for(name, shift, series))
    assert citizen.get(target).status_code == 404
    assert client.post(target, {"reason": "x", "subject": "x", "body": "x"}).status_code == 404


@pytest.mark.parametrize("name", READ_PAGES)
@pytest.mark.parametrize("persona", ["staff", "tovholder", "manager"])
def test_every_member_of_staff_may_read(request, persona, shift, series, name):
    client = request.getfixturevalue(persona)
    assert client.get(url(name, pk_for(name, shift, series))).status_code == 200


@pytest.mark.parametrize("name", WRITE_PAGES)
@pytest.mark.parametrize("persona", ["tovholder", "manager", "contact_person"])
def test_those_who_lead_the_role_may_change_its_shifts(request, persona, shift, series, name):
    client = request.getfixturevalue(persona)
    assert client.get(url(name, pk_for(name, shift, series))).status_code == 200


@pytest.mark.parametrize("name", ["edit", "attendance", "series_edit"])
def test_other_staff_may_read_but_not_change(staff, shift, series, name):
    assert staff.get(url(name, pk_for(name, shift, series))).status_code == 403


@pytest.mark.parametrize("name", ["create", "series_create"])
def test_staff_who_lead_no_role_cannot_create_shifts(staff, name):
    assert staff.get(url(name)).status_code == 403


def test_a_tovholder_of_another_branch_may_not_change_the_shift(tovholder, other_branch):
    foreign = ShiftFactory(role=RoleFactory(branch=other_branch))
    assert tovholder.get(url("edit", foreign.pk)).status_code == 403
    response = tovholder.post(url("cancel", foreign.pk), {"reason": "Nej"})
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.cancelled_at is None


@pytest.mark.parametrize("name", POST_ONLY)
def test_cancel_and_message_are_post_only(manager, shift, series, name):
    assert manager.get(url(name, pk_for(name, shift, series))).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY)
def test_read_only_staff_get_403_on_post(staff, shift, series, name):
    response = staff.post(url(name, pk_for(name, shift, series)), {"reason": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["detail", "edit", "cancel", "message", "attendance"])
def test_an_unknown_shift_is_not_found(manager, name):
    assert manager.post(url(name, 999999)).status_code == 404


# --- List, week and the understaffed filter -----------------------------------------------------


def listed(response) -> list[int]:
    return [int(pk) for pk in re.findall(rf'<a href="{BASE}(\d+)/">', response.text)]


def test_the_list_shows_coming_shifts_with_their_counts(staff, role):
    shift = ShiftFactory(role=role, capacity=3)
    SignupFactory(shift=shift, volunteer=approved_volunteer(role))
    SignupFactory(shift=shift, volunteer=approved_volunteer(role), status="waitlisted")
    ShiftFactory(role=role, starts_at=in_days(-3), ends_at=in_days(-3, 19))  # past

    response = staff.get(BASE)

    assert listed(response) == [shift.pk]
    assert "1 af 3 tilmeldt" in response.text
    assert "mangler 2" in response.text
    assert "1 på venteliste" in response.text


def test_the_understaffed_filter_shows_coming_shifts_with_too_few_confirmed(staff, role):
    full = ShiftFactory(role=role, capacity=1, starts_at=in_days(2))
    SignupFactory(shift=full, volunteer=approved_volunteer(role))
    short = ShiftFactory(role=role, capacity=2, starts_at=in_days(3))
    SignupFactory(shift=short, volunteer=approved_volunteer(role))
    # An offer does not count as staffed: nobody has said yes yet.
    offered = ShiftFactory(role=role, capacity=1, starts_at=in_days(4))
    SignupFactory(shift=offered, volunteer=approved_volunteer(role), status="offered")
    empty = ShiftFactory(role=role, capacity=1, starts_at=in_days(5))
    cancelled = ShiftFactory(
        role=role, capacity=1, starts_at=in_days(6), cancelled_at=timezone.now()
    )
    ShiftFactory(role=role, capacity=1, starts_at=in_days(-2), ends_at=in_days(-2, 19))

    response = staff.get(BASE, {"mangler": "on", "periode": "alle"})

    # Full, cancelled and past shifts are left out (newest first under "alle").
    assert listed(response) == [empty.pk, offered.pk, short.pk]
    everything = [full.pk, short.pk, offered.pk, empty.pk, cancelled.pk]
    assert listed(staff.get(BASE)) == everything


def test_the_list_filters_by_role_and_branch(staff, role, other_branch):
    mine = ShiftFactory(role=role)
    other = ShiftFactory(role=RoleFactory(branch=other_branch))

    assert listed(staff.get(BASE, {"rolle": role.pk})) == [mine.pk]
    assert listed(staff.get(BASE, {"filial": other_branch.pk})) == [other.pk]


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("understaffed", [False, True])
def test_the_list_query_count_does_not_grow_with_rows(
    staff, role, rows, understaffed, django_assert_max_num_queries
):
    for n in range(rows):
        shift = ShiftFactory(role=role, capacity=3, starts_at=in_days(1 + n % 20))
        SignupFactory(shift=shift, volunteer=approved_volunteer(role))
    params = {"mangler": "on"} if understaffed else {}
    # 8 queries, whatever the number of rows: the session and the user; the library (context
    # processor); may this person create shifts (exists); the count and the page of shifts
    # (role and branch joined, sign-up counts annotated in the same query); the roles and the
    # branches for the filters.
    with django_assert_max_num_queries(8):
        response = staff.get(BASE, params)
    assert len(listed(response)) == min(rows, 25)


def test_the_week_groups_shifts_by_day(staff, role):
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    tuesday = datetime.datetime.combine(
        monday + datetime.timedelta(days=1), datetime.time(17), tzinfo=CPH
    )
    in_week = ShiftFactory(
        role=role, starts_at=tuesday, ends_at=tuesday + datetime.timedelta(hours=2)
    )
    ShiftFactory(role=role, starts_at=tuesday + datetime.timedelta(days=7))

    response = staff.get(url("week"), {"uge": monday.isoformat()})

    assert listed(response) == [in_week.pk]
    assert response.text.count('class="activity-day"') == 7
    assert "Tirsdag" in response.text


@pytest.mark.parametrize("rows", [1, 50])
def test_the_week_query_count_does_not_grow_with_rows(
    staff, role, rows, django_assert_max_num_queries
):
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    for n in range(rows):
        start = datetime.datetime.combine(
            monday + datetime.timedelta(days=n % 7), datetime.time(8 + n % 12), tzinfo=CPH
        )
        ShiftFactory(role=role, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    # 6 queries, whatever the number of rows: the session and the user; the week's shifts (role
    # and branch joined, counts annotated); the library (context processor); the roles and the
    # branches for the filters.
    with django_assert_max_num_queries(6):
        response = staff.get(url("week"), {"uge": monday.isoformat()})
    assert len(listed(response)) == rows


# --- Create a shift or a series -----------------------------------------------------------------


def shift_data(role, **overrides) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "role": role.pk,
        "activity": "",
        "date": day.isoformat(),
        "start_time": "17:00",
        "end_time": "19:00",
        "place": "Børnebiblioteket",
        "capacity": "3",
        "notes": "Tag gerne kaffe med",
    }
    data.update(overrides)
    return data


def test_the_create_form_says_an_earlier_end_means_the_next_day(tovholder, role):
    response = tovholder.get(url("create"))
    assert "slutter vagten dagen efter" in response.text


def test_create_a_shift(tovholder, role):
    response = tovholder.post(url("create"), shift_data(role))

    shift = Shift.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", shift.pk)
    assert shift.starts_at == in_days(10)
    assert shift.ends_at == in_days(10, 19)
    assert (shift.place, shift.capacity, shift.series) == ("Børnebiblioteket", 3, None)


def test_create_a_shift_that_crosses_midnight(tovholder, role):
    tovholder.post(url("create"), shift_data(role, start_time="22:00", end_time="02:00"))

    shift = Shift.objects.get()
    assert shift.starts_at == in_days(10, 22)
    assert shift.ends_at == in_days(11, 2)


def test_a_shift_cannot_start_and_end_at_the_same_time_or_lie_in_the_past(tovholder, role):
    response = tovholder.post(url("create"), shift_data(role, end_time="17:00"))
    assert "end_time" in field_errors(response)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = tovholder.post(url("create"), shift_data(role, date=yesterday))
    assert field_errors(response)["date"] == "Vagten skal ligge i fremtiden."
    assert not Shift.objects.exists()


def test_a_tovholder_cannot_create_shifts_for_another_branchs_role(tovholder, role, other_branch):
    foreign = RoleFactory(branch=other_branch)

    response = tovholder.post(url("create"), shift_data(foreign))

    assert response.status_code == 200
    assert "role" in field_errors(response)
    assert not Shift.objects.exists()


def test_create_a_weekly_series(tovholder, role):
    first = timezone.localdate() + datetime.timedelta(days=1)
    response = tovholder.post(
        url("series_create"),
        {
            "role": role.pk,
            "weekday": first.weekday(),
            "start_time": "10:00",
            "end_time": "12:00",
            "starts_on": first.isoformat(),
            "ends_on": (first + datetime.timedelta(weeks=5)).isoformat(),
            "place": "",
            "capacity": "2",
            "notes": "",
        },
    )

    series = ShiftSeries.objects.get()
    assert response["Location"] == url("series_detail", series.pk)
    assert series.shifts.count() == 6
    assert "Serien er oprettet med 6 vagter." in flash(response)


def test_a_series_ending_before_it_starts_is_refused(tovholder, role):
    first = timezone.localdate() + datetime.timedelta(days=7)
    response = tovholder.post(
        url("series_create"),
        {
            "role": role.pk,
            "weekday": 0,
            "start_time": "10:00",
            "end_time": "12:00",
            "starts_on": first.isoformat(),
            "ends_on": (first - datetime.timedelta(days=1)).isoformat(),
            "capacity": "2",
        },
    )
    assert field_errors(response)["ends_on"] == "Den sidste dato skal ligge efter den første."
    assert not ShiftSeries.objects.exists()


# --- Edit ---------------------------------------------------------------------------------------


def test_editing_one_shift_of_a_series_detaches_it(tovholder, series):
    shift = series.shifts.order_by("starts_at").first()
    day = timezone.localtime(shift.starts_at).date()

    response = tovholder.post(
        url("edit", shift.pk),
        shift_data(series.role, date=day.isoformat(), start_time="15:00", end_time="18:00"),
    )

    assert response["Location"] == url("detail", shift.pk)
    assert "Vagten er ændret. Den hører ikke længere til serien." in flash(response)
    shift.refresh_from_db()
    assert shift.series is None
    assert timezone.localtime(shift.starts_at).hour == 15
    assert {timezone.localtime(s.starts_at).hour for s in series.shifts.all()} == {16}


def test_the_edit_page_of_a_series_shift_explains_the_choice(tovholder, series):
    shift = series.shifts.first()
    response = tovholder.get(url("edit", shift.pk))
    assert "gælder det kun denne vagt" in response.text
    assert url("series_edit", series.pk) in response.text


def test_capacity_cannot_be_lowered_below_the_confirmed_count(tovholder, shift):
    for _ in range(2):
        SignupFactory(shift=shift, volunteer=approved_volunteer(shift.role))
    day = timezone.localtime(shift.starts_at).date()

    response = tovholder.post(
        url("edit", shift.pk), shift_data(shift.role, date=day.isoformat(), capacity="1")
    )

    assert response.status_code == 200
    assert field_errors(response)["capacity"].startswith("Der er 2 tilmeldte")
    assert error_summary(response)
    shift.refresh_from_db()
    assert shift.capacity == 2


def test_a_started_shift_cannot_be_edited(tovholder, role):
    started = ShiftFactory(
        role=role, starts_at=timezone.now() - datetime.timedelta(hours=1), ends_at=in_days(1)
    )
    response = tovholder.get(url("edit", started.pk))
    assert "kan ikke ændres længere" in response.text
    assert '<form method="post" novalidate' not in response.text


def test_edit_the_series_as_a_whole(tovholder, series):
    response = tovholder.post(
        url("series_edit", series.pk),
        {
            "start_time": "15:30",
            "end_time": "17:30",
            "ends_on": series.ends_on.isoformat(),
            "place": "Mødelokalet",
            "capacity": "4",
            "notes": "",
        },
    )

    assert response["Location"] == url("series_detail", series.pk)
    for shift in series.shifts.all():
        assert timezone.localtime(shift.starts_at).time() == datetime.time(15, 30)
        assert (shift.place, shift.capacity) == ("Mødelokalet", 4)


def test_a_series_capacity_below_a_shift_confirmed_count_is_a_form_error(tovholder, series):
    shift = series.shifts.order_by("starts_at").last()
    for _ in range(3):
        SignupFactory(shift=shift, volunteer=approved_volunteer(series.role))

    response = tovholder.post(
        url("series_edit", series.pk),
        {
            "start_time": "16:00",
            "end_time": "18:00",
            "ends_on": series.ends_on.isoformat(),
            "capacity": "2",
        },
    )

    assert response.status_code == 200
    assert any("lavere end antallet af tilmeldte" in line for line in error_summary(response))
    assert set(series.shifts.values_list("capacity", flat=True)) == {3}


# --- Cancel -------------------------------------------------------------------------------------


def test_cancelling_a_shift_emails_every_live_sign_up(
    tovholder, shift, django_capture_on_commit_callbacks
):
    confirmed = SignupFactory(shift=shift, volunteer=approved_volunteer(shift.role))
    waiting = SignupFactory(
        shift=shift, volunteer=approved_volunteer(shift.role), status="waitlisted"
    )
    gone = SignupFactory(shift=shift, volunteer=approved_volunteer(shift.role), status="cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        response = tovholder.post(url("cancel", shift.pk), {"reason": "Vandskade i salen"})

    assert response["Location"] == url("detail", shift.pk)
    assert "Vagten er aflyst. 2 frivillige har fået besked." in flash(response)
    for signup, expected in [
        (confirmed, SignupStatus.SHIFT_CANCELLED),
        (waiting, SignupStatus.SHIFT_CANCELLED),
        (gone, SignupStatus.CANCELLED),
    ]:
        signup.refresh_from_db()
        assert signup.status == expected
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [confirmed.volunteer.user.email, waiting.volunteer.user.email]
    )
    assert all("Vandskade i salen" in m.body for m in mail.outbox)


def test_cancelling_needs_a_reason(tovholder, shift):
    response = tovholder.post(url("cancel", shift.pk), {"reason": ""})
    assert field_errors(response)["reason"] == "Skriv hvorfor vagten aflyses."
    shift.refresh_from_db()
    assert shift.cancelled_at is None


def test_cancel_the_whole_series(tovholder, series, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = tovholder.post(url("series_cancel", series.pk), {"reason": "Sommerferie"})

    assert response["Location"] == url("series_detail", series.pk)
    series.refresh_from_db()
    assert series.cancelled_at is not None
    assert not series.shifts.filter(cancelled_at__isnull=True).exists()


# --- Detail, message, attendance ----------------------------------------------------------------


def test_the_detail_shows_sign_ups_by_status_and_the_waitlist_in_order(staff, shift):
    role = shift.role
    SignupFactory(shift=shift, volunteer=approved_volunteer(role, name="Carl Tilmeldt"))
    SignupFactory(
        shift=shift,
        volunteer=approved_volunteer(role, name="Dorte Tilbudt"),
        status="offered",
        offer_expires_at=in_days(1, 12),
    )
    now = timezone.now()
    SignupFactory(
        shift=shift,
        volunteer=approved_volunteer(role, name="Bent Senere"),
        status="waitlisted",
        created_at=now,
    )
    SignupFactory(
        shift=shift,
        volunteer=approved_volunteer(role, name="Anna Først"),
        status="waitlisted",
        created_at=now - datetime.timedelta(hours=1),
    )

    text = staff.get(url("detail", shift.pk)).text

    assert "Carl Tilmeldt" in text
    assert "Dorte Tilbudt – skal svare senest" in text
    assert text.index("Anna Først") < text.index("Bent Senere")
    assert "Skriv til de frivillige" not in text  # read-only staff


def test_message_goes_to_confirmed_and_offered_only(
    tovholder, shift, django_capture_on_commit_callbacks
):
    confirmed = SignupFactory(shift=shift, volunteer=approved_volunteer(shift.role))
    offered = SignupFactory(
        shift=shift,
        volunteer=approved_volunteer(shift.role),
        status="offered",
        offer_expires_at=in_days(1),
    )
    SignupFactory(shift=shift, volunteer=approved_volunteer(shift.role), status="waitlisted")

    with django_capture_on_commit_callbacks(execute=True):
        response = tovholder.post(
            url("message", shift.pk),
            {"subject": "Husk nøglen", "body": "Nøglen ligger i skranken."},
        )

    assert "Beskeden er sendt til 2 frivillige." in flash(response)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [confirmed.volunteer.user.email, offered.volunteer.user.email]
    )
    message = mail.outbox[0]
    assert message.subject == "Husk nøglen"
    assert "Nøglen ligger i skranken." in message.body
    assert message.reply_to == ["tovholder@example.dk"]


def test_an_empty_message_is_a_form_error(tovholder, shift):
    response = tovholder.post(url("message", shift.pk), {"subject": "", "body": ""})
    assert set(field_errors(response)) == {"subject", "body"}
    assert mail.outbox == []


@pytest.fixture
def held(role):
    shift = ShiftFactory(
        role=role,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    came = SignupFactory(shift=shift, volunteer=approved_volunteer(role, name="Kom Gerne"))
    stayed_home = SignupFactory(shift=shift, volunteer=approved_volunteer(role, name="Blev Hjemme"))
    return shift, came, stayed_home


def test_attendance_yes_creates_hours_no_does_not(tovholder, held):
    shift, came, stayed_home = held
    data = {f"signup_{came.pk}": "ja", f"signup_{stayed_home.pk}": "nej"}

    response = tovholder.post(url("attendance", shift.pk), data)
    tovholder.post(url("attendance", shift.pk), data)  # saved twice: still one entry

    assert response["Location"] == url("detail", shift.pk)
    entry = HoursEntry.objects.get()
    assert entry.signup == came
    assert str(entry.hours) == "2.00"
    came.refresh_from_db()
    stayed_home.refresh_from_db()
    assert (came.attended, stayed_home.attended) == (True, False)


def test_the_attendance_page_waits_for_the_shift_to_start(tovholder, shift):
    SignupFactory(shift=shift, volunteer=approved_volunteer(shift.role))
    response = tovholder.get(url("attendance", shift.pk))
    assert "ikke begyndt endnu" in response.text


def test_read_only_staff_cannot_mark_attendance(staff, held):
    shift, came, _ = held
    response = staff.post(url("attendance", shift.pk), {f"signup_{came.pk}": "ja"})
    assert response.status_code == 403
    assert not HoursEntry.objects.exists()


def test_the_contact_person_may_mark_attendance(held, role):
    from tests.conftest import _client_for

    shift, came, _ = held
    client = _client_for(role.contact_person)
    client.post(url("attendance", shift.pk), {f"signup_{came.pk}": "ja"})
    assert HoursEntry.objects.filter(signup=came).exists()


def test_a_plain_staff_contact_person_is_not_a_manager_of_other_roles(held):
    from tests.conftest import _client_for

    shift, came, _ = held
    client = _client_for(StaffFactory())
    assert client.get(url("attendance", shift.pk)).status_code == 403
