"""Issue 4's browser test: from finding a role to a waitlist, in Chromium, axe on every page.

Two browsers, one per persona: the citizen who becomes a volunteer, and the role's tovholder
(also its contact person). The flow in the order they walk it: find a role, read it and the
volunteer model, apply (log in on the way; a missing answer first), screening with a note and
approval, the expectation agreement accepted by both and downloaded as PDF, then a shift taken,
cancelled, and a full one that puts the volunteer on the waitlist.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from organisation.models import Library
from tests.activities.factories import in_days
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD, BranchFactory, StaffFactory, UserFactory
from tests.volunteers.factories import (
    RoleFactory,
    ShiftFactory,
    SignupFactory,
    VolunteerModelFactory,
    approved_volunteer,
)
from volunteers.models import (
    Agreement,
    Application,
    ApplicationStatus,
    RoleQuestion,
    ScreeningNote,
    Signup,
    SignupStatus,
)

pytestmark = pytest.mark.e2e

ROLE = "IT-hjælper for seniorer"
QUESTION = "Hvilke programmer kender du godt?"
MOTIVATION = "Jeg har hjulpet mine forældre med computeren i årevis og vil gerne hjælpe flere."
ANSWER = "Word, e-Boks og MitID-appen"
NOTE = "God samtale i telefonen. Kan starte i næste uge."
MODEL_INTRODUCTION = "Frivillige skaber biblioteket sammen med os og borgerne."
VOLUNTEER_EMAIL = "borger@example.dk"
VOLUNTEER_NAME = "Mette Borger"


@pytest.fixture
def setting(transactional_db, settings, tmp_path):
    """A library with a model for volunteering, an open role with a question, another role,
    a person with an account, and two shifts: one with room, one already full."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the agreement PDF is stored here
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.save()
    VolunteerModelFactory(introduction=MODEL_INTRODUCTION)
    tovholder = StaffFactory(email="tovholder@example.dk", name="Sofie Tovholder")
    branch = BranchFactory(name="Vestamager Bibliotek", tovholder=tovholder)
    role = RoleFactory(
        title=ROLE,
        slug="it-hjaelp",
        purpose="Seniorer får hjælp til deres telefon, tablet og computer.",
        tasks="Du hjælper én borger ad gangen ved IT-bordet.",
        branch=branch,
        contact_person=tovholder,
        minimum_age=16,
    )
    RoleQuestion.objects.create(role=role, text=QUESTION, required=True)
    RoleFactory(title="Højtlæser for børn", slug="hoejtlaeser", branch=branch)
    UserFactory(email=VOLUNTEER_EMAIL, name=VOLUNTEER_NAME)

    open_shift = ShiftFactory(
        role=role, starts_at=in_days(5, hour=10), ends_at=in_days(5, hour=12), place="IT-bordet"
    )
    full_shift = ShiftFactory(
        role=role,
        starts_at=in_days(8, hour=14),
        ends_at=in_days(8, hour=16),
        place="Mødelokale 2",
        capacity=1,
    )
    SignupFactory(
        shift=full_shift,
        volunteer=approved_volunteer(role, name="Ole Frivillig", email="ole@example.dk"),
    )
    return {"role": role, "open_shift": open_shift, "full_shift": full_shift}


def heading(page):
    return page.get_by_role("heading", level=1)


def status_message(page):
    return page.get_by_role("status").first


def test_a_citizen_applies_is_approved_accepts_the_agreement_and_takes_shifts(
    new_page, log_in, setting
):
    citizen = new_page()
    staff = new_page()

    # --- 1. The citizen finds the role, reads it and the volunteer model. ---
    citizen.goto("/")
    citizen.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Bliv frivillig"
    ).click()
    expect(heading(citizen)).to_have_text("Bliv frivillig på biblioteket")
    assert_accessible(citizen)
    citizen.get_by_label("Søg").fill("IT")
    citizen.get_by_role("button", name="Vis roller").click()
    expect(citizen.get_by_text("1 rolle", exact=True)).to_be_visible()
    expect(citizen.get_by_role("link", name="Højtlæser for børn")).to_have_count(0)
    assert_accessible(citizen)

    citizen.get_by_role("link", name=ROLE).click()
    expect(heading(citizen)).to_have_text(ROLE)
    expect(citizen.get_by_role("main")).to_contain_text("Du hjælper én borger ad gangen")
    assert_accessible(citizen)
    role_url = citizen.url

    citizen.get_by_role("link", name="Læs, hvordan vi arbejder med frivillige").click()
    expect(heading(citizen)).to_have_text("Sådan arbejder vi med frivillige")
    expect(citizen.get_by_role("main")).to_contain_text(MODEL_INTRODUCTION)
    assert_accessible(citizen)
    citizen.goto(role_url)

    # --- 2. Applying: log in on the way, see the model and the dagpenge/efterløn notice. ---
    citizen.get_by_role("link", name="Ansøg", exact=True).click()
    expect(citizen).to_have_url(re.compile(r"/konto/login/\?next=/frivillig/it-hjaelp/ansoeg/$"))
    assert_accessible(citizen)
    citizen.get_by_label("E-mail").fill(VOLUNTEER_EMAIL)
    citizen.get_by_label("Adgangskode").fill(PASSWORD)
    citizen.get_by_role("button", name="Log ind").click()
    expect(heading(citizen)).to_have_text(f"Ansøg som frivillig: {ROLE}")
    expect(citizen.get_by_role("main")).to_contain_text(MODEL_INTRODUCTION)
    notice = citizen.get_by_role("note").filter(has_text="Får du dagpenge eller efterløn?")
    expect(notice).to_contain_text("Spørg din a-kasse, før du begynder.")
    assert_accessible(citizen)

    # First without saying when they can: the Danish error summary, and nothing typed is lost.
    citizen.get_by_label("Hvorfor vil du være frivillig her?").fill(MOTIVATION)
    citizen.get_by_label("Sprog, du taler").fill("dansk og engelsk")
    citizen.get_by_label("Fødselsår").fill("1958")
    citizen.get_by_label(QUESTION).fill(ANSWER)
    citizen.get_by_label("Ja, jeg giver mit samtykke").check()
    citizen.get_by_role("button", name="Send ansøgningen").click()

    summary = citizen.get_by_role("alert")
    expect(summary).to_contain_text("Der er noget, du skal rette")
    error = summary.get_by_role("link", name=re.compile("^Hvornår kan du?"))
    expect(error).to_have_text("Hvornår kan du?: Dette felt er påkrævet.")
    expect(summary).to_be_focused()
    expect(citizen.get_by_label("Hvorfor vil du være frivillig her?")).to_have_value(MOTIVATION)
    expect(citizen.get_by_label("Sprog, du taler")).to_have_value("dansk og engelsk")
    expect(citizen.get_by_label("Fødselsår")).to_have_value("1958")
    expect(citizen.get_by_label(QUESTION)).to_have_value(ANSWER)
    expect(citizen.get_by_label("Ja, jeg giver mit samtykke")).to_be_checked()
    assert_accessible(citizen)
    assert not Application.objects.filter(volunteer__user__email=VOLUNTEER_EMAIL).exists()

    error.click()
    expect(citizen.get_by_label("Hvornår kan du?")).to_be_focused()
    citizen.get_by_label("Hvornår kan du?").fill("Tirsdag og torsdag formiddag")
    citizen.get_by_role("button", name="Send ansøgningen").click()
    expect(heading(citizen)).to_have_text(f"Din ansøgning: {ROLE}")
    expect(status_message(citizen)).to_contain_text("Tak for din ansøgning.")
    expect(citizen.get_by_role("main")).to_contain_text(ANSWER)
    assert_accessible(citizen)
    application = Application.objects.get(volunteer__user__email=VOLUNTEER_EMAIL)
    assert application.status == ApplicationStatus.SUBMITTED

    # --- 3. The tovholder screens the application: a note, then approval. ---
    log_in(staff, "tovholder@example.dk", PASSWORD)
    staff.get_by_role("navigation", name="Personalemenu").get_by_role(
        "link", name="Frivillige"
    ).click()
    expect(heading(staff)).to_have_text("Frivillige")
    assert_accessible(staff)
    volunteers_menu = staff.get_by_role("navigation", name="Frivillige", exact=True)
    expect(volunteers_menu.get_by_role("link", name="Overblik")).to_have_attribute(
        "aria-current", "page"
    )
    volunteers_menu.get_by_role("link", name="Ansøgninger").click()
    expect(heading(staff)).to_have_text("Ansøgninger fra frivillige")
    row = staff.get_by_role("row", name=re.compile(VOLUNTEER_NAME))
    expect(row).to_contain_text(ROLE)
    assert_accessible(staff)

    row.get_by_role("link", name=VOLUNTEER_NAME).click()
    expect(heading(staff)).to_contain_text(VOLUNTEER_NAME)
    expect(staff.get_by_role("main")).to_contain_text(ANSWER)
    assert_accessible(staff)
    staff.get_by_label("Note fra samtalen").fill(NOTE)
    staff.get_by_role("button", name="Gem noten").click()
    expect(status_message(staff)).to_contain_text("Noten er gemt.")
    expect(staff.get_by_role("main")).to_contain_text(NOTE)
    assert_accessible(staff)
    assert ScreeningNote.objects.get(application=application).body == NOTE

    staff.get_by_role("button", name="Godkend ansøgningen").click()
    expect(status_message(staff)).to_contain_text("Ansøgningen er godkendt.")
    assert_accessible(staff)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    agreement = Agreement.objects.get(application=application)
    to_volunteer = [m for m in mail.outbox if m.to == [VOLUNTEER_EMAIL]]
    assert len(to_volunteer) >= 2  # the receipt, the approval (with the agreement to accept)

    # --- 4. The volunteer reads the agreement on "Min side" and accepts it with their name. ---
    citizen.get_by_role("link", name="Min side som frivillig").click()
    expect(heading(citizen)).to_have_text("Min side som frivillig")
    mine = citizen.get_by_role("region", name="Min aftale (forventningsafstemning)")
    expect(mine).to_contain_text("Venter på dig")
    assert_accessible(citizen)

    mine.get_by_role("link", name=f"{ROLE}, version 1").click()
    expect(heading(citizen)).to_have_text(f"Forventningsafstemning: {ROLE}")
    expect(citizen.get_by_role("main")).to_contain_text("Sofie Tovholder")
    assert_accessible(citizen)
    citizen.get_by_label("Dit fulde navn").fill(VOLUNTEER_NAME)
    citizen.get_by_label("Jeg har læst forventningsafstemningen og godkender den").check()
    citizen.get_by_role("button", name="Godkend aftalen").click()
    expect(status_message(citizen)).to_contain_text("Du har godkendt forventningsafstemningen.")
    expect(citizen.get_by_role("main")).to_contain_text(f"med navnet “{VOLUNTEER_NAME}”")
    assert_accessible(citizen)
    agreement_url = citizen.url

    # --- 5. The tovholder accepts it on the library's behalf. ---
    staff.get_by_role("navigation", name="Frivillige", exact=True).get_by_role(
        "link", name="Forventningsafstemninger"
    ).click()
    expect(heading(staff)).to_have_text("Forventningsafstemninger")
    assert_accessible(staff)
    staff.get_by_role("row", name=re.compile(VOLUNTEER_NAME)).get_by_role(
        "link", name=VOLUNTEER_NAME
    ).click()
    expect(heading(staff)).to_have_text(f"Forventningsafstemning med {VOLUNTEER_NAME}")
    assert_accessible(staff)
    staff.get_by_role("button", name="Godkend på bibliotekets vegne").click()
    expect(status_message(staff)).to_contain_text("Du har godkendt forventningsafstemningen")
    assert_accessible(staff)
    agreement.refresh_from_db()
    assert agreement.is_accepted

    # --- 6. Both accepted: the volunteer downloads the agreement as a PDF. ---
    citizen.goto(agreement_url)
    pdf_link = citizen.get_by_role("link", name="Hent aftalen som PDF (version 1)")
    expect(pdf_link).to_be_visible()
    assert_accessible(citizen)
    response = citizen.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # --- 7. Shifts: take one, cancel it (confirming first), then join a full one's waitlist. ---
    citizen.get_by_role("link", name="Mine forventningsafstemninger").click()
    citizen.get_by_role("link", name="Min side", exact=True).click()
    citizen.get_by_role("link", name="Find vagter og meld afbud").click()
    expect(heading(citizen)).to_have_text("Vagter")
    assert_accessible(citizen)
    available = citizen.get_by_role("region", name="Vagter du kan tage", exact=True)
    at_the_desk = available.get_by_role("listitem").filter(has_text="IT-bordet")
    expect(at_the_desk).to_contain_text("2 ledige pladser af 2")
    at_the_desk.get_by_role("button", name=re.compile("^Tilmeld mig")).click()
    expect(status_message(citizen)).to_contain_text("Du er tilmeldt vagten.")
    signed_up = citizen.get_by_role("region", name="Mine vagter", exact=True).get_by_role(
        "listitem"
    )
    expect(signed_up).to_have_count(1)
    expect(signed_up).to_contain_text("Tilmeldt")
    expect(signed_up).to_contain_text("IT-bordet")
    assert_accessible(citizen)
    signup = Signup.objects.get(shift=setting["open_shift"], volunteer__user__email=VOLUNTEER_EMAIL)
    assert signup.status == SignupStatus.CONFIRMED
    confirmation = [m for m in mail.outbox if m.to == [VOLUNTEER_EMAIL] and m.attachments][-1]
    assert confirmation.attachments[0][2] == "text/calendar"

    signed_up.get_by_role("link", name=re.compile("^Meld afbud")).click()
    expect(heading(citizen)).to_have_text("Meld afbud")
    expect(citizen.get_by_role("main")).to_contain_text("Du melder afbud før fristen")
    assert_accessible(citizen)
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED  # nothing happens before the confirmation
    citizen.get_by_role("button", name="Meld afbud").click()
    expect(status_message(citizen)).to_contain_text("Du er meldt fra vagten.")
    expect(citizen.get_by_role("region", name="Mine vagter", exact=True)).to_contain_text(
        "Du har ingen kommende vagter."
    )
    assert_accessible(citizen)
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED

    full = available.get_by_role("listitem").filter(has_text="Mødelokale 2")
    expect(full).to_contain_text("Fuld")
    full.get_by_role("button", name=re.compile("^Skriv mig på ventelisten")).click()
    expect(status_message(citizen)).to_contain_text("du står på ventelisten")
    waiting = citizen.get_by_role("region", name="Mine vagter", exact=True).get_by_role("listitem")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("På venteliste")
    expect(waiting).to_contain_text("Mødelokale 2")
    expect(available.get_by_role("listitem").filter(has_text="Mødelokale 2")).to_contain_text(
        "Du står på ventelisten"
    )
    assert_accessible(citizen)
    statuses = dict(
        Signup.objects.filter(shift=setting["full_shift"]).values_list(
            "volunteer__user__email", "status"
        )
    )
    assert statuses == {
        "ole@example.dk": SignupStatus.CONFIRMED,
        VOLUNTEER_EMAIL: SignupStatus.WAITLISTED,
    }
