"""Shifts, sign-ups, the waitlist and offers.

The capacity rule: never more sign-ups holding a place (confirmed, or offered and not yet
answered) than the shift's capacity, also under concurrent requests. Every function that counts
places locks the shift row first (SELECT ... FOR UPDATE on PostgreSQL; on SQLite every
transaction takes the write lock when it begins, see settings ``transaction_mode``).

Lock order, to rule out deadlocks: the volunteer row before the shift row; a series row before
its shift rows, and several shift rows in order of their primary key.

Besides the capacity rule this module holds the staff side of shifts (single shifts and weekly
series: create, edit, cancel), attendance (which creates hours), the reminder job and the
volunteer's personal calendar key.
"""

import datetime
import secrets
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record, plain_value

from ..models import (
    HOLDS_A_PLACE,
    LIVE_SIGNUP,
    Application,
    ApplicationStatus,
    HoursEntry,
    HoursStatus,
    Shift,
    ShiftSeries,
    Signup,
    SignupStatus,
    Volunteer,
    VolunteerRole,
)
from . import VolunteerError
from .certificates import certificate_allows


def _between_count_and_insert():
    """Does nothing. Tests patch it to widen the race window and prove the lock holds."""


def _lock_shift(pk) -> Shift:
    queryset = Shift.objects.select_related("role")
    # The test-only switch turns the lock off so the concurrency test can show the race.
    if getattr(settings, "SAMMEN_LOCK_SHIFTS", True):
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=pk)


def _lock_volunteer(pk) -> Volunteer:
    return Volunteer.objects.select_for_update().get(pk=pk)


def places_taken(shift: Shift) -> int:
    return shift.signups.filter(status__in=HOLDS_A_PLACE).count()


def may_work_on(volunteer: Volunteer, shift: Shift) -> str | None:
    """Why this volunteer may not take this shift, or None if they may."""
    if not volunteer.is_active:
        return "Du er ikke længere registreret som frivillig."
    approved = Application.objects.filter(
        volunteer=volunteer, role=shift.role, status=ApplicationStatus.APPROVED
    ).exists()
    if not approved:
        return "Du kan tage vagter, når du er godkendt som frivillig i denne rolle."
    if shift.role.involves_children and not certificate_allows(
        volunteer, timezone.localtime(shift.ends_at).date()
    ):
        return (
            "Vagten er med børn, og din børneattest er ikke i orden endnu. "
            "Din kontaktperson hjælper dig."
        )
    return None


def _overlapping(volunteer: Volunteer, shift: Shift):
    return (
        Signup.objects.filter(
            volunteer=volunteer,
            status__in=HOLDS_A_PLACE,
            shift__cancelled_at__isnull=True,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift=shift)
        .select_related("shift__role")
        .first()
    )


@transaction.atomic
def shift_sign_up(*, shift: Shift, volunteer: Volunteer) -> Signup:
    """Confirmed if there is a free place, otherwise on the waitlist."""
    volunteer = _lock_volunteer(volunteer.pk)
    # Lock the shift before counting: two requests must never both see the last place free.
    shift = _lock_shift(shift.pk)
    if shift.cancelled_at:
        raise VolunteerError("Vagten er aflyst.")
    if shift.starts_at <= timezone.now():
        raise VolunteerError("Vagten er allerede begyndt.")
    reason = may_work_on(volunteer, shift)
    if reason:
        raise VolunteerError(reason)
    if Signup.objects.filter(shift=shift, volunteer=volunteer, status__in=LIVE_SIGNUP).exists():
        raise VolunteerError("Du er allerede tilmeldt denne vagt.")
    clash = _overlapping(volunteer, shift)
    if clash:
        raise VolunteerError(
            f"Du har allerede en vagt på det tidspunkt: {clash.shift.role} "
            f"{timezone.localtime(clash.shift.starts_at):%d.%m. kl. %H.%M}."
        )
    taken = places_taken(shift)
    _between_count_and_insert()
    status = SignupStatus.CONFIRMED if taken < shift.capacity else SignupStatus.WAITLISTED
    signup = Signup.objects.create(shift=shift, volunteer=volunteer, status=status)
    _notify(signup, "confirmed" if status == SignupStatus.CONFIRMED else "waitlisted")
    return signup


def _offer_free_places(shift: Shift) -> list[Signup]:
    """Offer each free place to the next on the waitlist. The caller holds the shift lock."""
    offered = []
    free = shift.capacity - places_taken(shift)
    if free <= 0 or shift.cancelled_at or shift.starts_at <= timezone.now():
        return offered
    hours = settings.SAMMEN_SHIFT_OFFER_HOURS
    expires = min(timezone.now() + datetime.timedelta(hours=hours), shift.starts_at)
    waiting = shift.signups.filter(status=SignupStatus.WAITLISTED).order_by("created_at", "pk")
    for signup in waiting[:free]:
        signup.status = SignupStatus.OFFERED
        signup.offer_expires_at = expires
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _notify(signup, "offered")
        offered.append(signup)
    return offered


def cancellation_is_late(shift: Shift, now=None) -> bool:
    cutoff = shift.starts_at - datetime.timedelta(hours=settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS)
    return (now or timezone.now()) > cutoff


@transaction.atomic
def signup_cancel(*, signup: Signup, acting_user: User | None = None) -> Signup:
    """The volunteer (or staff) cancels. A freed place is offered to the next in line."""
    shift = _lock_shift(signup.shift_id)
    signup = Signup.objects.select_related("volunteer__user").get(pk=signup.pk)
    if signup.status not in LIVE_SIGNUP:
        raise VolunteerError("Tilmeldingen er allerede afmeldt.")
    if shift.starts_at <= timezone.now():
        raise VolunteerError("Vagten er begyndt; ring til din kontaktperson.")
    held_a_place = signup.status in HOLDS_A_PLACE
    signup.status = SignupStatus.CANCELLED
    signup.offer_expires_at = None
    signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
    if held_a_place and cancellation_is_late(shift):
        _notify_contact_person(signup)
    _offer_free_places(shift)
    return signup


@transaction.atomic
def offer_accept(*, signup: Signup) -> Signup:
    volunteer = _lock_volunteer(signup.volunteer_id)
    shift = _lock_shift(signup.shift_id)
    signup = Signup.objects.get(pk=signup.pk)
    if signup.status != SignupStatus.OFFERED:
        raise VolunteerError("Tilbuddet gælder ikke længere.")
    if signup.offer_expires_at and signup.offer_expires_at <= timezone.now():
        raise VolunteerError("Tilbuddet er udløbet. Pladsen er givet videre.")
    clash = _overlapping(volunteer, shift)
    if clash:
        raise VolunteerError("Du har allerede en vagt på det tidspunkt.")
    signup.status = SignupStatus.CONFIRMED
    signup.offer_expires_at = None
    signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
    _notify(signup, "confirmed")
    return signup


@transaction.atomic
def offer_decline(*, signup: Signup) -> Signup:
    shift = _lock_shift(signup.shift_id)
    signup = Signup.objects.get(pk=signup.pk)
    if signup.status != SignupStatus.OFFERED:
        raise VolunteerError("Tilbuddet gælder ikke længere.")
    signup.status = SignupStatus.CANCELLED
    signup.offer_expires_at = None
    signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
    _offer_free_places(shift)
    return signup


def expire_offers(*, now=None) -> int:
    """Offers not answered in time pass to the next on the waitlist (run every few minutes)."""
    now = now or timezone.now()
    count = 0
    due = Signup.objects.filter(status=SignupStatus.OFFERED, offer_expires_at__lte=now)
    for shift_id in set(due.values_list("shift_id", flat=True)):
        with transaction.atomic():
            shift = _lock_shift(shift_id)
            expired = list(
                shift.signups.filter(status=SignupStatus.OFFERED, offer_expires_at__lte=now)
            )
            for signup in expired:
                signup.status = SignupStatus.OFFER_EXPIRED
                signup.save(update_fields=["status", "updated_at"])
                count += 1
            _offer_free_places(shift)
    return count


# --- Lists: counts per shift in one query -----------------------------------------------------


def with_counts(queryset: QuerySet) -> QuerySet:
    """Annotate confirmed, offered and waitlisted counts. One LEFT JOIN and GROUP BY, so a list
    costs the same number of queries whatever its length."""
    return queryset.annotate(
        confirmed_count=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED)),
        offered_count=Count("signups", filter=Q(signups__status=SignupStatus.OFFERED)),
        waitlist_count=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
    )


def understaffed(queryset: QuerySet, *, now=None) -> QuerySet:
    """Upcoming, not cancelled, and fewer confirmed than places (needs ``with_counts``)."""
    return queryset.filter(
        confirmed_count__lt=F("capacity"),
        starts_at__gt=now or timezone.now(),
        cancelled_at__isnull=True,
    )


def shifts_for_volunteer(volunteer: Volunteer, *, now=None) -> QuerySet:
    """Upcoming, not cancelled shifts in the roles the volunteer is approved for, with counts
    and the volunteer's own live sign-up (``my_status``, ``my_signup_id``) on each row."""
    now = now or timezone.now()
    approved_roles = Application.objects.filter(
        volunteer=volunteer, status=ApplicationStatus.APPROVED
    ).values("role_id")
    mine = Signup.objects.filter(shift=OuterRef("pk"), volunteer=volunteer, status__in=LIVE_SIGNUP)
    return (
        with_counts(
            Shift.objects.filter(
                role__in=approved_roles, starts_at__gt=now, cancelled_at__isnull=True
            )
        )
        .annotate(
            my_status=Subquery(mine.values("status")[:1]),
            my_signup_id=Subquery(mine.values("pk")[:1]),
        )
        .select_related("role__branch", "activity")
        .order_by("starts_at", "pk")
    )


def feed_shifts(volunteer: Volunteer, *, now=None) -> QuerySet:
    """The personal calendar: confirmed shifts from the last 30 days on."""
    since = (now or timezone.now()) - datetime.timedelta(days=30)
    return (
        Shift.objects.filter(
            signups__volunteer=volunteer,
            signups__status=SignupStatus.CONFIRMED,
            cancelled_at__isnull=True,
            ends_at__gte=since,
        )
        .select_related("role__branch", "role__contact_person")
        .order_by("starts_at", "pk")
        .distinct()
    )


def free_places(shift: Shift) -> int:
    """Places neither confirmed nor offered (needs ``with_counts``)."""
    return max(shift.capacity - shift.confirmed_count - shift.offered_count, 0)


def signup_reason_blocked(volunteer: Volunteer, shift: Shift, certificate) -> str | None:
    """Why the volunteer cannot sign up, for the list page, without a query per row: the caller
    loads the volunteer's børneattest (or None) once. ``shift_sign_up`` checks it all again."""
    if not volunteer.is_active:
        return "Du er ikke længere registreret som frivillig."
    if shift.role.involves_children:
        day = timezone.localtime(shift.ends_at).date()
        if certificate is None or not certificate.is_valid_on(day):
            return (
                "Vagten er med børn under 15 år, og det kræver en gyldig børneattest. "
                "Din er ikke i orden endnu (eller udløber før vagten). "
                "Din kontaktperson hjælper dig med at indhente den."
            )
    return None


# --- Times: a shift may cross midnight; series keep their wall-clock times over DST -------------


MAX_SHIFT_HOURS = 24
MAX_SERIES_DAYS = 366


def _local_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def shift_times(
    day: datetime.date, start: datetime.time, end: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end of a shift on a local date. An end at or before the start is on the next
    day (22.00–02.00). Each date is made aware in the library's zone on its own, so a weekly
    series stays at 17.00 local time after the change to or from summer time."""
    zone = _local_zone()
    starts_at = datetime.datetime.combine(day, start, tzinfo=zone)
    end_day = day if end > start else day + datetime.timedelta(days=1)
    ends_at = datetime.datetime.combine(end_day, end, tzinfo=zone)
    return starts_at, ends_at


def series_dates(*, weekday: int, starts_on: datetime.date, ends_on: datetime.date) -> list:
    """Every date with this weekday (0 = Monday) from starts_on to ends_on, both included."""
    first = starts_on + datetime.timedelta(days=(weekday - starts_on.weekday()) % 7)
    dates = []
    day = first
    while day <= ends_on:
        dates.append(day)
        day += datetime.timedelta(weeks=1)
    return dates


def shift_hours(shift: Shift) -> Decimal:
    seconds = (shift.ends_at - shift.starts_at).total_seconds()
    hours = Decimal(seconds) / Decimal(3600)
    return min(hours, Decimal(MAX_SHIFT_HOURS)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _check_shift_values(*, starts_at, ends_at, capacity):
    if ends_at <= starts_at:
        raise VolunteerError("Vagten skal slutte efter, den starter.")
    if ends_at - starts_at > datetime.timedelta(hours=MAX_SHIFT_HOURS):
        raise VolunteerError("En vagt kan højst vare 24 timer.")
    if capacity is None or capacity < 1:
        raise VolunteerError("Der skal være plads til mindst én frivillig.")


def _fmt(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%d.%m.%Y kl. %H.%M}"


# --- Staff: single shifts --------------------------------------------------------------------


@transaction.atomic
def shift_create(
    *,
    role: VolunteerRole,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    place: str = "",
    notes: str = "",
    activity=None,
    acting_user: User,
) -> Shift:
    _check_shift_values(starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    if starts_at <= timezone.now():
        raise VolunteerError("Vagten skal ligge i fremtiden.")
    shift = Shift.objects.create(
        role=role,
        activity=activity,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        capacity=capacity,
        notes=notes,
    )
    audit_record(actor=acting_user, action="shift_created", target=shift)
    return shift


EDITABLE_SHIFT_FIELDS = ("starts_at", "ends_at", "place", "capacity", "notes", "activity")


def _confirmed(shift: Shift) -> int:
    return shift.signups.filter(status=SignupStatus.CONFIRMED).count()


def _check_capacity(shift: Shift, capacity: int):
    """Capacity never goes below the confirmed count: those people were promised a place."""
    confirmed = _confirmed(shift)
    if capacity < confirmed:
        raise VolunteerError(
            f"Der er {confirmed} tilmeldte på vagten {_fmt(shift.starts_at)}, så antallet af "
            f"pladser kan ikke sættes lavere end {confirmed}. Afmeld nogen først, "
            f"eller aflys vagten."
        )


def _apply_changes(shift: Shift, changes: dict) -> dict:
    """Change a shift whose row the caller has locked. Returns what changed (for the audit).

    A lower capacity that leaves too few places for open offers sends the newest offers back to
    the front of the waitlist (they keep their place in line); a higher one offers the new
    places to the waitlist. People with a place are told when the time or place changes."""
    changed = {
        name: value
        for name, value in changes.items()
        if name in EDITABLE_SHIFT_FIELDS and getattr(shift, name) != value
    }
    if not changed:
        return {}
    if "capacity" in changed:
        _check_capacity(shift, changed["capacity"])
    starts_at = changed.get("starts_at", shift.starts_at)
    ends_at = changed.get("ends_at", shift.ends_at)
    _check_shift_values(
        starts_at=starts_at, ends_at=ends_at, capacity=changed.get("capacity", shift.capacity)
    )
    if "starts_at" in changed and starts_at <= timezone.now():
        raise VolunteerError("Vagten skal ligge i fremtiden.")
    before = {name: plain_value(getattr(shift, name)) for name in changed}
    for name, value in changed.items():
        setattr(shift, name, value)
    fields = [*changed, "ical_sequence"]
    shift.ical_sequence += 1  # the row is locked by the caller
    if "starts_at" in changed:
        shift.reminder_sent_at = None  # a moved shift gets its reminder at the new time
        fields.append("reminder_sent_at")
    shift.save(update_fields=fields)

    if "capacity" in changed:
        too_many = places_taken(shift) - shift.capacity
        if too_many > 0:
            newest_offers = shift.signups.filter(status=SignupStatus.OFFERED).order_by(
                "-created_at", "-pk"
            )[:too_many]
            for signup in newest_offers:
                signup.status = SignupStatus.WAITLISTED
                signup.offer_expires_at = None
                signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
                _notify(signup, "waitlisted")
        _offer_free_places(shift)
    if {"starts_at", "ends_at", "place"} & set(changed):
        for signup in shift.signups.filter(status__in=HOLDS_A_PLACE).select_related(
            "volunteer__user"
        ):
            _notify(signup, "changed")
    return {name: [before[name], plain_value(getattr(shift, name))] for name in changed}


@transaction.atomic
def shift_update(*, shift: Shift, acting_user: User, **changes) -> Shift:
    """Change one shift. A shift of a series is detached from it, so later changes to the
    series leave it alone."""
    shift = _lock_shift(shift.pk)
    if shift.cancelled_at:
        raise VolunteerError("Vagten er aflyst og kan ikke ændres.")
    if shift.starts_at <= timezone.now():
        raise VolunteerError("Vagten er begyndt og kan ikke ændres.")
    changed = _apply_changes(shift, changes)
    if changed:
        if shift.series_id:
            changed["series"] = [shift.series_id, None]
            shift.series = None
            shift.save(update_fields=["series"])
        audit_record(actor=acting_user, action="shift_updated", target=shift, changes=changed)
    return shift


def _cancel_locked(shift: Shift, *, reason: str, now) -> int:
    """Cancel a shift whose row the caller has locked; every live sign-up is told."""
    shift.cancelled_at = now
    shift.cancel_reason = reason
    shift.ical_sequence += 1
    shift.save(update_fields=["cancelled_at", "cancel_reason", "ical_sequence"])
    told = 0
    for signup in shift.signups.filter(status__in=LIVE_SIGNUP).select_related("volunteer__user"):
        signup.status = SignupStatus.SHIFT_CANCELLED
        signup.offer_expires_at = None
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _notify(signup, "shift_cancelled")
        told += 1
    return told


@transaction.atomic
def shift_cancel(*, shift: Shift, reason: str, acting_user: User) -> int:
    """Cancel one shift. Returns how many volunteers were told."""
    shift = _lock_shift(shift.pk)
    if shift.cancelled_at:
        raise VolunteerError("Vagten er allerede aflyst.")
    if shift.starts_at <= timezone.now():
        raise VolunteerError("Vagten er begyndt og kan ikke aflyses.")
    told = _cancel_locked(shift, reason=reason, now=timezone.now())
    audit_record(
        actor=acting_user,
        action="shift_cancelled",
        target=shift,
        changes={"reason": reason, "told": told},
    )
    return told


# --- Staff: weekly series -----------------------------------------------------------------------


def _check_series_dates(*, weekday, starts_on, ends_on) -> list:
    if weekday not in range(7):
        raise VolunteerError("Vælg en ugedag.")
    if ends_on < starts_on:
        raise VolunteerError("Den sidste dato skal ligge efter den første.")
    if (ends_on - starts_on).days > MAX_SERIES_DAYS:
        raise VolunteerError("En serie kan højst strække sig over et år. Opret en ny bagefter.")
    return series_dates(weekday=weekday, starts_on=starts_on, ends_on=ends_on)


def _series_shift(series: ShiftSeries, day: datetime.date) -> Shift:
    starts_at, ends_at = shift_times(day, series.start_time, series.end_time)
    return Shift(
        role=series.role,
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        place=series.place,
        capacity=series.capacity,
        notes=series.notes,
    )


def _create_series_shifts(series: ShiftSeries, dates) -> list[Shift]:
    now = timezone.now()
    shifts = [_series_shift(series, day) for day in dates]
    shifts = [shift for shift in shifts if shift.starts_at > now]
    return Shift.objects.bulk_create(shifts)


@transaction.atomic
def series_create(
    *,
    role: VolunteerRole,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
    starts_on: datetime.date,
    ends_on: datetime.date,
    capacity: int,
    place: str = "",
    notes: str = "",
    acting_user: User,
) -> ShiftSeries:
    """A weekly series and its shifts, one per week from the first to the last date."""
    dates = _check_series_dates(weekday=weekday, starts_on=starts_on, ends_on=ends_on)
    if start_time == end_time:
        raise VolunteerError("Start og slut kan ikke være det samme klokkeslæt.")
    if capacity is None or capacity < 1:
        raise VolunteerError("Der skal være plads til mindst én frivillig.")
    series = ShiftSeries.objects.create(
        role=role,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        capacity=capacity,
        notes=notes,
    )
    created = _create_series_shifts(series, dates)
    if not created:
        raise VolunteerError("Der er ingen kommende datoer i serien. Ret datoerne eller ugedagen.")
    audit_record(
        actor=acting_user,
        action="shift_series_created",
        target=series,
        changes={"shifts": len(created)},
    )
    return series


def _future_series_shifts(series: ShiftSeries, now) -> list[Shift]:
    """The series' coming shifts, locked in primary-key order (see the lock order above)."""
    queryset = Shift.objects.filter(series=series, starts_at__gt=now, cancelled_at__isnull=True)
    if getattr(settings, "SAMMEN_LOCK_SHIFTS", True):
        queryset = queryset.select_for_update(of=("self",))
    return list(queryset.select_related("role").order_by("pk"))


def _lock_series(pk) -> ShiftSeries:
    return ShiftSeries.objects.select_for_update(of=("self",)).select_related("role").get(pk=pk)


SERIES_FIELDS = ("start_time", "end_time", "ends_on", "place", "capacity", "notes")


@transaction.atomic
def series_update(*, series: ShiftSeries, acting_user: User, **changes) -> ShiftSeries:
    """Change every coming shift of the series (started, past, cancelled and detached shifts
    keep what they were). A later last date adds shifts; an earlier one cancels those after it."""
    series = _lock_series(series.pk)
    if series.cancelled_at:
        raise VolunteerError("Serien er aflyst og kan ikke ændres.")
    changed = {
        name: value
        for name, value in changes.items()
        if name in SERIES_FIELDS and getattr(series, name) != value
    }
    if not changed:
        return series
    now = timezone.now()
    old_ends_on = series.ends_on
    new = {name: changed.get(name, getattr(series, name)) for name in SERIES_FIELDS}
    if new["start_time"] == new["end_time"]:
        raise VolunteerError("Start og slut kan ikke være det samme klokkeslæt.")
    _check_series_dates(weekday=series.weekday, starts_on=series.starts_on, ends_on=new["ends_on"])
    if "ends_on" in changed and new["ends_on"] < timezone.localdate():
        raise VolunteerError("Den sidste dato kan ikke ligge i fortiden. Aflys serien i stedet.")
    shifts = _future_series_shifts(series, now)

    # Check every shift before changing any, so the error names them all.
    if "capacity" in changed:
        too_full = [shift for shift in shifts if _confirmed(shift) > changed["capacity"]]
        if too_full:
            dates = ", ".join(f"{timezone.localtime(s.starts_at):%d.%m.}" for s in too_full)
            raise VolunteerError(
                f"Antallet af pladser kan ikke sættes lavere end antallet af tilmeldte. "
                f"Der er flere tilmeldte end {changed['capacity']} på: {dates}."
            )

    before = {name: plain_value(getattr(series, name)) for name in changed}
    for name, value in changed.items():
        setattr(series, name, value)
    series.save(update_fields=list(changed))

    cancelled = 0
    for shift in shifts:
        day = timezone.localtime(shift.starts_at).date()
        if day > series.ends_on:
            cancelled += _cancel_locked(
                shift, reason="Serien er forkortet, så denne vagt er aflyst.", now=now
            )
            continue
        starts_at, ends_at = shift_times(day, series.start_time, series.end_time)
        if starts_at <= now:
            raise VolunteerError(
                f"Med det nye starttidspunkt ville vagten {day:%d.%m.} ligge i fortiden. "
                f"Ret den vagt for sig, eller vælg et andet tidspunkt."
            )
        _apply_changes(
            shift,
            {
                "starts_at": starts_at,
                "ends_at": ends_at,
                "place": series.place,
                "capacity": series.capacity,
                "notes": series.notes,
            },
        )
    added = []
    if series.ends_on > old_ends_on:
        new_dates = [
            day
            for day in series_dates(
                weekday=series.weekday, starts_on=series.starts_on, ends_on=series.ends_on
            )
            if day > old_ends_on
        ]
        added = _create_series_shifts(series, new_dates)
    changes_log = {name: [before[name], plain_value(getattr(series, name))] for name in changed}
    changes_log["shifts"] = {"changed": len(shifts), "added": len(added), "told": cancelled}
    audit_record(
        actor=acting_user, action="shift_series_updated", target=series, changes=changes_log
    )
    return series


@transaction.atomic
def series_cancel(*, series: ShiftSeries, reason: str, acting_user: User) -> int:
    """Cancel the series and every coming shift of it. Returns how many volunteers were told."""
    series = _lock_series(series.pk)
    if series.cancelled_at:
        raise VolunteerError("Serien er allerede aflyst.")
    now = timezone.now()
    series.cancelled_at = now
    series.save(update_fields=["cancelled_at"])
    shifts = _future_series_shifts(series, now)
    told = sum(_cancel_locked(shift, reason=reason, now=now) for shift in shifts)
    audit_record(
        actor=acting_user,
        action="shift_series_cancelled",
        target=series,
        changes={"reason": reason, "shifts": len(shifts), "told": told},
    )
    return told


# --- Staff: message, attendance ------------------------------------------------------------------


def shift_message(*, shift: Shift, subject: str, body: str, acting_user: User) -> int:
    """Email everyone with a place on the shift (confirmed, or offered and not yet answered).
    One email each, so nobody sees the others' addresses. Returns how many were sent."""
    from .shift_mail import send_shift_message

    signups = list(
        shift.signups.filter(status__in=HOLDS_A_PLACE).select_related(
            "volunteer__user", "shift__role__branch"
        )
    )
    if not signups:
        raise VolunteerError("Der er ingen frivillige på vagten at skrive til.")
    for signup in signups:
        send_shift_message(signup, subject=subject, body=body, sender=acting_user)
    audit_record(
        actor=acting_user,
        action="shift_message_sent",
        target=shift,
        changes={"subject": subject, "recipients": len(signups)},
    )
    return len(signups)


@transaction.atomic
def signup_set_attendance(*, signup: Signup, attended: bool, acting_user: User) -> Signup:
    """Did a confirmed volunteer come? Yes creates approved hours for the shift's length, once
    (the hours entry is one-to-one with the sign-up); no removes hours made by an earlier yes."""
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("shift__role", "volunteer")
        .get(pk=signup.pk)
    )
    shift = signup.shift
    if signup.status != SignupStatus.CONFIRMED:
        raise VolunteerError("Fremmøde registreres kun for tilmeldte frivillige.")
    if shift.cancelled_at:
        raise VolunteerError("Vagten er aflyst.")
    if shift.starts_at > timezone.now():
        raise VolunteerError("Fremmøde kan registreres, når vagten er begyndt.")
    previous = signup.attended
    if previous != attended:
        signup.attended = attended
        signup.save(update_fields=["attended", "updated_at"])
    entry = HoursEntry.objects.filter(signup=signup).first()
    if attended and entry is None:
        HoursEntry.objects.create(
            volunteer=signup.volunteer,
            role=shift.role,
            signup=signup,
            date=timezone.localtime(shift.starts_at).date(),
            hours=shift_hours(shift),
            description=f"Vagt: {shift.role.title}",
            status=HoursStatus.APPROVED,
            decided_by=acting_user,
            decided_at=timezone.now(),
        )
    elif not attended and entry is not None:
        entry.delete()
    if previous != attended:
        audit_record(
            actor=acting_user,
            action="shift_attendance",
            target=signup,
            changes={"attended": [previous, attended]},
        )
    return signup


def shift_record_attendance(*, shift: Shift, marks: dict, acting_user: User) -> int:
    """``marks`` maps sign-up pk to True/False (None: leave as it is). Returns how many
    sign-ups were marked."""
    count = 0
    with transaction.atomic():
        for signup in shift.signups.filter(pk__in=list(marks), status=SignupStatus.CONFIRMED):
            attended = marks[signup.pk]
            if attended is None:
                continue
            signup_set_attendance(signup=signup, attended=attended, acting_user=acting_user)
            count += 1
    return count


# --- Reminders --------------------------------------------------------------------------------


def send_reminders(*, now=None) -> int:
    """Remind confirmed volunteers SAMMEN_SHIFT_REMINDER_HOURS before their shift, once per
    shift (``reminder_sent_at``). Returns how many emails were sent."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(hours=settings.SAMMEN_SHIFT_REMINDER_HOURS)
    due = Shift.objects.filter(
        cancelled_at__isnull=True,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=horizon,
    )
    sent = 0
    for shift_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # Claim the shift with a conditional UPDATE: only one of two overlapping runs of the
            # job gets a row back, so nobody is reminded twice.
            claimed = Shift.objects.filter(pk=shift_id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            confirmed = Signup.objects.filter(
                shift_id=shift_id, status=SignupStatus.CONFIRMED
            ).select_related("volunteer__user", "shift__role__branch")
            for signup in confirmed:
                _notify(signup, "reminder")
                sent += 1
    return sent


# --- The personal calendar feed -----------------------------------------------------------------


def _new_key() -> str:
    return secrets.token_urlsafe(32)


def volunteer_ical_key_new(*, volunteer: Volunteer, acting_user: User) -> str:
    """Make the volunteer's secret calendar address (first use) or replace it: the old address
    stops working at once."""
    with transaction.atomic():
        volunteer = _lock_volunteer(volunteer.pk)
        had_one = bool(volunteer.ical_key)
        volunteer.ical_key = _new_key()
        volunteer.save(update_fields=["ical_key"])
        audit_record(
            actor=acting_user,
            action="volunteer_ical_key_renewed" if had_one else "volunteer_ical_key_created",
            target=volunteer,
        )
    return volunteer.ical_key


# --- Notifications (filled in by the notifications module; kept here as seams) --------------


def _notify(signup: Signup, event: str):
    from .shift_mail import notify_volunteer

    notify_volunteer(signup, event)


def _notify_contact_person(signup: Signup):
    from .shift_mail import notify_contact_person_of_late_cancellation

    notify_contact_person_of_late_cancellation(signup)
