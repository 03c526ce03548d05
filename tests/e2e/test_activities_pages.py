"""The activity pages in a browser: a citizen filters the public calendar; staff record who
came, create an activity and cancel one. Every page and every error state is scanned with axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from activities.models import Activity, ActivityStatus, CoHostKind
from initiatives.models import Status
from organisation.models import TargetGroup, TargetGroupKind
from tests.activities.factories import ActivityFactory, CoHostFactory, in_days
from tests.e2e.axe import assert_accessible
from tests.factories import BranchFactory
from tests.initiatives.staff_support import make_initiative

pytestmark = pytest.mark.e2e


def heading(page):
    return page.get_by_role("heading", level=1)


def group(kind) -> TargetGroup:
    return TargetGroup.objects.get(kind=kind)


def titles(page) -> list[str]:
    return page.locator(".activity-title").all_inner_texts()


@pytest.fixture
def calendar(transactional_db):
    main = BranchFactory(name="Hovedbiblioteket")
    west = BranchFactory(name="Vestamager Bibliotek")
    knitting = ActivityFactory(
        title="Strikkecafé",
        branch=main,
        place="Caféen",
        starts_at=in_days(3),
        target_groups=[group(TargetGroupKind.SENIORS)],
    )
    CoHostFactory(activity=knitting, name="Tårnby Strikkeklub", kind=CoHostKind.PARTNER)
    ActivityFactory(
        title="Lego-workshop",
        branch=west,
        starts_at=in_days(5, hour=10),
        target_groups=[group(TargetGroupKind.CHILDREN_6_14)],
    )
    ActivityFactory(title="Foredrag om Amager", branch=main, starts_at=in_days(-10))
    ActivityFactory(
        title="Sangaften",
        branch=main,
        starts_at=in_days(4),
        status=ActivityStatus.CANCELLED,
        cancel_reason="Korlederen er syg.",
    )
    ActivityFactory(title="Personalemøde", branch=main, starts_at=in_days(2), is_public=False)


def test_a_citizen_filters_the_calendar_and_opens_past_and_cancelled_activities(
    page, live_server, calendar
):
    page.goto("/")
    page.get_by_role("link", name="Se kalenderen").click()
    expect(heading(page)).to_have_text("Arrangementer")
    # Upcoming, public and not cancelled, in order of start.
    expect(page.get_by_role("status")).to_have_text("2 arrangementer")
    assert titles(page) == ["Strikkecafé", "Lego-workshop"]
    knitting = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Strikkecafé")
    )
    expect(knitting).to_contain_text("kl. 17.00–19.00 · Hovedbiblioteket, Caféen")
    expect(knitting).to_contain_text("Seniorer")
    expect(knitting).to_contain_text("Sammen med Tårnby Strikkeklub")
    assert_accessible(page)

    filters = page.get_by_role("search", name="Find arrangementer")
    filters.get_by_label("Bibliotek").select_option(label="Vestamager Bibliotek")
    filters.get_by_role("button", name="Vis arrangementer").click()
    expect(page.get_by_role("status")).to_have_text("1 arrangement")
    assert titles(page) == ["Lego-workshop"]
    expect(filters.get_by_label("Bibliotek")).to_have_value(re.compile("^filial-"))
    assert_accessible(page)

    filters.get_by_label("Målgruppe").select_option(label="Seniorer")
    filters.get_by_role("button", name="Vis arrangementer").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Ingen arrangementer passer til det, du har valgt."
    )
    assert_accessible(page)
    page.get_by_role("link", name="Nulstil filtrene").click()
    expect(page).to_have_url(live_server.url + "/arrangementer/")
    expect(page.get_by_role("status")).to_have_text("2 arrangementer")

    # A period that ends before it starts is explained next to the field.
    filters.get_by_label("Fra dato").fill(in_days(10).date().isoformat())
    filters.get_by_label("Til dato").fill(in_days(1).date().isoformat())
    filters.get_by_role("button", name="Vis arrangementer").click()
    expect(page.get_by_text("Til-datoen skal ligge efter fra-datoen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nulstil filtrene").click()
    expect(page).to_have_url(live_server.url + "/arrangementer/")

    filters.get_by_label("Vis tidligere arrangementer").check()
    filters.get_by_role("button", name="Vis arrangementer").click()
    expect(heading(page)).to_have_text("Tidligere arrangementer")
    assert titles(page) == ["Foredrag om Amager"]
    assert_accessible(page)

    page.get_by_role("link", name="Foredrag om Amager").click()
    expect(heading(page)).to_have_text("Foredrag om Amager")
    expect(page.get_by_role("main")).to_contain_text("Afholdt")
    expect(page.get_by_role("link", name="Tilføj til kalender")).to_have_count(0)
    assert_accessible(page)
    # The way back keeps the choice of past activities.
    page.get_by_role("link", name="Tilbage til arrangementerne").click()
    expect(heading(page)).to_have_text("Tidligere arrangementer")

    # A cancelled activity's page stays (people may have the link) and says why.
    cancelled = Activity.objects.get(title="Sangaften")
    page.goto(cancelled.get_absolute_url())
    expect(heading(page)).to_have_text("Sangaften")
    expect(page.get_by_role("status")).to_contain_text("Aflyst")
    expect(page.get_by_role("status")).to_contain_text("Korlederen er syg.")
    assert_accessible(page)

    internal = Activity.objects.get(title="Personalemøde")
    response = page.goto(internal.get_absolute_url())
    assert response.status == 404
    expect(heading(page)).to_have_text("Siden findes ikke")


@pytest.fixture
def held_activity(transactional_db):
    """Yesterday's activity from a citizen's initiative; nobody has counted who came."""
    activity = ActivityFactory(
        title="Erindringscafé",
        branch=BranchFactory(name="Hovedbiblioteket"),
        starts_at=in_days(-1, hour=14),
    )
    initiative = make_initiative(title="Erindringscafé om Kastrup", status=Status.SCHEDULED)
    initiative.activities.add(activity)
    return activity


def test_staff_record_attendance_create_an_activity_and_cancel_it(
    page, log_in, staff_user, password, held_activity
):
    log_in(page, staff_user.email, password)
    page.get_by_role("navigation", name="Personalemenu").get_by_role(
        "link", name="Aktiviteter"
    ).click()
    expect(heading(page)).to_have_text("Aktiviteter")
    # Yesterday's is no longer upcoming.
    expect(page.get_by_role("main")).to_contain_text("Der er ingen kommende aktiviteter.")
    assert_accessible(page)

    page.get_by_label("Periode").select_option(label="Mangler fremmøde")
    page.get_by_role("button", name="Vis", exact=True).click()
    row = page.get_by_role("row", name=re.compile("^Erindringscafé"))
    expect(row).to_contain_text("Planlagt")
    assert_accessible(page)

    row.get_by_role("link", name="Registrér fremmøde").click()
    expect(heading(page)).to_have_text("Fremmøde og evaluering")
    assert_accessible(page)
    page.get_by_role("button", name="Gem fremmøde").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name=re.compile("^Deltagere i alt:"))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Heraf børn 0-14 år:"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Deltagere i alt").fill("23")
    page.get_by_label("Heraf børn 0-14 år").fill("4")
    page.get_by_label(re.compile("^Kort evaluering")).fill("Fuldt hus. Gentag i foråret.")
    page.get_by_role("button", name="Gem fremmøde").click()
    expect(page.get_by_role("status").first).to_contain_text("Fremmødet er registreret. Tak!")
    expect(heading(page)).to_have_text("Erindringscafé")
    expect(page.get_by_role("main")).to_contain_text("Fuldt hus. Gentag i foråret.")
    # Held and evaluated: the initiative it came from moves along.
    initiative_link = page.get_by_role("link", name=re.compile("Erindringscafé om Kastrup"))
    expect(initiative_link.locator("xpath=..")).to_contain_text("(Evalueret)")
    assert_accessible(page)
    initiative_link.click()
    expect(page.get_by_role("region", name="Overblik", exact=True)).to_contain_text("Evalueret")
    assert_accessible(page)

    page.get_by_role("navigation", name="Personalemenu").get_by_role(
        "link", name="Aktiviteter"
    ).click()
    page.get_by_role("link", name="Opret aktivitet").click()
    expect(heading(page)).to_have_text("Opret aktivitet")
    assert_accessible(page)

    page.get_by_label("Titel").fill("Lektiecafé")
    page.get_by_role("button", name="Gem", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Der er noget, du skal rette")
    expect(page.get_by_label("Titel")).to_have_value("Lektiecafé")
    assert_accessible(page)

    starts = in_days(9, hour=15)
    page.get_by_label("Beskrivelse").fill("Hjælp til lektierne.")
    page.get_by_label("Bibliotek", exact=True).select_option(label="Hovedbiblioteket")
    page.get_by_label(re.compile("^Starter")).fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile("^Slutter")).fill(
        (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    first_cohost = page.get_by_role("group", name="Medarrangør 1")
    first_cohost.get_by_label("Navn", exact=True).fill("Røde Kors Tårnby")
    first_cohost.get_by_label("Type").select_option(label="Samarbejdspartner")
    first_cohost.get_by_label("Vis navnet i kalenderen").check()
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Aktiviteten Lektiecafé er oprettet.")
    expect(heading(page)).to_have_text("Lektiecafé")
    expect(page.get_by_role("main")).to_contain_text("Røde Kors Tårnby")
    assert_accessible(page)

    page.get_by_text("Aflys aktiviteten", exact=True).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Aflys aktiviteten").click()
    # Without a reason: the cancel page explains.
    expect(heading(page)).to_have_text("Aflys aktiviteten")
    expect(page.get_by_role("alert")).to_contain_text("Skriv hvorfor aktiviteten aflyses.")
    assert_accessible(page)
    page.get_by_label("Hvorfor aflyses aktiviteten?").fill("For få tilmeldte.")
    page.get_by_role("button", name="Aflys aktiviteten").click()
    expect(page.get_by_role("status").first).to_contain_text("Aktiviteten Lektiecafé er aflyst.")
    expect(page.get_by_role("main")).to_contain_text("For få tilmeldte.")
    assert_accessible(page)
    assert Activity.objects.get(title="Lektiecafé").status == ActivityStatus.CANCELLED
