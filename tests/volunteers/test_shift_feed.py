"""The personal calendar feed /frivillig/kalender/<key>.ics and the .ics files in emails."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import AuditEntry
from tests.volunteers.factories import (
    RoleFactory,
    ShiftFactory,
    SignupFactory,
    approved_volunteer,
)
from volunteers.ical import shift_calendar
from volunteers.models import Volunteer
from volunteers.services import shifts as services

pytestmark = pytest.mark.django_db

NEW_LINK = "/frivillig/kalender/nyt-link/"


def feed_url(key: str) -> str:
    return f"/frivillig/kalender/{key}.ics"


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def uids(body: str) -> set[str]:
    return {
        line.split(":", 1)[1].split("@")[0]
        for line in body.split("\r\n")
        if line.startswith("UID:")
    }


@pytest.fixture
def role():
    return RoleFactory(title="IT-hjælp")


@pytest.fixture
def volunteer(role):
    return approved_volunteer(role, name="Anna Frivillig")


@pytest.fixture
def client_a(volunteer):
    client = Client()
    client.force_login(volunteer.user)
    return client


def key_of(volunteer) -> str:
    return Volunteer.objects.get(pk=volunteer.pk).ical_key


def test_the_link_is_made_on_first_use_and_shown_on_the_page(client_a, volunteer):
    assert key_of(volunteer) == ""
    assert "Lav mit kalenderlink" in client_a.get("/frivillig/vagter/").text

    response = client_a.post(NEW_LINK)

    key = key_of(volunteer)
    assert response["Location"] == "/frivillig/vagter/#kalender"
    assert len(key) >= 40
    page = client_a.get("/frivillig/vagter/").text
    assert feed_url(key) in page
    assert "webcal://" in page
    assert AuditEntry.objects.filter(action="volunteer_ical_key_created").exists()


def test_the_feed_holds_only_this_volunteers_confirmed_recent_and_coming_shifts(
    anonymous, volunteer, role
):
    other = approved_volunteer(role)
    coming = SignupFactory(shift=ShiftFactory(role=role), volunteer=volunteer)
    recent = SignupFactory(
        shift=ShiftFactory(role=role, starts_at=in_days(-10), ends_at=in_days(-9.9)),
        volunteer=volunteer,
    )
    old = SignupFactory(
        shift=ShiftFactory(role=role, starts_at=in_days(-40), ends_at=in_days(-39.9)),
        volunteer=volunteer,
    )
    waiting = SignupFactory(shift=ShiftFactory(role=role), volunteer=volunteer, status="waitlisted")
    cancelled = SignupFactory(
        shift=ShiftFactory(role=role), volunteer=volunteer, status="cancelled"
    )
    someone_elses = SignupFactory(shift=ShiftFactory(role=role), volunteer=other)
    SignupFactory(shift=coming.shift, volunteer=other)  # a shared shift appears once
    key = services.volunteer_ical_key_new(volunteer=volunteer, acting_user=volunteer.user)

    response = anonymous.get(feed_url(key))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert uids(body) == {f"shift-{coming.shift_id}", f"shift-{recent.shift_id}"}
    for signup in (old, waiting, cancelled, someone_elses):
        assert f"shift-{signup.shift_id}@" not in body
    assert "SUMMARY:Vagt: IT-hjælp" in body
    assert body.count("BEGIN:VEVENT") == 2


def test_a_new_link_revokes_the_old_one(client_a, volunteer, anonymous):
    client_a.post(NEW_LINK)
    old = key_of(volunteer)
    assert anonymous.get(feed_url(old)).status_code == 200

    response = client_a.post(NEW_LINK)

    new = key_of(volunteer)
    assert new != old
    assert anonymous.get(feed_url(old)).status_code == 404
    assert anonymous.get(feed_url(new)).status_code == 200
    assert any("Det gamle virker ikke længere" in str(m) for m in response.wsgi_request._messages)


def test_a_wrong_key_is_404(anonymous, volunteer):
    services.volunteer_ical_key_new(volunteer=volunteer, acting_user=volunteer.user)
    assert anonymous.get(feed_url("ikke-den-rigtige")).status_code == 404


def test_a_volunteer_without_a_key_has_no_feed_at_an_empty_key(anonymous, volunteer):
    assert anonymous.get("/frivillig/kalender/.ics").status_code == 404


def test_an_ended_volunteers_feed_is_gone(anonymous, volunteer):
    key = services.volunteer_ical_key_new(volunteer=volunteer, acting_user=volunteer.user)
    Volunteer.objects.filter(pk=volunteer.pk).update(ended_at=timezone.now())
    assert anonymous.get(feed_url(key)).status_code == 404


def test_people_without_a_volunteer_profile_cannot_make_a_link(citizen):
    assert citizen.post(NEW_LINK).status_code == 404


def test_the_ics_follows_rfc_5545(role):
    role.branch.name = "Tårnby Hovedbibliotek"
    role.branch.save()
    shift = ShiftFactory(
        role=role,
        place="Kælderen; ved trappen, til venstre",
        notes="Husk nøglekort.\nRing på klokken, hvis døren er låst – og vent, til nogen kommer.",
    )

    body = shift_calendar([shift], name="Mine vagter")

    lines = body.split("\r\n")
    assert body.endswith("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    assert "LOCATION:Kælderen\\; ved trappen\\, til venstre\\, Tårnby Hovedbibliotek" in unfolded
    assert "Husk nøglekort.\\nRing på klokken" in unfolded
    start = shift.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in unfolded


def test_a_moved_or_cancelled_shift_gets_a_higher_sequence(role, staff_user):
    """Calendar apps replace an imported event only when SEQUENCE goes up."""

    def sequence(shift) -> int:
        shift.refresh_from_db()
        body = shift_calendar([shift]).replace("\r\n ", "")
        return int(next(line for line in body.split("\r\n") if line.startswith("SEQUENCE:"))[9:])

    shift = ShiftFactory(role=role, starts_at=in_days(3), ends_at=in_days(3.1))
    first = sequence(shift)
    services.shift_update(shift=shift, acting_user=staff_user, place="Salen")
    moved = sequence(shift)
    services.shift_cancel(shift=shift, reason="Vi holder lukket", acting_user=staff_user)
    cancelled = sequence(shift)

    assert first < moved < cancelled
