"""The shift rules (volunteers/services/shifts.py) without the web pages: sign-up, overlap,
cut-off, waitlist and offers, single shifts and weekly series, attendance, reminders."""

import datetime
import io
import zoneinfo
from decimal import Decimal
from itertools import pairwise

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AuditEntry
from tests.volunteers.factories import (
    RoleFactory,
    ShiftFactory,
    SignupFactory,
    approve,
    approved_volunteer,
)
from volunteers.models import HoursEntry, HoursStatus, Shift, ShiftSeries, Signup, SignupStatus
from volunteers.services import VolunteerError
from volunteers.services import shifts as services

pytestmark = pytest.mark.django_db

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def in_hours(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CPH)


def next_weekday(weekday: int, weeks_ahead: int = 2) -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


@pytest.fixture
def role():
    return RoleFactory(title="Lektiecafé")


def sign_up(shift, volunteer) -> Signup:
    return services.shift_sign_up(shift=shift, volunteer=volunteer)


def run_jobs():
    call_command("shift_jobs", stdout=io.StringIO())


def recipients() -> list[list[str]]:
    return [message.to for message in mail.outbox]


# --- Sign-up ------------------------------------------------------------------------------------


def test_a_free_place_confirms_and_a_full_shift_waitlists(role):
    shift = ShiftFactory(role=role, capacity=1)
    first, second = approved_volunteer(role), approved_volunteer(role)

    assert sign_up(shift, first).status == SignupStatus.CONFIRMED
    assert sign_up(shift, second).status == SignupStatus.WAITLISTED


def test_signing_up_twice_for_the_same_shift_is_refused(role):
    shift = ShiftFactory(role=role, capacity=3)
    volunteer = approved_volunteer(role)
    sign_up(shift, volunteer)

    with pytest.raises(VolunteerError, match="allerede tilmeldt"):
        sign_up(shift, volunteer)
    assert Signup.objects.filter(shift=shift, volunteer=volunteer).count() == 1


def test_a_waitlisted_volunteer_cannot_sign_up_again_either(role):
    shift = ShiftFactory(role=role, capacity=1)
    sign_up(shift, approved_volunteer(role))
    volunteer = approved_volunteer(role)
    sign_up(shift, volunteer)

    with pytest.raises(VolunteerError):
        sign_up(shift, volunteer)


def test_after_cancelling_a_volunteer_may_sign_up_again(role):
    shift = ShiftFactory(role=role, capacity=1)
    volunteer = approved_volunteer(role)
    services.signup_cancel(signup=sign_up(shift, volunteer))

    assert sign_up(shift, volunteer).status == SignupStatus.CONFIRMED


def test_overlapping_shifts_for_one_person_are_refused(role):
    day = timezone.localdate() + datetime.timedelta(days=5)
    volunteer = approved_volunteer(role)
    sign_up(ShiftFactory(role=role, starts_at=local(day, 17), ends_at=local(day, 19)), volunteer)
    other_role = RoleFactory()
    approve(volunteer, other_role)
    clash = ShiftFactory(role=other_role, starts_at=local(day, 18), ends_at=local(day, 20))

    with pytest.raises(VolunteerError, match="allerede en vagt på det tidspunkt"):
        sign_up(clash, volunteer)


def test_a_shift_right_after_another_is_no_overlap(role):
    day = timezone.localdate() + datetime.timedelta(days=5)
    volunteer = approved_volunteer(role)
    sign_up(ShiftFactory(role=role, starts_at=local(day, 17), ends_at=local(day, 19)), volunteer)
    after = ShiftFactory(role=role, starts_at=local(day, 19), ends_at=local(day, 21))

    assert sign_up(after, volunteer).status == SignupStatus.CONFIRMED


def test_a_shift_crossing_midnight_overlaps_an_early_shift_the_next_day(role):
    day = timezone.localdate() + datetime.timedelta(days=5)
    starts_at, ends_at = services.shift_times(day, datetime.time(22), datetime.time(2))
    night = ShiftFactory(role=role, starts_at=starts_at, ends_at=ends_at)
    next_day = day + datetime.timedelta(days=1)
    early = ShiftFactory(role=role, starts_at=local(next_day, 1), ends_at=local(next_day, 3))
    volunteer = approved_volunteer(role)
    sign_up(night, volunteer)

    with pytest.raises(VolunteerError):
        sign_up(early, volunteer)
    later = ShiftFactory(role=role, starts_at=local(next_day, 2), ends_at=local(next_day, 4))
    assert sign_up(later, volunteer).status == SignupStatus.CONFIRMED


def test_a_waitlist_place_does_not_count_as_an_overlap(role):
    """Only a held place (confirmed/offered) blocks another shift at the same time."""
    day = timezone.localdate() + datetime.timedelta(days=5)
    full = ShiftFactory(role=role, capacity=1, starts_at=local(day, 10), ends_at=local(day, 12))
    sign_up(full, approved_volunteer(role))
    volunteer = approved_volunteer(role)
    sign_up(full, volunteer)  # waitlisted
    same_time = ShiftFactory(role=role, starts_at=local(day, 11), ends_at=local(day, 13))

    assert sign_up(same_time, volunteer).status == SignupStatus.CONFIRMED


def test_only_volunteers_approved_for_the_role_may_sign_up(role):
    shift = ShiftFactory(role=role)
    stranger = approved_volunteer(RoleFactory())

    with pytest.raises(VolunteerError, match="godkendt"):
        sign_up(shift, stranger)


# --- Cut-off and late cancellation ----------------------------------------------------------


def test_cancelling_before_the_cut_off_tells_nobody(
    role, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS = 24
    shift = ShiftFactory(role=role, starts_at=in_hours(48), ends_at=in_hours(50))
    signup = sign_up(shift, approved_volunteer(role))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=signup)

    assert mail.outbox == []


def test_cancelling_after_the_cut_off_emails_the_contact_person_once(
    role, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS = 24
    shift = ShiftFactory(role=role, starts_at=in_hours(10), ends_at=in_hours(12))
    volunteer = approved_volunteer(role, name="Aase Frivillig")
    signup = sign_up(shift, volunteer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=signup)

    assert recipients() == [[role.contact_person.email]]
    message = mail.outbox[0]
    assert "Afbud efter fristen" in message.subject
    assert "Aase Frivillig" in message.body
    assert message.reply_to == [volunteer.user.email]


def test_leaving_the_waitlist_after_the_cut_off_tells_nobody(
    role, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS = 24
    shift = ShiftFactory(role=role, capacity=1, starts_at=in_hours(10), ends_at=in_hours(12))
    sign_up(shift, approved_volunteer(role))
    waiting = sign_up(shift, approved_volunteer(role))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=waiting)

    assert mail.outbox == []


# --- Waitlist and offers ------------------------------------------------------------------------


@pytest.fixture
def full_shift(role):
    """Capacity 1: one confirmed, two on the waitlist (in that order)."""
    shift = ShiftFactory(role=role, capacity=1, starts_at=in_hours(72), ends_at=in_hours(74))
    confirmed = sign_up(shift, approved_volunteer(role))
    first = sign_up(shift, approved_volunteer(role))
    second = sign_up(shift, approved_volunteer(role))
    return shift, confirmed, first, second


def status(signup) -> str:
    signup.refresh_from_db()
    return signup.status


def test_a_cancellation_offers_the_place_to_the_first_on_the_waitlist(
    full_shift, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SHIFT_OFFER_HOURS = 24
    shift, confirmed, first, second = full_shift
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=confirmed)

    first.refresh_from_db()
    assert first.status == SignupStatus.OFFERED
    expected = timezone.now() + datetime.timedelta(hours=24)
    assert abs(first.offer_expires_at - expected) < datetime.timedelta(minutes=1)
    assert status(second) == SignupStatus.WAITLISTED
    assert recipients() == [[first.volunteer.user.email]]
    offer = mail.outbox[0]
    assert "/frivillig/vagter/#tilbud" in offer.body
    assert "Svar senest" not in offer.subject
    assert "senest" in offer.body


def test_an_offer_never_outlives_the_shift_start(role, settings):
    settings.SAMMEN_SHIFT_OFFER_HOURS = 24
    shift = ShiftFactory(role=role, capacity=1, starts_at=in_hours(30), ends_at=in_hours(32))
    confirmed = sign_up(shift, approved_volunteer(role))
    waiting = sign_up(shift, approved_volunteer(role))
    settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS = 1
    # Starts in 5 hours: the offer must be answered before then.
    Shift.objects.filter(pk=shift.pk).update(starts_at=in_hours(5), ends_at=in_hours(7))

    services.signup_cancel(signup=confirmed)

    waiting.refresh_from_db()
    shift.refresh_from_db()
    assert waiting.offer_expires_at == shift.starts_at


def test_accepting_an_offer_in_time_confirms(full_shift, django_capture_on_commit_callbacks):
    shift, confirmed, first, _ = full_shift
    services.signup_cancel(signup=confirmed)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.offer_accept(signup=first)

    assert status(first) == SignupStatus.CONFIRMED
    assert recipients() == [[first.volunteer.user.email]]
    assert mail.outbox[0].attachments[0][0] == "vagt.ics"


def test_an_unanswered_offer_expires_and_passes_to_the_next(
    full_shift, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SHIFT_OFFER_HOURS = 24
    shift, confirmed, first, second = full_shift
    services.signup_cancel(signup=confirmed)

    with time_machine.travel(in_hours(23), tick=False):
        run_jobs()
        assert status(first) == SignupStatus.OFFERED  # not yet

    mail.outbox.clear()
    with time_machine.travel(in_hours(25), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            run_jobs()
        assert status(first) == SignupStatus.OFFER_EXPIRED
        assert status(second) == SignupStatus.OFFERED
        with pytest.raises(VolunteerError, match="gælder ikke længere"):
            services.offer_accept(signup=first)

    assert [second.volunteer.user.email] in recipients()


def test_accepting_after_the_deadline_but_before_the_job_ran_is_refused(full_shift, settings):
    settings.SAMMEN_SHIFT_OFFER_HOURS = 24
    shift, confirmed, first, _ = full_shift
    services.signup_cancel(signup=confirmed)

    with (
        time_machine.travel(in_hours(25), tick=False),
        pytest.raises(VolunteerError, match="udløbet"),
    ):
        services.offer_accept(signup=first)
    assert status(first) == SignupStatus.OFFERED  # the job moves it on


def test_declining_an_offer_passes_it_to_the_next(full_shift):
    shift, confirmed, first, second = full_shift
    services.signup_cancel(signup=confirmed)

    services.offer_decline(signup=first)

    assert status(first) == SignupStatus.CANCELLED
    assert status(second) == SignupStatus.OFFERED


def test_an_open_offer_holds_the_place_against_new_sign_ups(full_shift, role):
    shift, confirmed, first, _ = full_shift
    services.signup_cancel(signup=confirmed)

    assert sign_up(shift, approved_volunteer(role)).status == SignupStatus.WAITLISTED


# --- Single shifts ------------------------------------------------------------------------------


def test_shift_times_put_an_end_before_the_start_on_the_next_day():
    day = datetime.date(2030, 5, 10)
    starts_at, ends_at = services.shift_times(day, datetime.time(22), datetime.time(2))
    assert starts_at == local(day, 22)
    assert ends_at == local(datetime.date(2030, 5, 11), 2)


def test_create_a_shift(role, manager_user):
    starts_at = in_hours(48)
    shift = services.shift_create(
        role=role,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        capacity=4,
        place="Børnebiblioteket",
        acting_user=manager_user,
    )
    assert shift.capacity == 4
    assert AuditEntry.objects.filter(action="shift_created", target_id=str(shift.pk)).exists()


def test_a_shift_in_the_past_cannot_be_created(role, manager_user):
    with pytest.raises(VolunteerError, match="fremtiden"):
        services.shift_create(
            role=role,
            starts_at=in_hours(-2),
            ends_at=in_hours(-1),
            capacity=1,
            acting_user=manager_user,
        )


def test_capacity_cannot_go_below_the_confirmed_count(role, manager_user):
    shift = ShiftFactory(role=role, capacity=3)
    sign_up(shift, approved_volunteer(role))
    sign_up(shift, approved_volunteer(role))

    with pytest.raises(VolunteerError, match="ikke sættes lavere end 2"):
        services.shift_update(shift=shift, capacity=1, acting_user=manager_user)
    shift.refresh_from_db()
    assert shift.capacity == 3
    services.shift_update(shift=shift, capacity=2, acting_user=manager_user)
    shift.refresh_from_db()
    assert shift.capacity == 2


def test_more_capacity_offers_the_new_places_to_the_waitlist(full_shift, manager_user):
    shift, _, first, second = full_shift

    services.shift_update(shift=shift, capacity=2, acting_user=manager_user)

    assert status(first) == SignupStatus.OFFERED
    assert status(second) == SignupStatus.WAITLISTED


def test_less_capacity_sends_an_open_offer_back_to_the_front_of_the_waitlist(
    full_shift, manager_user, role
):
    shift, confirmed, first, second = full_shift
    services.shift_update(shift=shift, capacity=2, acting_user=manager_user)  # first offered

    services.shift_update(shift=shift, capacity=1, acting_user=manager_user)

    assert status(first) == SignupStatus.WAITLISTED
    services.signup_cancel(signup=confirmed)
    assert status(first) == SignupStatus.OFFERED  # still first in line
    assert status(second) == SignupStatus.WAITLISTED


def test_moving_a_shift_tells_the_volunteers_and_resets_its_reminder(
    role, manager_user, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(role=role, reminder_sent_at=timezone.now())
    volunteer = approved_volunteer(role)
    sign_up(shift, volunteer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.shift_update(
            shift=shift,
            starts_at=shift.starts_at + datetime.timedelta(hours=1),
            ends_at=shift.ends_at + datetime.timedelta(hours=1),
            acting_user=manager_user,
        )

    shift.refresh_from_db()
    assert shift.reminder_sent_at is None
    assert recipients() == [[volunteer.user.email]]
    assert "ændret" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0] == "vagt.ics"


def test_cancelling_a_shift_tells_every_live_sign_up(
    full_shift, manager_user, django_capture_on_commit_callbacks
):
    shift, confirmed, first, second = full_shift
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        told = services.shift_cancel(
            shift=shift, reason="Biblioteket er lukket", acting_user=manager_user
        )

    assert told == 3
    for signup in (confirmed, first, second):
        assert status(signup) == SignupStatus.SHIFT_CANCELLED
    assert sorted(recipients()) == sorted(
        [[s.volunteer.user.email] for s in (confirmed, first, second)]
    )
    assert all("aflyst" in m.subject for m in mail.outbox)
    assert all("Biblioteket er lukket" in m.body for m in mail.outbox)
    with pytest.raises(VolunteerError, match="aflyst"):
        sign_up(shift, approved_volunteer(shift.role))


# --- Weekly series ------------------------------------------------------------------------------


def make_series(role, user, **overrides) -> ShiftSeries:
    values = {
        "weekday": 1,
        "start_time": datetime.time(17),
        "end_time": datetime.time(19),
        "starts_on": next_weekday(1),
        "ends_on": next_weekday(1) + datetime.timedelta(weeks=3),
        "capacity": 2,
        "place": "Læsesalen",
    }
    values.update(overrides)
    return services.series_create(role=role, acting_user=user, **values)


def local_starts(series) -> list[datetime.datetime]:
    return [
        s.starts_at.astimezone(CPH)
        for s in Shift.objects.filter(series=series).order_by("starts_at")
    ]


def test_a_series_makes_one_shift_per_week_on_its_weekday(role, manager_user):
    series = make_series(role, manager_user, starts_on=next_weekday(0))  # a Monday, weekday 1

    starts = local_starts(series)
    assert len(starts) == 4
    assert {start.weekday() for start in starts} == {1}
    assert {(start.hour, start.minute) for start in starts} == {(17, 0)}
    assert [b - a for a, b in pairwise(starts)] == [datetime.timedelta(weeks=1)] * 3
    shift = Shift.objects.filter(series=series).first()
    assert (shift.place, shift.capacity) == ("Læsesalen", 2)


@pytest.mark.parametrize(
    "starts_on, ends_on",
    [
        # Summer time begins on 31 March 2030 and ends on 27 October 2030.
        (datetime.date(2030, 3, 17), datetime.date(2030, 4, 14)),
        (datetime.date(2030, 10, 13), datetime.date(2030, 11, 10)),
    ],
)
def test_a_series_keeps_its_local_time_across_summer_time_changes(
    role, manager_user, starts_on, ends_on
):
    series = make_series(
        role,
        manager_user,
        weekday=6,
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    shifts = list(Shift.objects.filter(series=series).order_by("starts_at"))

    assert len(shifts) == 5
    assert {s.starts_at.astimezone(CPH).time() for s in shifts} == {datetime.time(10)}
    assert {s.ends_at - s.starts_at for s in shifts} == {datetime.timedelta(hours=2)}
    utc_hours = [s.starts_at.astimezone(datetime.UTC).hour for s in shifts]
    assert sorted(set(utc_hours)) == [8, 9]  # the UTC time moves, the local time does not


def test_a_series_crossing_midnight_ends_each_shift_on_the_next_day(role, manager_user):
    series = make_series(
        role, manager_user, start_time=datetime.time(22), end_time=datetime.time(1)
    )
    for shift in Shift.objects.filter(series=series):
        start, end = shift.starts_at.astimezone(CPH), shift.ends_at.astimezone(CPH)
        assert end.date() == start.date() + datetime.timedelta(days=1)
        assert end - start == datetime.timedelta(hours=3)


def test_a_series_longer_than_a_year_is_refused(role, manager_user):
    with pytest.raises(VolunteerError, match="et år"):
        make_series(role, manager_user, ends_on=next_weekday(1) + datetime.timedelta(days=400))


def test_editing_the_series_changes_every_coming_shift_but_not_detached_or_past_ones(
    role, manager_user
):
    series = make_series(role, manager_user)
    shifts = list(Shift.objects.filter(series=series).order_by("starts_at"))
    detached = shifts[1]
    services.shift_update(shift=detached, place="Mødelokale 2", acting_user=manager_user)
    past = shifts[0]
    Shift.objects.filter(pk=past.pk).update(
        starts_at=in_hours(-3), ends_at=in_hours(-1), place="Gammelt sted"
    )

    services.series_update(
        series=series,
        start_time=datetime.time(16),
        end_time=datetime.time(18, 30),
        place="Børnebiblioteket",
        acting_user=manager_user,
    )

    detached.refresh_from_db()
    past.refresh_from_db()
    assert detached.series is None
    assert detached.place == "Mødelokale 2"
    assert detached.starts_at.astimezone(CPH).hour == 17
    assert past.place == "Gammelt sted"
    for shift in Shift.objects.filter(series=series, starts_at__gt=timezone.now()):
        assert shift.place == "Børnebiblioteket"
        assert shift.starts_at.astimezone(CPH).time() == datetime.time(16)
        assert shift.ends_at.astimezone(CPH).time() == datetime.time(18, 30)
    assert Shift.objects.filter(series=series, starts_at__gt=timezone.now()).count() == 2


def test_a_series_capacity_cannot_go_below_any_coming_shift_confirmed_count(role, manager_user):
    series = make_series(role, manager_user)
    shift = Shift.objects.filter(series=series).order_by("starts_at").last()
    sign_up(shift, approved_volunteer(role))
    sign_up(shift, approved_volunteer(role))

    with pytest.raises(VolunteerError, match="lavere end antallet af tilmeldte"):
        services.series_update(series=series, capacity=1, acting_user=manager_user)
    assert set(Shift.objects.filter(series=series).values_list("capacity", flat=True)) == {2}


def test_a_later_last_date_adds_shifts_and_an_earlier_one_cancels_them(
    role, manager_user, django_capture_on_commit_callbacks
):
    series = make_series(role, manager_user)
    assert Shift.objects.filter(series=series).count() == 4

    services.series_update(
        series=series,
        ends_on=series.ends_on + datetime.timedelta(weeks=2),
        acting_user=manager_user,
    )
    assert Shift.objects.filter(series=series, cancelled_at__isnull=True).count() == 6

    last = Shift.objects.filter(series=series).order_by("starts_at").last()
    volunteer = approved_volunteer(role)
    signup = sign_up(last, volunteer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.series_update(
            series=series,
            ends_on=series.starts_on + datetime.timedelta(weeks=1),
            acting_user=manager_user,
        )
    assert Shift.objects.filter(series=series, cancelled_at__isnull=True).count() == 2
    assert status(signup) == SignupStatus.SHIFT_CANCELLED
    assert recipients() == [[volunteer.user.email]]


def test_cancelling_one_shift_of_a_series_leaves_the_others(role, manager_user):
    series = make_series(role, manager_user)
    first = Shift.objects.filter(series=series).order_by("starts_at").first()

    services.shift_cancel(shift=first, reason="Helligdag", acting_user=manager_user)

    assert Shift.objects.filter(series=series, cancelled_at__isnull=False).count() == 1
    series.refresh_from_db()
    assert series.cancelled_at is None


def test_cancelling_a_series_cancels_only_its_coming_shifts(
    role, manager_user, django_capture_on_commit_callbacks
):
    series = make_series(role, manager_user)
    shifts = list(Shift.objects.filter(series=series).order_by("starts_at"))
    Shift.objects.filter(pk=shifts[0].pk).update(starts_at=in_hours(-3), ends_at=in_hours(-1))
    services.shift_update(shift=shifts[1], place="Andet sted", acting_user=manager_user)
    volunteer = approved_volunteer(role)
    sign_up(shifts[2], volunteer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        told = services.series_cancel(
            series=series, reason="Lektiecaféen holder sommerferie", acting_user=manager_user
        )

    assert told == 1
    cancelled = set(Shift.objects.filter(cancelled_at__isnull=False).values_list("pk", flat=True))
    assert cancelled == {shifts[2].pk, shifts[3].pk}
    assert recipients() == [[volunteer.user.email]]
    with pytest.raises(VolunteerError):
        services.series_update(series=series, place="x", acting_user=manager_user)


# --- Attendance and hours -----------------------------------------------------------------------


@pytest.fixture
def held_shift(role):
    return ShiftFactory(role=role, starts_at=in_hours(-3), ends_at=in_hours(-0.5), capacity=2)


def test_attended_creates_approved_hours_once(held_shift, manager_user):
    signup = SignupFactory(shift=held_shift, volunteer=approved_volunteer(held_shift.role))

    services.signup_set_attendance(signup=signup, attended=True, acting_user=manager_user)
    services.signup_set_attendance(signup=signup, attended=True, acting_user=manager_user)

    entry = HoursEntry.objects.get()
    assert entry.signup == signup
    assert entry.volunteer == signup.volunteer
    assert entry.role == held_shift.role
    assert entry.hours == Decimal("2.50")
    assert entry.status == HoursStatus.APPROVED
    assert entry.decided_by == manager_user
    assert entry.date == timezone.localtime(held_shift.starts_at).date()


def test_not_attended_gives_no_hours_and_removes_hours_from_an_earlier_yes(
    held_shift, manager_user
):
    signup = SignupFactory(shift=held_shift, volunteer=approved_volunteer(held_shift.role))

    services.signup_set_attendance(signup=signup, attended=False, acting_user=manager_user)
    assert not HoursEntry.objects.exists()
    services.signup_set_attendance(signup=signup, attended=True, acting_user=manager_user)
    services.signup_set_attendance(signup=signup, attended=False, acting_user=manager_user)
    assert not HoursEntry.objects.exists()
    signup.refresh_from_db()
    assert signup.attended is False


def test_attendance_waits_for_the_shift_to_begin(role, manager_user):
    signup = SignupFactory(shift=ShiftFactory(role=role), volunteer=approved_volunteer(role))

    with pytest.raises(VolunteerError, match="begyndt"):
        services.signup_set_attendance(signup=signup, attended=True, acting_user=manager_user)
    assert not HoursEntry.objects.exists()


def test_a_night_shift_counts_its_hours_across_midnight(role, manager_user):
    day = timezone.localdate() - datetime.timedelta(days=2)
    starts_at, ends_at = services.shift_times(day, datetime.time(22), datetime.time(1, 30))
    shift = ShiftFactory(role=role, starts_at=starts_at, ends_at=ends_at)
    signup = SignupFactory(shift=shift, volunteer=approved_volunteer(role))

    services.signup_set_attendance(signup=signup, attended=True, acting_user=manager_user)

    assert HoursEntry.objects.get().hours == Decimal("3.50")


# --- Reminders ----------------------------------------------------------------------------------


def test_reminders_go_once_to_the_confirmed_before_the_shift(
    role, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SHIFT_REMINDER_HOURS = 24
    soon = ShiftFactory(role=role, capacity=1, starts_at=in_hours(20), ends_at=in_hours(22))
    later = ShiftFactory(role=role, starts_at=in_hours(30), ends_at=in_hours(32))
    confirmed = sign_up(soon, approved_volunteer(role))
    sign_up(soon, approved_volunteer(role))  # waitlisted: no reminder
    sign_up(later, approved_volunteer(role))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run_jobs()
        run_jobs()

    assert recipients() == [[confirmed.volunteer.user.email]]
    assert "Påmindelse" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0] == "vagt.ics"
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None

    mail.outbox.clear()
    with (
        time_machine.travel(in_hours(7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_jobs()
    assert len(mail.outbox) == 1  # now the later shift, and only that one
