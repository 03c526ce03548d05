"""iCalendar (RFC 5545) for activities, written by hand: the little we need is simpler to get
right here than to pull in a library for.

Rules kept (RFC 5545 section numbers): lines end in CRLF (3.1); a line longer than 75 octets
is folded with CRLF + space, never inside a UTF-8 character (3.1); TEXT values escape
backslash, semicolon, comma and newlines (3.3.11); times are UTC in the "Z" form (3.3.5).
"""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity, ActivityStatus
from .templatetags.activity_tags import join_and

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//Sammen//Arrangementer//DA"

# Control characters are not allowed in TEXT (3.3.11); tab is, and newlines are escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_text(value: str) -> str:
    value = _CONTROL.sub("", str(value))
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into physical lines of at most 75 octets; each continuation line
    starts with one space, which counts towards its 75."""
    if len(line.encode()) <= MAX_OCTETS:
        return line
    parts, current, size, limit = [], [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(activity: Activity) -> str:
    branch = activity.branch
    parts = [activity.place, branch.name, branch.full_address]
    return ", ".join(part for part in parts if part)


def _description(activity: Activity, url: str) -> str:
    paragraphs = []
    if activity.status == ActivityStatus.CANCELLED:
        paragraphs.append(_("Aflyst: %(reason)s") % {"reason": activity.cancel_reason})
    paragraphs.append(activity.description.strip())
    cohosts = getattr(activity, "public_cohosts", None)
    if cohosts:
        names = join_and(cohost.name for cohost in cohosts)
        paragraphs.append(_("Sammen med %(names)s.") % {"names": names})
    paragraphs.append(_("Læs mere: %(url)s") % {"url": url})
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _event(activity: Activity, *, host: str, url: str, stamp: str) -> list[str]:
    cancelled = activity.status == ActivityStatus.CANCELLED
    summary = activity.title
    if cancelled:
        summary = _("Aflyst: %(title)s") % {"title": activity.title}
    return [
        "BEGIN:VEVENT",
        f"UID:activity-{activity.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{utc(activity.updated_at)}",
        f"SEQUENCE:{activity.ical_sequence}",
        f"DTSTART:{utc(activity.starts_at)}",
        f"DTEND:{utc(activity.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(_description(activity, url))}",
        f"LOCATION:{escape_text(_location(activity))}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
    ]


def calendar(activities, *, host: str, url_for, name: str, now=None) -> str:
    """An iCalendar object with one VEVENT per activity. `url_for(activity)` gives the
    activity's absolute public address; `host` makes the UIDs globally unique."""
    stamp = utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        # Ask subscribed calendars to look again a few times a day (RFC 7986 and Outlook's).
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for activity in activities:
        lines += _event(activity, host=host, url=url_for(activity), stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
