"""Shifts never overbook, also when many volunteers press "Tilmeld" at the same moment.

Each thread has its own database connection (Django's connections are per thread) and all of
them are released together by a barrier. The race window between counting and inserting is
widened on purpose (`_between_count_and_insert` sleeps), so a missing lock shows at once: the
control test turns the lock off and must see the shift overbooked.
"""

import threading
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from accounts.models import ConsentText, User
from tests.volunteers.factories import RoleFactory, ShiftFactory
from volunteers.models import Application, ApplicationStatus, Signup, SignupStatus, Volunteer
from volunteers.services import VolunteerError
from volunteers.services import shifts as shift_services

pytestmark = pytest.mark.django_db(transaction=True)

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (run with DATABASE_URL)"
)


def _volunteers(role, count: int) -> list[Volunteer]:
    stamp = time.monotonic_ns()
    users = User.objects.bulk_create(
        User(email=f"frivillig-{stamp}-{n}@example.dk", name=f"Frivillig {n}") for n in range(count)
    )
    volunteers = Volunteer.objects.bulk_create(Volunteer(user=user) for user in users)
    consent = ConsentText.current("volunteer")
    Application.objects.bulk_create(
        Application(
            volunteer=v,
            role=role,
            motivation="-",
            availability="-",
            consent_text=consent,
            consented_at=timezone.now(),
            status=ApplicationStatus.APPROVED,
        )
        for v in volunteers
    )
    return volunteers


def _race(action, items) -> list[Exception]:
    """Run action(item) in one thread per item, all released at once."""
    barrier = threading.Barrier(len(items))
    errors: list[Exception] = []

    def worker(item):
        try:
            barrier.wait()
            action(item)
        except Exception as exc:  # collected and asserted on by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def wide_race_window(monkeypatch):
    monkeypatch.setattr(shift_services, "_between_count_and_insert", lambda: time.sleep(0.01))


def _sign_up_all(shift, volunteers):
    return _race(lambda v: shift_services.shift_sign_up(shift=shift, volunteer=v), volunteers)


def _counts(shift) -> Counter:
    return Counter(Signup.objects.filter(shift=shift).values_list("status", flat=True))


@on_postgres
@pytest.mark.parametrize("attempt", range(3))
def test_100_simultaneous_sign_ups_for_10_places_confirm_exactly_10(wide_race_window, attempt):
    role = RoleFactory()
    shift = ShiftFactory(role=role, capacity=10)
    volunteers = _volunteers(role, 100)

    errors = _sign_up_all(shift, volunteers)

    assert errors == []
    counts = _counts(shift)
    assert counts[SignupStatus.CONFIRMED] == 10
    assert counts[SignupStatus.WAITLISTED] == 90
    print(f"attempt {attempt}: {dict(counts)}")


@on_postgres
def test_without_the_lock_the_same_race_overbooks(wide_race_window, settings):
    """The control: proves the test above can see the race it guards against."""
    settings.SAMMEN_LOCK_SHIFTS = False
    role = RoleFactory()
    shift = ShiftFactory(role=role, capacity=10)
    volunteers = _volunteers(role, 100)

    _sign_up_all(shift, volunteers)

    confirmed = _counts(shift)[SignupStatus.CONFIRMED]
    print(f"without the lock: {confirmed} confirmed for 10 places")
    assert confirmed > 10


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite variant of the race (fewer threads)"
)
def test_simultaneous_sign_ups_on_sqlite_neither_overbook_nor_fail(wide_race_window):
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    role = RoleFactory()
    shift = ShiftFactory(role=role, capacity=5)
    volunteers = _volunteers(role, 20)

    errors = _sign_up_all(shift, volunteers)

    assert errors == []  # in particular no "database is locked"
    counts = _counts(shift)
    assert counts[SignupStatus.CONFIRMED] == 5
    assert counts[SignupStatus.WAITLISTED] == 15


def test_two_simultaneous_cancellations_offer_two_different_waitlisted_volunteers():
    role = RoleFactory()
    shift = ShiftFactory(role=role, capacity=2)
    volunteers = _volunteers(role, 5)
    signups = [shift_services.shift_sign_up(shift=shift, volunteer=v) for v in volunteers]
    confirmed = [s for s in signups if s.status == SignupStatus.CONFIRMED]
    assert len(confirmed) == 2

    errors = _race(lambda s: shift_services.signup_cancel(signup=s), confirmed)

    assert errors == []
    offered = Signup.objects.filter(shift=shift, status=SignupStatus.OFFERED)
    assert sorted(offered.values_list("volunteer_id", flat=True)) == sorted(
        v.pk for v in volunteers[2:4]
    )
    assert (
        not Signup.objects.filter(shift=shift, volunteer=volunteers[4])
        .exclude(status=SignupStatus.WAITLISTED)
        .exists()
    )


def test_signing_up_twice_at_once_gives_one_sign_up():
    role = RoleFactory()
    shift = ShiftFactory(role=role, capacity=3)
    (volunteer,) = _volunteers(role, 1)

    errors = _race(
        lambda _: shift_services.shift_sign_up(shift=shift, volunteer=volunteer), [1, 2, 3]
    )

    assert Signup.objects.filter(shift=shift, volunteer=volunteer).count() == 1
    assert len(errors) == 2
    assert all(isinstance(e, VolunteerError) for e in errors)


# --- Added with the staff side of shifts ----------------------------------------------------


def _lower_capacity_while_signing_up(shift, volunteers, capacity: int) -> list[Exception]:
    from accounts.models import Role

    manager = User.objects.create(email=f"chef-{time.monotonic_ns()}@example.dk", role=Role.MANAGER)

    def act(item):
        if item == "capacity":
            shift_services.shift_update(shift=shift, capacity=capacity, acting_user=manager)
        else:
            shift_services.shift_sign_up(shift=shift, volunteer=item)

    return _race(act, ["capacity", *volunteers])


@on_postgres
@pytest.mark.parametrize("attempt", range(3))
def test_lowering_capacity_during_a_sign_up_rush_never_leaves_more_confirmed_than_places(
    wide_race_window, attempt
):
    """The capacity check (never below the confirmed count) counts under the same shift lock
    as sign-ups, so a lower capacity and a burst of sign-ups cannot both win."""
    role = RoleFactory()
    shift = ShiftFactory(role=role, capacity=10)
    volunteers = _volunteers(role, 30)

    errors = _lower_capacity_while_signing_up(shift, volunteers, capacity=5)

    # The change is refused (VolunteerError) if more than 5 had signed up before it ran.
    assert all(isinstance(e, VolunteerError) for e in errors)
    shift.refresh_from_db()
    counts = _counts(shift)
    assert counts[SignupStatus.CONFIRMED] <= shift.capacity
    assert counts[SignupStatus.CONFIRMED] + counts[SignupStatus.WAITLISTED] == 30
    print(f"attempt {attempt}: capacity {shift.capacity}, {dict(counts)}")


def test_two_simultaneous_job_runs_remind_each_volunteer_once(settings):
    from datetime import timedelta

    from django.core import mail

    settings.SAMMEN_SHIFT_REMINDER_HOURS = 24
    role = RoleFactory()
    soon = timezone.now() + timedelta(hours=5)
    shifts = [
        ShiftFactory(role=role, capacity=3, starts_at=soon + timedelta(minutes=n)) for n in range(3)
    ]
    volunteers = _volunteers(role, 3)
    for shift in shifts:
        for volunteer in volunteers:
            Signup.objects.create(shift=shift, volunteer=volunteer, status=SignupStatus.CONFIRMED)
    mail.outbox = []

    errors = _race(lambda _: shift_services.send_reminders(), [1, 2, 3, 4])

    assert errors == []
    assert len(mail.outbox) == 9  # 3 shifts × 3 volunteers, whichever run sent them
