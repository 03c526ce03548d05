"""'Mine data': a volunteer downloads everything about them as JSON, or stops and has their
personal data erased - hours stay as anonymous statistics, and their future places go to the
waitlist."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from accounts.models import User
from tests.factories import StaffFactory
from tests.volunteers.factories import (
    HoursEntryFactory,
    RoleFactory,
    ShiftFactory,
    SignupFactory,
    VolunteerFactory,
    VolunteerModelFactory,
    approve,
)
from volunteers.models import (
    Agreement,
    Application,
    ApplicationStatus,
    CertificateStatus,
    ChildCertificate,
    HoursEntry,
    HoursStatus,
    OnboardingItem,
    OnboardingStep,
    RoleQuestion,
    ScreeningNote,
    Signup,
    SignupStatus,
    Talk,
    TalkKind,
    Volunteer,
)
from volunteers.services import VolunteerError
from volunteers.services.personal_data import volunteer_erase

pytestmark = pytest.mark.django_db

DATA = "/frivillig/min-side/mine-data.json"
ERASE = "/frivillig/min-side/stop/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def full_volunteer(name: str, email: str, *, marker: str) -> Volunteer:
    """A volunteer with something of every kind, each text carrying ``marker``."""
    volunteer = VolunteerFactory(
        user__name=name,
        user__email=email,
        user__phone="11 22 33 44",
        phone="55 66 77 88",
        birth_year=1980,
        languages=f"dansk ({marker})",
    )
    role = RoleFactory(title=f"Lektiecafé {marker}", involves_children=True)
    question = RoleQuestion.objects.create(role=role, text="Hvilke fag?")
    application = approve(volunteer, role)
    application.motivation = f"Motivation {marker}"
    application.answers = {
        str(question.pk): {"question": "Hvilke fag?", "answer": f"Matematik {marker}", "order": 0}
    }
    application.save()
    ScreeningNote.objects.create(application=application, body=f"Intern note {marker}")
    item = OnboardingItem.objects.create(role=role, text="Mød din kontaktperson")
    OnboardingStep.objects.create(application=application, item=item)
    agreement = Agreement.objects.create(
        application=application,
        version=1,
        model=VolunteerModelFactory(),
        role_version=1,
        sections=[{"heading": "Det laver du", "body": f"Aftaletekst {marker}"}],
        follow_up_on=timezone.localdate() + datetime.timedelta(days=60),
        volunteer_accepted_at=timezone.now(),
        volunteer_accepted_name=name,
        staff_accepted_at=timezone.now(),
    )
    agreement.pdf.save(f"aftale-{marker}.pdf", ContentFile(b"%PDF-1.7 demo"))
    ChildCertificate.objects.create(
        volunteer=volunteer,
        status=CertificateStatus.IN_ORDER,
        checked_on=timezone.localdate(),
        renewal_due=timezone.localdate() + datetime.timedelta(days=700),
    )
    Talk.objects.create(
        volunteer=volunteer,
        kind=TalkKind.FOLLOW_UP,
        scheduled_for=timezone.localdate(),
        held_on=timezone.localdate(),
        notes=f"Samtalereferat {marker}",
    )
    past = SignupFactory(
        volunteer=volunteer,
        shift=ShiftFactory(role=role, place=f"Gammel vagt {marker}", starts_at=in_days(-7)),
        attended=True,
    )
    HoursEntryFactory(
        volunteer=volunteer,
        role=role,
        signup=past,
        hours=2,
        status=HoursStatus.APPROVED,
        description=f"Vagt {marker}",
    )
    HoursEntryFactory(volunteer=volunteer, role=role, hours="1.5", description=f"Timer {marker}")
    return volunteer


@pytest.fixture
def anne():
    return full_volunteer("Anne Andersen", "anne@example.dk", marker="ANNE")


@pytest.fixture
def bo():
    return full_volunteer("Bo Bech", "bo@example.dk", marker="BO")


# --- Download ------------------------------------------------------------------------------------


def test_the_download_holds_all_my_data_in_the_documented_structure(anne, bo):
    response = client_for(anne.user).get(DATA)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mine-frivilligdata-')
    data = json.loads(response.content)
    assert data["format"] == "sammen.frivillig.mine-data"
    assert data["version"] == 1
    assert set(data) >= {
        "person",
        "volunteer",
        "applications",
        "agreements",
        "child_certificate",
        "signups",
        "hours",
        "talks",
    }
    assert data["person"] == {
        "name": "Anne Andersen",
        "email": "anne@example.dk",
        "phone": "11 22 33 44",
    }
    assert data["volunteer"]["phone"] == "55 66 77 88"
    (application,) = data["applications"]
    assert application["motivation"] == "Motivation ANNE"
    assert application["answers"] == [{"question": "Hvilke fag?", "answer": "Matematik ANNE"}]
    assert application["onboarding"][0]["item"] == "Mød din kontaktperson"
    assert application["consent_text"].startswith("Jeg giver biblioteket lov")
    (agreement,) = data["agreements"]
    assert agreement["sections"] == [{"heading": "Det laver du", "body": "Aftaletekst ANNE"}]
    assert agreement["has_pdf"] is True
    assert data["child_certificate"]["status"] == "in_order"
    assert data["signups"][0]["place"] == "Gammel vagt ANNE"
    assert {entry["description"] for entry in data["hours"]} == {"Vagt ANNE", "Timer ANNE"}
    assert {entry["hours"] for entry in data["hours"]} == {"2.00", "1.50"}
    assert data["talks"][0]["notes"] == "Samtalereferat ANNE"


def test_the_download_holds_nothing_of_another_volunteer_and_no_screening_notes(anne, bo):
    text = client_for(anne.user).get(DATA).content.decode()

    assert "ANNE" in text
    assert "BO" not in text
    assert "bo@example.dk" not in text
    assert "Intern note" not in text


def test_the_download_needs_a_volunteer_profile_and_a_login(citizen, anonymous):
    response = citizen.get(DATA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert anonymous.get(DATA).status_code == 302


# --- Erasure -------------------------------------------------------------------------------------


def test_the_confirmation_page_says_what_will_happen(anne):
    SignupFactory(volunteer=anne, shift=ShiftFactory(starts_at=in_days(3)))

    response = client_for(anne.user).get(ERASE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Du meldes fra din kommende vagt" in page
    assert "Dine timer bliver i bibliotekets statistik, men uden dit navn" in page
    assert 'name="delete_account"' in page


def test_nothing_happens_without_the_confirmation_tick(anne):
    response = client_for(anne.user).post(ERASE, {})

    assert response.status_code == 200
    assert "Sæt flueben" in response.content.decode()
    anne.refresh_from_db()
    assert anne.ended_at is None
    assert anne.user.name == "Anne Andersen"


def test_erasure_keeps_the_hours_anonymously_and_deletes_the_personal_data(
    anne, bo, media, django_capture_on_commit_callbacks
):
    agreement = Agreement.objects.get(application__volunteer=anne)
    pdf_path = media / agreement.pdf.name
    assert pdf_path.exists()
    hours_before = sum(HoursEntry.objects.values_list("hours", flat=True), Decimal(0))

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(anne.user).post(ERASE, {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/frivillig/min-side/stoppet/"
    anne.refresh_from_db()
    user = anne.user
    assert (user.name, user.phone) == ("", "")
    assert (anne.phone, anne.birth_year, anne.languages, anne.mentor) == ("", None, "", None)
    assert anne.ended_at is not None
    application = Application.objects.get(volunteer=anne)
    assert application.status == ApplicationStatus.ENDED
    assert (application.motivation, application.answers) == ("", {})
    agreement.refresh_from_db()
    assert agreement.sections == [] and not agreement.pdf
    assert not pdf_path.exists()
    assert not ScreeningNote.objects.filter(application__volunteer=anne).exists()
    assert not Talk.objects.filter(volunteer=anne).exists()
    assert not ChildCertificate.objects.filter(volunteer=anne).exists()
    # The hours stay, with no way back to Anne (no volunteer, no sign-up, no text).
    assert not HoursEntry.objects.filter(volunteer=anne).exists()
    anonymous = HoursEntry.objects.filter(volunteer__isnull=True)
    assert anonymous.count() == 2
    assert set(anonymous.values_list("signup", "description")) == {(None, "")}
    assert sum(HoursEntry.objects.values_list("hours", flat=True), Decimal(0)) == hours_before
    # Bo is untouched.
    bo.refresh_from_db()
    assert bo.user.name == "Bo Bech"
    assert HoursEntry.objects.filter(volunteer=bo).count() == 2
    assert ScreeningNote.objects.filter(application__volunteer=bo).exists()
    assert Agreement.objects.get(application__volunteer=bo).pdf
    # The account stays (the citizen side), and a confirmation went to the old address.
    assert User.objects.filter(pk=user.pk, email="anne@example.dk").exists()
    (message,) = [m for m in mail.outbox if m.to == ["anne@example.dk"]]
    assert message.subject == "Du er stoppet som frivillig, og dine oplysninger er slettet"
    assert "Din konto findes stadig" in message.body


def test_erasure_frees_my_future_places_to_the_waitlist(
    anne, bo, django_capture_on_commit_callbacks
):
    role = Application.objects.get(volunteer=anne).role
    approve(bo, role)
    shift = ShiftFactory(role=role, capacity=1, starts_at=in_days(3))
    mine = SignupFactory(shift=shift, volunteer=anne, status=SignupStatus.CONFIRMED)
    waiting = SignupFactory(shift=shift, volunteer=bo, status=SignupStatus.WAITLISTED)
    past = Signup.objects.get(volunteer=anne, shift__starts_at__lt=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        result = volunteer_erase(volunteer=anne, acting_user=anne.user)

    assert result.cancelled_signups == 1
    mine.refresh_from_db()
    waiting.refresh_from_db()
    past.refresh_from_db()
    assert mine.status == SignupStatus.CANCELLED
    assert waiting.status == SignupStatus.OFFERED
    assert past.status == SignupStatus.CONFIRMED  # history is not rewritten
    assert any(m.to == ["bo@example.dk"] for m in mail.outbox)


def test_ticking_delete_my_account_deletes_it_and_logs_out(
    anne, django_capture_on_commit_callbacks
):
    client = client_for(anne.user)
    user_pk = anne.user.pk

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ERASE, {"confirm": "on", "delete_account": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=user_pk).exists()
    assert not Volunteer.objects.filter(pk=anne.pk).exists()
    assert HoursEntry.objects.filter(volunteer__isnull=True).count() == 2
    assert client.get("/frivillig/min-side/")["Location"].startswith("/konto/login/")
    assert client.get("/frivillig/min-side/stoppet/").status_code == 200
    (message,) = mail.outbox
    assert message.to == ["anne@example.dk"]
    assert "Din konto er også slettet." in message.body


def test_a_staff_account_is_never_deleted_here(django_capture_on_commit_callbacks):
    staff_user = StaffFactory()
    volunteer = VolunteerFactory(user=staff_user)
    client = client_for(staff_user)

    assert 'name="delete_account"' not in client.get(ERASE).content.decode()
    client.post(ERASE, {"confirm": "on", "delete_account": "on"})
    assert User.objects.filter(pk=staff_user.pk).exists()
    volunteer.refresh_from_db()
    assert volunteer.ended_at is not None
    with pytest.raises(VolunteerError):
        volunteer_erase(volunteer=volunteer, acting_user=staff_user, delete_account=True)


def test_erasure_is_only_for_myself_and_by_get_or_post(citizen, anonymous, anne):
    assert citizen.post(ERASE, {"confirm": "on"}).status_code == 200  # the "not a volunteer" page
    assert anonymous.post(ERASE, {"confirm": "on"}).status_code == 302
    assert client_for(anne.user).put(ERASE).status_code == 405
    anne.refresh_from_db()
    assert anne.ended_at is None


@pytest.mark.django_db
def test_the_privacy_page_says_what_volunteering_stores_and_how_to_get_it_or_erase_it(anonymous):
    response = anonymous.get("/privatliv/")
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert '<h2 id="frivillig">Når du er frivillig</h2>' in text
    for stored in [
        "Din ansøgning",
        "Din forventningsafstemning",
        "Dine vagter",
        "Dine timer",
        "Børneattest, hvis opgaven har fast kontakt med børn under 15 år: kun om attesten er i "
        "orden, og datoerne",
        "Vi gemmer aldrig attestens indhold eller dit CPR-nummer.",
    ]:
        assert stored in text, stored
    assert '<a href="/frivillig/min-side/">Min side som frivillig</a>' in text
    assert "i én fil (JSON)" in text
    assert "stoppe som frivillig og få dine oplysninger slettet" in text
    assert "Dine timer bliver stående som anonym statistik uden dit navn" in text
