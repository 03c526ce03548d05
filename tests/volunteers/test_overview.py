"""The volunteers' back-office front page shows what is waiting, at a fixed cost; every staff
page has the back office's own menu."""

import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.utils import timezone

from tests.volunteers.factories import ApplicationFactory

URL = "/personale/frivillige/"


@pytest.mark.django_db
def test_outsiders_do_not_see_the_volunteer_back_office(anonymous, citizen):
    assert anonymous.get(URL).status_code == 302
    assert citizen.get(URL).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("waiting", [1, 50])
def test_staff_see_how_many_applications_wait(staff, waiting, django_assert_max_num_queries):
    ApplicationFactory.create_batch(waiting)
    # session, user, library, then one count per box (6)
    with django_assert_max_num_queries(9):
        response = staff.get(URL)
    assert response.status_code == 200
    assert (
        f'<span class="stat">{waiting}</span> venter på en afgørelse' in response.content.decode()
    )


# --- The back office's own menu on every staff page ---------------------------------------------

SECTIONS = [
    ("Overblik", "/personale/frivillige/"),
    ("Ansøgninger", "/personale/frivillige/ansoegninger/"),
    ("Roller", "/personale/frivillige/roller/"),
    ("Vagter", "/personale/frivillige/vagter/"),
    ("Timer", "/personale/frivillige/timer/"),
    ("Forventningsafstemninger", "/personale/frivillige/aftaler/"),
    ("Samtaler", "/personale/frivillige/samtaler/"),
    ("Børneattester", "/personale/frivillige/boerneattester/"),
    ("Frivillighedsmodel", "/personale/frivillige/frivillighedsmodel/"),
]


class _NavReader(HTMLParser):
    """The links of every <nav aria-label="Frivillige">: (text, href, aria-current)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.navs: list[list[list]] = []
        self._depth = 0
        self._link: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Frivillige":
            self.navs.append([])
            self._depth = 1
        elif self._depth and tag == "nav":
            self._depth += 1
        elif self._depth and tag == "a":
            self._link = ["", attrs.get("href"), attrs.get("aria-current")]

    def handle_endtag(self, tag):
        if self._depth and tag == "nav":
            self._depth -= 1
        elif self._link is not None and tag == "a":
            self._link[0] = self._link[0].strip()
            self.navs[-1].append(tuple(self._link))
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[0] += data


def staff_nav(response) -> list[tuple]:
    reader = _NavReader()
    reader.feed(response.content.decode())
    assert len(reader.navs) == 1, "one volunteers menu, at the top"
    return reader.navs[0]


@pytest.fixture
def back_office(db, manager_user):
    """One of everything a staff page shows, so each staff template can be rendered."""
    from tests.volunteers.factories import (
        HoursEntryFactory,
        RoleFactory,
        ShiftFactory,
        VolunteerModelFactory,
        approved_volunteer,
    )
    from volunteers.models import ShiftSeries
    from volunteers.services.agreements import agreement_draft

    model = VolunteerModelFactory()
    role = RoleFactory(involves_children=True)
    volunteer = approved_volunteer(role)
    application = volunteer.applications.get()
    agreement = agreement_draft(application=application, acting_user=manager_user)
    shift = ShiftFactory(role=role)
    today = timezone.localdate()
    series = ShiftSeries.objects.create(
        role=role,
        weekday=today.weekday(),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        starts_on=today + datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=30),
        capacity=2,
    )
    hours = HoursEntryFactory(volunteer=volunteer, role=role)
    return {
        "role": role,
        "model": model,
        "application": application,
        "agreement": agreement,
        "shift": shift,
        "series": series,
        "hours": hours,
        "volunteer": volunteer,
    }


def staff_pages(o) -> list[tuple[str, str, str, str]]:
    """(method, address, section, aria-current) for every staff template under
    templates/volunteers/ (POST: a form sent empty, so the page is shown again with errors)."""
    base = "/personale/frivillige/"
    return [
        ("get", base, "Overblik", "page"),
        ("get", f"{base}ansoegninger/", "Ansøgninger", "page"),
        ("get", f"{base}ansoegninger/{o['application'].pk}/", "Ansøgninger", "true"),
        ("get", f"{base}introduktion/{o['application'].pk}/", "Ansøgninger", "true"),
        ("get", f"{base}roller/", "Roller", "page"),
        ("get", f"{base}roller/ny/", "Roller", "true"),
        ("get", f"{base}roller/{o['role'].pk}/", "Roller", "true"),
        ("get", f"{base}roller/{o['role'].pk}/rediger/", "Roller", "true"),
        ("get", f"{base}vagter/", "Vagter", "page"),
        ("get", f"{base}vagter/uge/", "Vagter", "true"),
        ("get", f"{base}vagter/ny/", "Vagter", "true"),
        ("get", f"{base}vagter/{o['shift'].pk}/", "Vagter", "true"),
        ("get", f"{base}vagter/{o['shift'].pk}/rediger/", "Vagter", "true"),
        ("get", f"{base}vagter/{o['shift'].pk}/fremmoede/", "Vagter", "true"),
        ("post", f"{base}vagter/{o['shift'].pk}/aflys/", "Vagter", "true"),
        ("post", f"{base}vagter/{o['shift'].pk}/besked/", "Vagter", "true"),
        ("get", f"{base}vagter/serier/ny/", "Vagter", "true"),
        ("get", f"{base}vagter/serier/{o['series'].pk}/", "Vagter", "true"),
        ("get", f"{base}vagter/serier/{o['series'].pk}/rediger/", "Vagter", "true"),
        ("get", f"{base}timer/", "Timer", "page"),
        ("get", f"{base}timer/opgoerelse/", "Timer", "true"),
        ("get", f"{base}timer/{o['hours'].pk}/afvis/", "Timer", "true"),
        ("get", f"{base}aftaler/", "Forventningsafstemninger", "page"),
        ("get", f"{base}aftaler/{o['agreement'].pk}/", "Forventningsafstemninger", "true"),
        ("get", f"{base}samtaler/", "Samtaler", "page"),
        ("get", f"{base}samtaler/frivillig/{o['volunteer'].pk}/", "Samtaler", "true"),
        ("get", f"{base}boerneattester/", "Børneattester", "page"),
        ("get", f"{base}boerneattester/{o['volunteer'].pk}/", "Børneattester", "true"),
        ("get", f"{base}frivillighedsmodel/", "Frivillighedsmodel", "page"),
        ("get", f"{base}frivillighedsmodel/ny-version/", "Frivillighedsmodel", "true"),
        ("get", f"{base}frivillighedsmodel/{o['model'].version}/", "Frivillighedsmodel", "true"),
    ]


@pytest.mark.django_db
def test_every_staff_page_has_the_volunteers_menu_with_the_current_section_marked(
    manager, back_office
):
    templates_seen = set()
    for method, url, section, current in staff_pages(back_office):
        response = getattr(manager, method)(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        links = staff_nav(response)
        assert [(text, href) for text, href, _ in links] == SECTIONS, url
        marked = [(text, aria) for text, _, aria in links if aria]
        assert marked == [(section, current)], url
        templates_seen.update(
            t.name for t in response.templates if t.name.startswith("volunteers/")
        )
    # Every staff page template under templates/volunteers/ was among them.
    staff_templates = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.glob("volunteers/**/*.html")
        if "{% block content %}" in path.read_text() and STAFF_NAV in path.read_text()
    }
    assert staff_templates == {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.glob("volunteers/**/*.html")
        if path.read_text().startswith('{% extends "base.html" %}')
        and str(path.relative_to(TEMPLATES)) not in CITIZEN_PAGES
    }
    assert staff_templates <= templates_seen


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STAFF_NAV = '{% include "volunteers/_staff_nav.html" %}'
# The pages volunteers and citizens see: no back-office menu there.
CITIZEN_PAGES = {
    "volunteers/agreements/my_detail.html",
    "volunteers/agreements/my_list.html",
    "volunteers/agreements/my_onboarding.html",
    "volunteers/me/erase.html",
    "volunteers/me/erased.html",
    "volunteers/me/hours.html",
    "volunteers/me/hours_form.html",
    "volunteers/me/no_profile.html",
    "volunteers/me/page.html",
    "volunteers/public/application.html",
    "volunteers/public/apply.html",
    "volunteers/public/apply_closed.html",
    "volunteers/public/apply_exists.html",
    "volunteers/public/model.html",
    "volunteers/public/role_detail.html",
    "volunteers/public/roles.html",
    "volunteers/shifts/cancel_signup.html",
    "volunteers/shifts/mine.html",
}


@pytest.mark.django_db
def test_citizen_and_volunteer_pages_have_no_back_office_menu(citizen):
    for url in ["/frivillig/", "/frivillig/min-side/", "/frivillig/vagter/"]:
        response = citizen.get(url)
        assert response.status_code == 200
        assert 'aria-label="Frivillige"' not in response.content.decode(), url
