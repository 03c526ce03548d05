"""The iCal feed /arrangementer/kalender.ics and the single-event files (RFC 5545)."""

import datetime
import re

import pytest
from django.utils import timezone

from activities.ical import escape_text, fold
from activities.models import ActivityStatus
from tests.activities.factories import ActivityFactory, CoHostFactory, in_days
from tests.factories import BranchFactory

FEED = "/arrangementer/kalender.ics"

# Every test touches the database: the shared fixtures clear the (database) cache.
pytestmark = pytest.mark.django_db


def parse(body: bytes) -> list[dict]:
    """Check the physical format, unfold, and return each VEVENT as {NAME: value}. Fails the
    test on a bare LF, a line over 75 octets or an unbalanced BEGIN/END."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "every line must end in CRLF"
    physical = body.split(b"\r\n")[:-1]
    for line in physical:
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
    text = body.decode("utf-8").replace("\r\n ", "")  # unfold (RFC 5545 3.1)
    lines = text.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    assert current is None
    return events


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_the_feed_is_text_calendar_with_one_event_per_public_activity(anonymous):
    first = ActivityFactory(title="Babysalmesang", starts_at=in_days(2))
    second = ActivityFactory(title="Sprogcafé", starts_at=in_days(4))

    response = anonymous.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = parse(response.content)
    assert [event["SUMMARY"] for event in events] == ["Babysalmesang", "Sprogcafé"]
    assert [event["UID"] for event in events] == [
        f"activity-{first.pk}@testserver",
        f"activity-{second.pk}@testserver",
    ]
    event = events[0]
    assert event["DTSTART"] == first.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == first.ends_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert event["URL"] == f"http://testserver/arrangementer/{first.pk}/"
    assert event["STATUS"] == "CONFIRMED"
    assert unescape(event["LOCATION"]).startswith(f"Salen, {first.branch.name}")


def test_internal_and_cancelled_activities_are_not_in_the_feed(anonymous):
    ActivityFactory(title="Offentlig")
    ActivityFactory(title="Intern", is_public=False)
    ActivityFactory(title="Aflyst", status=ActivityStatus.CANCELLED, cancel_reason="Syg")

    events = parse(anonymous.get(FEED).content)

    assert [event["SUMMARY"] for event in events] == ["Offentlig"]


def test_the_feed_holds_the_last_30_days_and_the_next_12_months(anonymous):
    ActivityFactory(title="For 40 dage siden", starts_at=in_days(-40))
    ActivityFactory(title="For 20 dage siden", starts_at=in_days(-20))
    ActivityFactory(title="Om 11 måneder", starts_at=in_days(330))
    ActivityFactory(title="Om 13 måneder", starts_at=in_days(400))

    events = parse(anonymous.get(FEED).content)

    assert [event["SUMMARY"] for event in events] == ["For 20 dage siden", "Om 11 måneder"]


def test_the_feed_takes_the_calendars_filters(anonymous):
    branch = BranchFactory(slug="bogbussen")
    ActivityFactory(title="Bogbussen", branch=branch)
    ActivityFactory(title="Et andet sted")

    events = parse(anonymous.get(FEED, {"filial": "bogbussen"}).content)

    assert [event["SUMMARY"] for event in events] == ["Bogbussen"]
    # A broken filter is left out rather than breaking a subscriber's calendar.
    assert len(parse(anonymous.get(FEED, {"fra": "i-morgen"}).content)) == 2


def test_text_is_escaped_and_long_lines_are_folded_at_75_octets(anonymous):
    title = "Kaffe, kage; og \\ skråstreg"
    description = "Første linje\nAnden linje med æøå " + "ø" * 80
    activity = ActivityFactory(title=title, description=description)
    CoHostFactory(activity=activity, name="Tårnby Lokalhistoriske Forening")

    body = anonymous.get(FEED).content
    event = parse(body)[0]

    assert event["SUMMARY"] == "Kaffe\\, kage\\; og \\\\ skråstreg"
    assert unescape(event["SUMMARY"]) == title
    assert "\\n" in event["DESCRIPTION"]
    assert unescape(event["DESCRIPTION"]).startswith(description)
    assert "Sammen med Tårnby Lokalhistoriske Forening." in unescape(event["DESCRIPTION"])
    assert b"\r\n " in body  # the description needed folding
    body.decode("utf-8")  # no UTF-8 character was cut in two by the folding


@pytest.mark.parametrize(
    "line",
    [
        "SUMMARY:" + "a" * 67,  # exactly 75 octets
        "SUMMARY:" + "a" * 68,
        "DESCRIPTION:" + "æ" * 100,
        "DESCRIPTION:" + "x" + "€" * 60,
    ],
)
def test_folding_keeps_every_line_within_75_octets_and_unfolds_to_the_original(line):
    folded = fold(line)
    physical = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line


def test_escaping_covers_backslash_semicolon_comma_and_every_newline():
    assert escape_text("a\\b;c,d\r\ne\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_a_single_activity_can_be_added_to_a_calendar(anonymous):
    activity = ActivityFactory(title="Erindringscafé")

    response = anonymous.get(f"/arrangementer/{activity.pk}/kalender.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = parse(response.content)
    assert len(events) == 1
    assert events[0]["UID"] == f"activity-{activity.pk}@testserver"


def test_a_cancelled_activitys_calendar_file_says_cancelled(anonymous):
    activity = ActivityFactory(
        title="Forfatteraften", status=ActivityStatus.CANCELLED, cancel_reason="Syg forfatter"
    )

    event = parse(anonymous.get(f"/arrangementer/{activity.pk}/kalender.ics").content)[0]

    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Aflyst: Forfatteraften"
    assert "Syg forfatter" in unescape(event["DESCRIPTION"])


def test_the_uid_uses_the_host_without_its_port(anonymous, settings):
    settings.ALLOWED_HOSTS = ["bibliotek.example.dk"]
    activity = ActivityFactory(starts_at=timezone.now() + datetime.timedelta(days=1))

    response = anonymous.get(FEED, HTTP_HOST="bibliotek.example.dk:8443")

    assert parse(response.content)[0]["UID"] == f"activity-{activity.pk}@bibliotek.example.dk"


def test_a_changed_or_cancelled_activity_gets_a_higher_sequence(anonymous, staff_user):
    """Calendar apps replace an event they already imported only when SEQUENCE goes up."""
    from activities.services import activity_cancel, activity_update

    activity = ActivityFactory(title="Erindringscafé")
    url = f"/arrangementer/{activity.pk}/kalender.ics"
    first = int(parse(anonymous.get(url).content)[0]["SEQUENCE"])

    activity_update(activity=activity, acting_user=staff_user, place="Musiksalen, 1. sal")
    moved = int(parse(anonymous.get(url).content)[0]["SEQUENCE"])
    activity_update(
        activity=activity, acting_user=staff_user, place="Musiksalen, 1. sal"
    )  # no change
    unchanged = int(parse(anonymous.get(url).content)[0]["SEQUENCE"])
    activity_cancel(activity=activity, acting_user=staff_user, reason="Syg vært")
    cancelled = int(parse(anonymous.get(url).content)[0]["SEQUENCE"])

    assert first < moved == unchanged < cancelled
