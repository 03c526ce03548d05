"""Danish dates for activities: "tirsdag 3. december kl. 17.00–19.00".

Times are shown in the library's time zone; the year only when it is not this year. The
format strings are translatable, so English can say "Tuesday 3 December, 17:00–19:00".
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def day_label(value) -> str:
    """A day as a heading: "tirsdag 3. december" (with the year if it is not this year)."""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    if value.year == timezone.localdate().year:
        return date_format(value, pgettext("activity day, this year", "l j. F"))
    return date_format(value, pgettext("activity day, another year", "l j. F Y"))


def time_label(value: datetime.datetime) -> str:
    return date_format(_local(value), pgettext("activity time of day", "H.i"))


@register.filter
def activity_time(activity) -> str:
    """The time when the day is already said (a day heading): "kl. 17.00–19.00"."""
    start, end = _local(activity.starts_at), _local(activity.ends_at)
    if start.date() == end.date():
        return _("kl. %(start)s–%(end)s") % {"start": time_label(start), "end": time_label(end)}
    return _("kl. %(start)s til %(end_day)s kl. %(end)s") % {
        "start": time_label(start),
        "end_day": day_label(end),
        "end": time_label(end),
    }


@register.filter
def activity_when(activity) -> str:
    """Day and time: "tirsdag 3. december kl. 17.00–19.00"."""
    return _("%(day)s %(time)s") % {
        "day": day_label(activity.starts_at),
        "time": activity_time(activity),
    }


@register.filter
def join_and(names) -> str:
    """ "Inger Hansen, Røde Kors og Tårnby Lokalhistoriske Forening"."""
    names = [str(name) for name in names]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s og %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


@register.filter
def cohost_names(cohosts) -> str:
    return join_and(cohost.name for cohost in cohosts)
