"""iCalendar for shifts (one event per shift), built on the activities app's RFC 5545 helpers."""

from django.conf import settings
from django.utils import timezone

from activities.ical import CRLF, escape_text, fold, utc

PRODID = "-//Sammen//Frivillige vagter//DA"


def shift_calendar(shifts, *, name: str = "Mine vagter") -> str:
    host = settings.SITE_URL.split("://", 1)[-1]
    stamp = utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for shift in shifts:
        location = ", ".join(p for p in [shift.place, shift.role.branch.name] if p)
        lines += [
            "BEGIN:VEVENT",
            f"UID:shift-{shift.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{utc(shift.starts_at)}",
            f"DTEND:{utc(shift.ends_at)}",
            f"SUMMARY:{escape_text('Vagt: ' + shift.role.title)}",
            f"LOCATION:{escape_text(location)}",
            f"DESCRIPTION:{escape_text(shift.notes)}",
            f"STATUS:{'CANCELLED' if shift.cancelled_at else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
