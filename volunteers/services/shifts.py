"""Shifts, sign-ups, the waitlist and offers.

The capacity rule: never more sign-ups holding a place (confirmed, or offered and not yet
answered) than the shift's capacity, also under concurrent requests. Every function that counts
places locks the shift row first (SELECT ... FOR UPDATE on PostgreSQL; on SQLite every
transaction takes the write lock when it begins, see settings ``transaction_mode``).

Lock order, to rule out deadlocks: the volunteer row before the shift row.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import (
    HOLDS_A_PLACE,
    LIVE_SIGNUP,
    Application,
    ApplicationStatus,
    Shift,
    Signup,
    SignupStatus,
    Volunteer,
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
            expired = list(shift.signups.filter(status=SignupStatus.OFFERED, offer_expires_at__lte=now))
            for signup in expired:
                signup.status = SignupStatus.OFFER_EXPIRED
                signup.save(update_fields=["status", "updated_at"])
                count += 1
            _offer_free_places(shift)
    return count


# --- Notifications (filled in by the notifications module; kept here as seams) --------------


def _notify(signup: Signup, event: str):
    from .shift_mail import notify_volunteer

    notify_volunteer(signup, event)


def _notify_contact_person(signup: Signup):
    from .shift_mail import notify_contact_person_of_late_cancellation

    notify_contact_person_of_late_cancellation(signup)
