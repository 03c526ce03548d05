"""iCalendar for shifts (one event per shift), built on the activities app's RFC 5545 helpers
(line folding, TEXT escaping, UTC times).

Used for the .ics file attached to confirmation, reminder and change emails, and for each
volunteer's personal feed (a secret address their calendar app subscribes to).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.ical import CRLF, escape_text, fold, utc

PRODID = "-//Sammen//Frivillige vagter//DA"


def _location(shift) -> str:
    branch = shift.role.branch
    return ", ".join(part for part in [shift.place, branch.name, branch.full_address] if part)


def _description(shift, url: str) -> str:
    paragraphs = []
    if shift.cancelled_at:
        paragraphs.append(_("Aflyst: %(reason)s") % {"reason": shift.cancel_reason})
    paragraphs.append(shift.notes.strip())
    contact = shift.role.contact_person
    if contact:
        paragraphs.append(
            _("Kontaktperson: %(name)s %(email)s")
            % {"name": contact.get_full_name(), "email": contact.email}
        )
    paragraphs.append(_("Dine vagter: %(url)s") % {"url": url})
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _event(shift, *, host: str, url: str, stamp: str) -> list[str]:
    summary = _("Vagt: %(role)s") % {"role": shift.role.title}
    if shift.cancelled_at:
        summary = _("Aflyst: %(summary)s") % {"summary": summary}
    return [
        "BEGIN:VEVENT",
        f"UID:shift-{shift.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{shift.ical_sequence}",
        f"DTSTART:{utc(shift.starts_at)}",
        f"DTEND:{utc(shift.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(_location(shift))}",
        f"DESCRIPTION:{escape_text(_description(shift, url))}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if shift.cancelled_at else 'CONFIRMED'}",
        "END:VEVENT",
    ]


def shift_calendar(shifts, *, name: str = "Mine vagter", feed: bool = False) -> str:
    """An iCalendar object with one VEVENT per shift (the shifts need role__branch and
    role__contact_person). ``feed``: ask subscribed calendars to look again a few times a day."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    url = settings.SITE_URL + reverse("volunteers:my_shifts")
    stamp = utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    if feed:
        # RFC 7986 and Outlook's own name for the same thing.
        lines += ["REFRESH-INTERVAL;VALUE=DURATION:PT3H", "X-PUBLISHED-TTL:PT3H"]
    for shift in shifts:
        lines += _event(shift, host=host, url=url, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
