"""Issue 3's browser test: a citizen's idea becomes an activity in the public calendar.

One browser per persona (the citizen without an account, a staff member), the flow in the
order people walk it, and every page they see scanned with axe.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity
from initiatives.models import Initiative, Status
from organisation.models import Branch, Library
from tests.activities.factories import in_days
from tests.e2e.axe import assert_accessible
from tests.factories import BranchFactory
from tests.initiatives.staff_support import make_initiative

pytestmark = pytest.mark.e2e

TITLE = "Erindringscafé om Kastrup i 50'erne"
DESCRIPTION = "Vi mødes, drikker kaffe og deler billeder og minder fra dengang."
TOGETHER_WITH = "Ældresagen i Tårnby og plejehjemmet Kastruplund"
REPLY = "Tak for idéen! Kan du komme forbi og tale om den en tirsdag?"
NOTE = "Intern: Pia fra Ældresagen har sagt ja til at hjælpe."
ANSWER = "Ja, tirsdag passer fint. Jeg tager gamle fotografier med."
ACTIVITY = "Erindringscafé: Kastrup i 50'erne"


@pytest.fixture
def library(transactional_db, settings):
    """A library with two branches, and a form that accepts a browser's quick fingers."""
    settings.SAMMEN_FORM_MIN_SECONDS = 0  # the browser fills the form faster than a person
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.email = "biblioteket@example.dk"
    library.save()
    BranchFactory(name="Hovedbiblioteket")
    BranchFactory(name="Vestamager Bibliotek")
    return library


@pytest.fixture
def site_url(settings, live_server):
    """Links in emails point at the live server, so the citizen can follow them."""
    settings.SITE_URL = live_server.url
    return live_server.url


def heading(page):
    return page.get_by_role("heading", level=1)


def region(page, name):
    return page.get_by_role("region", name=name, exact=True)


def tracking_link(message, site_url) -> str:
    found = re.search(re.escape(site_url) + r"/initiativer/min-ide/[^/\s]+/", message.body)
    assert found, message.body
    return found.group(0)


def test_a_citizens_idea_becomes_an_activity_in_the_public_calendar(
    new_page, library, site_url, staff_user, password, log_in
):
    citizen = new_page()
    staff = new_page()

    # --- 1. The citizen proposes the idea, first forgetting the email address. ---
    citizen.goto("/")
    assert_accessible(citizen)
    citizen.get_by_role("main").get_by_role("link", name="Foreslå et initiativ").click()
    expect(heading(citizen)).to_have_text("Foreslå et initiativ")
    assert_accessible(citizen)

    citizen.get_by_label("Hvad skal idéen hedde?").fill(TITLE)
    citizen.get_by_label("Beskriv din idé").fill(DESCRIPTION)
    citizen.get_by_role("group", name="Hvad slags aktivitet er det?").get_by_label(
        "Café eller træf"
    ).check()
    citizen.get_by_role("group", name="Hvad vil du selv gerne?").get_by_label(
        "Jeg vil selv stå for det"
    ).check()
    citizen.get_by_role("group", name=re.compile("^Hvem er det for?")).get_by_label(
        "Seniorer"
    ).check()
    citizen.get_by_label(re.compile("^Hvilket bibliotek?")).select_option(label="Hovedbiblioteket")
    citizen.get_by_label(re.compile("^Hvem kunne være med til at skabe det?")).fill(TOGETHER_WITH)
    citizen.get_by_label("Dit navn").fill("Inger Hansen")
    citizen.get_by_label(re.compile("^Mit navn må gerne vises")).check()
    citizen.get_by_label("Ja, jeg giver mit samtykke").check()
    citizen.get_by_role("button", name="Send din idé").click()

    summary = citizen.get_by_role("alert")
    expect(summary).to_contain_text("Der er noget, du skal rette")
    email_error = summary.get_by_role("link", name="Din e-mail: Dette felt er påkrævet.")
    expect(email_error).to_be_visible()
    expect(summary).to_be_focused()
    # Everything typed and chosen is still there.
    expect(citizen.get_by_label("Hvad skal idéen hedde?")).to_have_value(TITLE)
    expect(citizen.get_by_label("Beskriv din idé")).to_have_value(DESCRIPTION)
    expect(citizen.get_by_label("Café eller træf")).to_be_checked()
    expect(citizen.get_by_label("Jeg vil selv stå for det")).to_be_checked()
    expect(citizen.get_by_label("Seniorer")).to_be_checked()
    expect(citizen.get_by_label(re.compile("^Hvilket bibliotek?"))).to_have_value(
        str(Branch.objects.get(name="Hovedbiblioteket").pk)
    )
    expect(citizen.get_by_label(re.compile("^Hvem kunne være med"))).to_have_value(TOGETHER_WITH)
    expect(citizen.get_by_label("Dit navn")).to_have_value("Inger Hansen")
    expect(citizen.get_by_label("Ja, jeg giver mit samtykke")).to_be_checked()
    assert_accessible(citizen)
    assert not Initiative.objects.exists()
    assert not mail.outbox

    email_error.click()
    expect(citizen.get_by_label("Din e-mail")).to_be_focused()
    citizen.get_by_label("Din e-mail").fill("inger@example.dk")
    citizen.get_by_role("button", name="Send din idé").click()

    expect(heading(citizen)).to_have_text("Tak for din idé")
    expect(citizen.get_by_role("main")).to_contain_text(f"Vi har modtaget “{TITLE}”.")
    expect(citizen.get_by_role("main")).to_contain_text("kvittering til inger@example.dk")
    assert_accessible(citizen)

    # --- 2. The receipt's private link shows the idea as received. ---
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["inger@example.dk"]
    assert receipt.subject == f"Tak for din idé: {TITLE}"
    link = tracking_link(receipt, site_url)

    citizen.goto(link)
    expect(heading(citizen)).to_have_text(TITLE)
    expect(citizen.get_by_role("heading", name="Status: Modtaget")).to_be_visible()
    expect(citizen.get_by_role("main")).to_contain_text("Der er ingen beskeder endnu.")
    expect(citizen.get_by_role("main")).to_contain_text(TOGETHER_WITH)
    assert_accessible(citizen)

    # --- 3. Staff find it in the triage list, answer, note, move it on, make an activity. ---
    log_in(staff, staff_user.email, password)
    expect(heading(staff)).to_have_text("Goddag, Lars")
    assert_accessible(staff)
    staff.get_by_role("navigation", name="Personalemenu").get_by_role(
        "link", name="Initiativer"
    ).click()
    expect(heading(staff)).to_have_text("Initiativer")
    row = staff.get_by_role("row", name=re.compile(re.escape(TITLE)))
    expect(row).to_contain_text("Modtaget")
    expect(row).to_contain_text("Hovedbiblioteket")
    assert_accessible(staff)

    row.get_by_role("link", name=TITLE).click()
    expect(heading(staff)).to_contain_text(TITLE)
    expect(region(staff, "Idéen")).to_contain_text(TOGETHER_WITH)
    expect(region(staff, "Borgeren")).to_contain_text("inger@example.dk")
    assert_accessible(staff)
    detail_url = staff.url

    # Take it on, so the citizen's answer reaches this staff member by email.
    staff.get_by_role("button", name="Tag den selv").click()
    expect(staff.get_by_role("status").first).to_contain_text("Du er nu ansvarlig")
    assert_accessible(staff)

    thread = region(staff, "Tråden")
    thread.get_by_label("Svar til borgeren", exact=True).fill(REPLY)
    thread.get_by_role("button", name="Send svar til borgeren").click()
    expect(staff.get_by_role("status").first).to_contain_text(
        "Svaret er sendt til borgeren på e-mail."
    )
    expect(thread.get_by_role("listitem").filter(has_text=REPLY)).to_contain_text(
        "Borgeren kan se svaret."
    )
    assert_accessible(staff)

    thread.get_by_label("Intern note", exact=True).fill(NOTE)
    thread.get_by_role("button", name=re.compile("^Gem intern note")).click()
    expect(staff.get_by_role("status").first).to_contain_text("Den interne note er gemt.")
    expect(thread.get_by_role("listitem").filter(has_text=NOTE)).to_contain_text(
        "Kun for personalet"
    )
    assert_accessible(staff)

    status = region(staff, "Skift status")
    status.get_by_label("I dialog").check()
    status.get_by_role("button", name="Skift status").click()
    expect(staff.get_by_role("status").first).to_contain_text("Status er ændret til 'I dialog'.")
    expect(region(staff, "Overblik")).to_contain_text("I dialog")
    assert_accessible(staff)

    activities = region(staff, "Aktiviteter")
    activities.get_by_text("Lav en aktivitet").click()
    # Filled in from the idea.
    expect(activities.get_by_label("Titel")).to_have_value(TITLE)
    expect(activities.get_by_label("Vis i den offentlige kalender")).to_be_checked()
    assert_accessible(staff)
    starts = in_days(14, hour=14)
    activities.get_by_label("Titel").fill(ACTIVITY)
    activities.get_by_label(re.compile("^Bibliotek")).select_option(label="Hovedbiblioteket")
    activities.get_by_label(re.compile("^Sted")).fill("Caféen på 1. sal")
    activities.get_by_label(re.compile("^Starter")).fill(starts.strftime("%Y-%m-%dT%H:%M"))
    ends = starts + datetime.timedelta(hours=2)
    activities.get_by_label(re.compile("^Slutter")).fill(ends.strftime("%Y-%m-%dT%H:%M"))
    activities.get_by_label("Inger Hansen er medarrangør").check()
    activities.get_by_role("button", name="Opret aktiviteten").click()

    expect(staff.get_by_role("status").first).to_contain_text(
        f"Aktiviteten '{ACTIVITY}' er oprettet. Initiativet har nu status 'Planlagt'."
    )
    expect(region(staff, "Overblik")).to_contain_text("Planlagt")
    expect(activities.get_by_role("link", name=ACTIVITY)).to_be_visible()
    assert_accessible(staff)
    activity = Activity.objects.get()
    assert (activity.title, activity.is_public, activity.branch.name) == (
        ACTIVITY,
        True,
        "Hovedbiblioteket",
    )
    assert timezone.localtime(activity.starts_at) == starts
    assert Initiative.objects.get().status == Status.SCHEDULED

    # The internal note was never emailed; the reply was, with the private link.
    citizen_mail = [m for m in mail.outbox if m.to == ["inger@example.dk"]]
    assert not [m for m in mail.outbox if NOTE in m.body]
    reply_mail = next(m for m in citizen_mail if m.subject == f"Svar på din idé: {TITLE}")
    assert REPLY in reply_mail.body
    assert tracking_link(reply_mail, site_url) == link

    # --- 4. The citizen sees the reply (not the note) and the activity, and answers. ---
    citizen.goto(link)
    expect(citizen.get_by_role("heading", name="Status: Planlagt")).to_be_visible()
    main = citizen.get_by_role("main")
    expect(main).to_contain_text(REPLY)
    expect(main).not_to_contain_text(NOTE)
    expect(main).not_to_contain_text("Pia fra Ældresagen")
    expect(main.get_by_role("link", name=ACTIVITY)).to_be_visible()
    assert_accessible(citizen)

    citizen.get_by_label(re.compile("^Din besked")).fill(ANSWER)
    citizen.get_by_role("button", name="Send beskeden").click()
    expect(citizen.get_by_role("status").first).to_contain_text(
        "Tak. Din besked er sendt til biblioteket."
    )
    expect(citizen.get_by_role("listitem").filter(has_text=ANSWER)).to_contain_text("Dig")
    assert_accessible(citizen)
    owner_mail = [m for m in mail.outbox if m.to == [staff_user.email]]
    assert [m.subject for m in owner_mail] == [f"Nyt fra borgeren: {TITLE}"]
    assert ANSWER in owner_mail[0].body

    citizen.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Arrangementer"
    ).click()
    expect(heading(citizen)).to_have_text("Arrangementer")
    item = citizen.get_by_role("listitem").filter(has=citizen.get_by_role("heading", name=ACTIVITY))
    expect(item).to_contain_text("Hovedbiblioteket, Caféen på 1. sal")
    expect(item).to_contain_text("Sammen med Inger Hansen")
    assert_accessible(citizen)

    item.get_by_role("link", name=ACTIVITY).click()
    expect(heading(citizen)).to_have_text(ACTIVITY)
    expect(citizen.get_by_role("main")).to_contain_text(DESCRIPTION)
    expect(citizen.get_by_role("main")).to_contain_text("Inger Hansen")
    expect(citizen.get_by_role("link", name="Tilføj til kalender")).to_be_visible()
    assert_accessible(citizen)

    # --- 5. Staff open the initiative again and read the citizen's answer. ---
    staff.get_by_role("navigation", name="Personalemenu").get_by_role(
        "link", name="Initiativer"
    ).click()
    row = staff.get_by_role("row", name=re.compile(re.escape(TITLE)))
    expect(row).to_contain_text("Planlagt")
    expect(row).to_contain_text("Lars Medarbejder")
    assert_accessible(staff)
    row.get_by_role("link", name=TITLE).click()
    expect(staff).to_have_url(detail_url)
    answer = region(staff, "Tråden").get_by_role("listitem").filter(has_text=ANSWER)
    expect(answer).to_contain_text("Fra borgeren")
    expect(answer).to_contain_text("Inger Hansen")
    assert_accessible(staff)


def test_a_logged_in_citizen_follows_the_idea_on_mine_initiativer_withdraws_it_and_is_forgotten(
    page, library, site_url, citizen_user, password, log_in
):
    log_in(page, citizen_user.email, password)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Foreslå et initiativ"
    ).click()
    # The account's name and email are filled in.
    expect(page.get_by_label("Dit navn")).to_have_value("Mette Borger")
    expect(page.get_by_label("Din e-mail")).to_have_value(citizen_user.email)
    assert_accessible(page)
    page.get_by_label("Hvad skal idéen hedde?").fill("Scenen er din")
    page.get_by_label("Beskriv din idé").fill("Borgere holder korte oplæg om det, de brænder for.")
    page.get_by_label("Foredrag eller oplæg").check()
    page.get_by_label("Jeg vil gerne hjælpe til").check()
    page.get_by_label("Ja, jeg giver mit samtykke").check()
    page.get_by_role("button", name="Send din idé").click()
    expect(heading(page)).to_have_text("Tak for din idé")
    link = tracking_link(mail.outbox[0], site_url)

    page.get_by_role("link", name="Se din idé under Mine initiativer").click()
    expect(heading(page)).to_have_text("Scenen er din")
    expect(page.get_by_role("heading", name="Status: Modtaget")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Mine initiativer").click()
    expect(heading(page)).to_have_text("Mine initiativer")
    expect(page.get_by_role("row", name=re.compile("^Scenen er din"))).to_contain_text("Modtaget")
    assert_accessible(page)

    page.get_by_role("link", name="Scenen er din").click()
    page.get_by_role("link", name="Træk din idé tilbage").click()
    expect(heading(page)).to_have_text("Træk din idé tilbage?")
    assert_accessible(page)
    page.get_by_label(re.compile("^Vil du fortælle os hvorfor?")).fill("Jeg flytter til Aarhus.")
    page.get_by_role("button", name="Ja, træk idéen tilbage").click()
    expect(page.get_by_role("status").first).to_contain_text("Du har trukket idéen tilbage.")
    expect(page.get_by_role("heading", name="Status: Trukket tilbage")).to_be_visible()
    expect(page.get_by_role("link", name="Træk din idé tilbage")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Slet mine kontaktoplysninger").click()
    expect(heading(page)).to_have_text("Slet dine kontaktoplysninger?")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, slet mine oplysninger").click()
    expect(heading(page)).to_have_text("Dine oplysninger er slettet")
    assert_accessible(page)
    initiative = Initiative.objects.get()
    assert (initiative.status, initiative.contact_email) == (Status.WITHDRAWN, "")

    # The receipt's link no longer opens the idea, and the page says what to do instead.
    response = page.goto(link)
    assert response.status == 404
    expect(heading(page)).to_have_text("Linket virker ikke")
    expect(page.get_by_role("main")).not_to_contain_text("Scenen er din")
    assert_accessible(page)


def test_staff_register_an_idea_heard_at_the_desk_and_find_it_on_the_board(
    page, library, staff_user, password, log_in
):
    log_in(page, staff_user.email, password)
    page.goto("/personale/initiativer/")
    page.get_by_role("link", name="Registrér en idé").click()
    expect(heading(page)).to_have_text("Registrér en idé")
    assert_accessible(page)

    page.get_by_label("Ved skranken").check()
    page.get_by_label("Titel").fill("Lektiehjælp på arabisk")
    page.get_by_label("Hvad går idéen ud på?").fill("Frivillige hjælper børn med lektierne.")
    page.get_by_label("Jeg ønsker mig det").check()
    page.get_by_label("Form", exact=True).select_option(label="Workshop")
    page.get_by_role("textbox", name=re.compile("^Borgerens navn")).fill("Amal Haddad")
    # Contact data without the citizen's consent is refused, and what was typed is kept.
    page.get_by_role("button", name="Registrér idéen").click()
    expect(page.get_by_role("alert")).to_contain_text("Der er noget, du skal rette")
    expect(page.get_by_label("Titel")).to_have_value("Lektiehjælp på arabisk")
    expect(page.get_by_role("textbox", name=re.compile("^Borgerens navn"))).to_have_value(
        "Amal Haddad"
    )
    assert_accessible(page)
    assert not Initiative.objects.exists()

    page.get_by_label(re.compile("^Borgeren har givet samtykke")).check()
    page.get_by_role("button", name="Registrér idéen").click()
    expect(page.get_by_role("status").first).to_contain_text("Idéen er registreret som initiativ")
    expect(heading(page)).to_contain_text("Lektiehjælp på arabisk")
    expect(region(page, "Overblik")).to_contain_text("Ved skranken")
    assert_accessible(page)

    page.get_by_role("link", name="Alle initiativer").click()
    page.get_by_role("link", name="Vis som tavle").click()
    expect(heading(page)).to_have_text("Tavle over initiativer")
    expect(region(page, "Modtaget 1 initiativer")).to_contain_text("Lektiehjælp på arabisk")
    assert_accessible(page)


def test_the_working_page_reflows_on_a_narrow_screen_and_its_history_scrolls_by_keyboard(
    new_page, library, staff_user, password, log_in
):
    """WCAG 1.4.10 and 2.1.1 at 320 CSS px: the wide history table scrolls inside its own
    region, which a keyboard can reach."""
    initiative = make_initiative(title="Lektiehjælp på arabisk")
    page = new_page(viewport={"width": 320, "height": 640})
    log_in(page, staff_user.email, password)
    page.goto(initiative.get_absolute_url())
    history = page.get_by_role("region", name="Alle statusændringer")
    expect(history.get_by_role("table")).to_contain_text("Modtaget")
    assert history.evaluate("element => element.scrollWidth > element.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    history.focus()
    expect(history).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("element => element.scrollLeft > 0", arg=history.element_handle())
    assert_accessible(page)
