"""Rules for activities. Views, the API, the initiatives app and commands call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import apply_changes, audit_record

from .models import Activity, ActivityCoHost, ActivityStatus
from .signals import activity_held


class ActivityError(Exception):
    """A broken rule, with a message for the person who tried."""


def _validate(activity: Activity):
    if activity.ends_at and activity.starts_at and activity.ends_at <= activity.starts_at:
        raise ActivityError("Aktiviteten skal slutte efter, den starter.")
    try:
        activity.full_clean(exclude=["created_by", "attendance_recorded_by"])
    except ValidationError as exc:
        raise ActivityError(" ".join(exc.messages)) from exc


def _set_cohosts(activity: Activity, cohosts):
    activity.cohosts.all().delete()
    ActivityCoHost.objects.bulk_create(
        ActivityCoHost(
            activity=activity,
            kind=cohost["kind"],
            name=cohost["name"],
            user=cohost.get("user"),
            show_publicly=cohost.get("show_publicly", False),
        )
        for cohost in cohosts
        if cohost.get("name")
    )


@transaction.atomic
def activity_create(
    *,
    acting_user: User | None,
    title: str,
    description: str,
    branch,
    starts_at,
    ends_at,
    place: str = "",
    target_groups=(),
    focus_areas=(),
    is_public: bool = True,
    cohosts=(),
) -> Activity:
    activity = Activity(
        title=title,
        description=description,
        branch=branch,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        is_public=is_public,
        created_by=acting_user,
    )
    _validate(activity)
    activity.save()
    activity.target_groups.set(target_groups)
    activity.focus_areas.set(focus_areas)
    _set_cohosts(activity, cohosts)
    audit_record(actor=acting_user, action="activity_created", target=activity)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    acting_user: User,
    target_groups=None,
    focus_areas=None,
    cohosts=None,
    **data,
) -> Activity:
    if activity.status == ActivityStatus.CANCELLED:
        raise ActivityError("En aflyst aktivitet kan ikke ændres.")
    changes = apply_changes(activity, data)
    _validate(activity)
    if changes:
        # RFC 5545 SEQUENCE: calendars replace an imported event only when it goes up.
        activity.ical_sequence += 1
    activity.save()
    if target_groups is not None:
        activity.target_groups.set(target_groups)
    if focus_areas is not None:
        activity.focus_areas.set(focus_areas)
    if cohosts is not None:
        _set_cohosts(activity, cohosts)
    audit_record(actor=acting_user, action="activity_updated", target=activity, changes=changes)
    return activity


@transaction.atomic
def activity_cancel(*, activity: Activity, acting_user: User, reason: str) -> Activity:
    if activity.status != ActivityStatus.PLANNED:
        raise ActivityError("Kun en planlagt aktivitet kan aflyses.")
    if not reason.strip():
        raise ActivityError("Skriv hvorfor aktiviteten aflyses.")
    activity.status = ActivityStatus.CANCELLED
    activity.cancel_reason = reason.strip()
    activity.ical_sequence += 1
    activity.save(update_fields=["status", "cancel_reason", "ical_sequence", "updated_at"])
    audit_record(actor=acting_user, action="activity_cancelled", target=activity)
    return activity


@transaction.atomic
def activity_record_attendance(
    *,
    activity: Activity,
    acting_user: User,
    attendance_total: int,
    attendance_children: int,
    evaluation: str = "",
) -> Activity:
    """Record how many came (and how many were children 0-14) after the activity was held."""
    if activity.status == ActivityStatus.CANCELLED:
        raise ActivityError("En aflyst aktivitet har ingen deltagere.")
    if activity.starts_at > timezone.now():
        raise ActivityError("Fremmøde kan først registreres, når aktiviteten er begyndt.")
    if attendance_total is None or attendance_children is None:
        raise ActivityError("Skriv antal deltagere i alt og antal børn (0, hvis der ingen var).")
    if attendance_children > attendance_total:
        raise ActivityError("Antallet af børn kan ikke være større end antallet i alt.")
    activity.attendance_total = attendance_total
    activity.attendance_children = attendance_children
    activity.evaluation = evaluation.strip()
    activity.status = ActivityStatus.HELD
    activity.attendance_recorded_at = timezone.now()
    activity.attendance_recorded_by = acting_user
    activity.save()
    audit_record(
        actor=acting_user,
        action="activity_attendance_recorded",
        target=activity,
        changes={"total": attendance_total, "children": attendance_children},
    )
    # Listeners (initiatives) move their own state along, in this same transaction.
    activity_held.send(sender=Activity, activity=activity, acting_user=acting_user)
    return activity
