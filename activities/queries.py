"""Read-side helpers shared by the calendar, the iCal feed and the API, so that all three show
the same activities with the same filters and a fixed number of queries."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import ActivityCoHost

# The iCal feed: what a subscriber's calendar keeps (the last month) and looks ahead to.
FEED_PAST = datetime.timedelta(days=30)
FEED_FUTURE = datetime.timedelta(days=365)


def public_cohosts() -> Prefetch:
    """Only co-hosts who agreed to be named; on `activity.public_cohosts`."""
    return Prefetch(
        "cohosts",
        queryset=ActivityCoHost.objects.filter(show_publicly=True),
        to_attr="public_cohosts",
    )


def with_public_details(activities: QuerySet) -> QuerySet:
    """What a public list shows per activity, loaded in four queries whatever the row count:
    the activities joined with their branch, then target groups, focus areas and public
    co-hosts, one prefetch query each."""
    return activities.select_related("branch").prefetch_related(
        "target_groups", "focus_areas", public_cohosts()
    )


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the library (Europe/Copenhagen), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_activities(
    activities: QuerySet,
    *,
    branch=None,
    target_group=None,
    focus_area=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """The calendar's filters. Dates are the library's local days, both ends included."""
    if branch is not None:
        activities = activities.filter(branch=branch)
    # A target group kind and a focus area slug are unique, so an activity matches at most
    # once through each many-to-many join: no duplicates, no DISTINCT needed.
    if target_group is not None:
        activities = activities.filter(target_groups=target_group)
    if focus_area is not None:
        activities = activities.filter(focus_areas=focus_area)
    if date_from is not None:
        activities = activities.filter(starts_at__gte=start_of_day(date_from))
    if date_to is not None:
        activities = activities.filter(
            starts_at__lt=start_of_day(date_to + datetime.timedelta(days=1))
        )
    return activities


def feed_window(activities: QuerySet, *, now=None) -> QuerySet:
    now = now or timezone.now()
    return activities.filter(starts_at__gte=now - FEED_PAST, starts_at__lte=now + FEED_FUTURE)
