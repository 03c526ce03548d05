"""Applying for a volunteer role: who may, what they see first, what is stored and sent."""

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import ConsentText
from tests.html import error_summary, field_errors
from volunteers.models import (
    Application,
    ApplicationStatus,
    RoleQuestion,
    RoleStatus,
    Volunteer,
)
from volunteers.services import VolunteerError
from volunteers.services.applications import DuplicateApplication, application_submit

from .factories import ApplicationFactory, RoleFactory, VolunteerFactory, VolunteerModelFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def model():
    return VolunteerModelFactory(
        introduction="Frivillige er med til at skabe biblioteket sammen med os."
    )


@pytest.fixture
def role(own_branch):
    role = RoleFactory(
        title="Lektiecafé-hjælper",
        slug="lektiecafe",
        branch=own_branch,
        minimum_age=18,
        contact_person__email="kontakt@example.dk",
    )
    RoleQuestion.objects.create(role=role, text="Har du erfaring med børn?", required=True, order=0)
    RoleQuestion.objects.create(role=role, text="Hvilke fag er du god til?", order=1)
    return role


def apply_url(role) -> str:
    return f"/frivillig/{role.slug}/ansoeg/"


def form_data(role, **overrides) -> dict:
    required, optional = role.questions.order_by("order")
    data = {
        "motivation": "Jeg vil gerne give noget igen til mit bibliotek.",
        "experience": "Lærer i 30 år.",
        "availability": "Tirsdage og torsdage efter kl. 15",
        "languages": "dansk, engelsk",
        "phone": "20 30 40 50",
        "birth_year": str(THIS_YEAR - 40),
        f"question_{required.pk}": "Ja, jeg har tre børnebørn.",
        f"question_{optional.pk}": "Matematik",
        "consent": "on",
        "consent_version": str(ConsentText.current("volunteer").version),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Getting to the form ------------------------------------------------------------------------


def test_anonymous_people_log_in_or_sign_up_and_come_back_to_the_form(anonymous, role):
    response = anonymous.get(apply_url(role))

    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next=/frivillig/{role.slug}/ansoeg/"


def test_the_role_page_offers_sign_up_that_returns_to_the_form(anonymous, role):
    page = anonymous.get(f"/frivillig/{role.slug}/").content.decode()

    assert "/konto/signup/?next=/frivillig/lektiecafe/ansoeg/" in page
    assert "/konto/login/?next=/frivillig/lektiecafe/ansoeg/" in page


def test_the_form_shows_the_volunteer_model_and_the_benefits_notice_first(citizen, role, model):
    page = citizen.get(apply_url(role)).content.decode()

    assert "Frivillige er med til at skabe biblioteket sammen med os." in page
    assert 'href="/frivillig/om-frivillighed/"' in page
    assert "dagpenge" in page and "efterløn" in page
    assert "a-kasse" in page and "Jobcenteret" in page
    assert ConsentText.current("volunteer").text in page
    assert "Har du erfaring med børn?" in page


def test_the_form_is_prefilled_from_the_volunteer_profile(citizen, citizen_user, role):
    VolunteerFactory(user=citizen_user, phone="11 22 33 44", birth_year=1970, languages="tysk")

    page = citizen.get(apply_url(role)).content.decode()

    assert 'value="11 22 33 44"' in page
    assert 'value="1970"' in page
    assert 'value="tysk"' in page


# --- Applying -----------------------------------------------------------------------------------


def test_a_citizen_applies_and_both_sides_are_emailed(
    citizen, citizen_user, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(apply_url(role), form_data(role))

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/frivillig/ansoegninger/{application.pk}/"
    assert application.volunteer.user == citizen_user
    assert application.role == role
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.motivation == "Jeg vil gerne give noget igen til mit bibliotek."
    assert application.availability == "Tirsdage og torsdage efter kl. 15"
    assert [
        item["answer"] for item in sorted(application.answers.values(), key=lambda i: i["order"])
    ] == [
        "Ja, jeg har tre børnebørn.",
        "Matematik",
    ]
    volunteer = Volunteer.objects.get(user=citizen_user)
    assert (volunteer.phone, volunteer.birth_year) == ("20 30 40 50", THIS_YEAR - 40)
    to_applicant = [m for m in mail.outbox if m.to == ["borger@example.dk"]]
    to_contact = [m for m in mail.outbox if m.to == ["kontakt@example.dk"]]
    assert len(to_applicant) == 1 and "Tak for din ansøgning" in to_applicant[0].subject
    assert f"/frivillig/ansoegninger/{application.pk}/" in to_applicant[0].body
    assert len(to_contact) == 1 and "Lektiecafé-hjælper" in to_contact[0].subject
    assert f"/personale/frivillige/ansoegninger/{application.pk}/" in to_contact[0].body


def test_the_application_stores_the_consent_version_the_applicant_saw(citizen, role):
    ConsentText.objects.create(purpose="volunteer", version=2, text="Ny samtykketekst.")

    page = citizen.get(apply_url(role)).content.decode()
    citizen.post(apply_url(role), form_data(role, consent_version="2"))

    assert "Ny samtykketekst." in page
    application = Application.objects.get()
    assert application.consent_text.version == 2
    assert application.consented_at is not None


def test_consent_to_a_text_that_changed_meanwhile_must_be_given_again(citizen, role):
    ConsentText.objects.create(purpose="volunteer", version=2, text="Ny samtykketekst.")

    response = citizen.post(apply_url(role), form_data(role, consent_version="1"))

    assert response.status_code == 200
    assert "Læs den nye tekst" in field_errors(response)["consent"]
    assert not Application.objects.exists()


def test_consent_is_required(citizen, role):
    response = citizen.post(apply_url(role), form_data(role, consent=None))

    assert "Sæt kryds for at give dit samtykke" in field_errors(response)["consent"]
    assert not Application.objects.exists()


def test_a_required_custom_question_must_be_answered(citizen, role):
    required = role.questions.get(required=True)

    response = citizen.post(apply_url(role), form_data(role, **{f"question_{required.pk}": " "}))

    assert response.status_code == 200
    assert field_errors(response)[f"question_{required.pk}"] == "Svar på spørgsmålet."
    assert any("Har du erfaring med børn?" in line for line in error_summary(response))
    assert not Application.objects.exists()


def test_an_optional_custom_question_may_be_left_empty(citizen, role):
    optional = role.questions.get(required=False)

    citizen.post(apply_url(role), form_data(role, **{f"question_{optional.pk}": ""}))

    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_the_service_enforces_required_questions_too(citizen_user, role):
    with pytest.raises(VolunteerError, match="Har du erfaring med børn"):
        application_submit(
            user=citizen_user,
            role=role,
            motivation="Gerne",
            availability="Tirsdage",
            birth_year=1980,
            consent_text=ConsentText.current("volunteer"),
            answers={},
        )


def test_a_too_young_applicant_is_refused_in_danish(citizen, role):
    response = citizen.post(apply_url(role), form_data(role, birth_year=str(THIS_YEAR - 16)))

    assert response.status_code == 200
    assert field_errors(response)["birth_year"].startswith(
        "Du skal være mindst 18 år for at være frivillig som Lektiecafé-hjælper."
    )
    assert not Application.objects.exists()


def test_turning_the_minimum_age_this_year_is_old_enough(citizen, role):
    citizen.post(apply_url(role), form_data(role, birth_year=str(THIS_YEAR - 18)))

    assert Application.objects.count() == 1


# --- One live application per role --------------------------------------------------------------


def test_a_second_application_to_the_same_role_gets_a_friendly_message(citizen, citizen_user, role):
    existing = ApplicationFactory(volunteer=VolunteerFactory(user=citizen_user), role=role)

    shown = citizen.get(apply_url(role))
    posted = citizen.post(apply_url(role), form_data(role))

    for response in (shown, posted):
        page = response.content.decode()
        assert "Du har allerede søgt rollen" in page
        assert f'href="/frivillig/ansoegninger/{existing.pk}/"' in page
    assert Application.objects.count() == 1


def test_a_duplicate_that_slips_past_the_form_is_refused_with_the_existing_one(citizen_user, role):
    arguments = {
        "user": citizen_user,
        "role": role,
        "motivation": "Gerne",
        "availability": "Tirsdage",
        "birth_year": 1980,
        "consent_text": ConsentText.current("volunteer"),
        "answers": {role.questions.get(required=True).pk: "Ja"},
    }
    first = application_submit(**arguments)

    with pytest.raises(DuplicateApplication) as refused:
        application_submit(**arguments)

    assert refused.value.existing == first
    assert Application.objects.count() == 1


def test_after_a_declined_application_one_may_apply_again(citizen, citizen_user, role):
    ApplicationFactory(
        volunteer=VolunteerFactory(user=citizen_user), role=role, status=ApplicationStatus.DECLINED
    )

    citizen.post(apply_url(role), form_data(role))

    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 1


# --- Paused and closed roles --------------------------------------------------------------------


@pytest.mark.parametrize("status", [RoleStatus.PAUSED, RoleStatus.CLOSED])
def test_a_paused_or_closed_role_cannot_be_applied_for(citizen, role, status):
    role.status = status
    role.save()

    shown = citizen.get(apply_url(role))
    posted = citizen.post(apply_url(role), form_data(role))

    assert shown.status_code == posted.status_code == 409
    assert "Rollen tager ikke imod ansøgninger" in shown.content.decode()
    assert not Application.objects.exists()


# --- The applicant's own application ------------------------------------------------------------


def test_the_applicant_sees_their_application_and_the_reason_given(citizen, citizen_user, role):
    application = ApplicationFactory(
        volunteer=VolunteerFactory(user=citizen_user),
        role=role,
        status=ApplicationStatus.DECLINED,
        decision_reason="Vi har fået mange ansøgere til netop denne rolle.",
        answers={"1": {"question": "Har du erfaring med børn?", "answer": "Ja", "order": 0}},
    )

    page = citizen.get(f"/frivillig/ansoegninger/{application.pk}/").content.decode()

    assert "Vi har fået mange ansøgere til netop denne rolle." in page
    assert "Har du erfaring med børn?" in page
    assert "Afvist" in page


def test_volunteer_a_cannot_see_or_withdraw_volunteer_b_s_application(citizen, role):
    of_b = ApplicationFactory(role=role)

    assert citizen.get(f"/frivillig/ansoegninger/{of_b.pk}/").status_code == 404
    assert citizen.post(f"/frivillig/ansoegninger/{of_b.pk}/traek-tilbage/").status_code == 404
    of_b.refresh_from_db()
    assert of_b.status == ApplicationStatus.SUBMITTED


def test_screening_notes_are_never_shown_to_the_applicant(citizen, citizen_user, role, staff_user):
    application = ApplicationFactory(volunteer=VolunteerFactory(user=citizen_user), role=role)
    application.notes.create(author=staff_user, body="Virkede lidt usikker i telefonen.")

    page = citizen.get(f"/frivillig/ansoegninger/{application.pk}/").content.decode()

    assert "usikker" not in page


def test_the_applicant_withdraws_an_application(citizen, citizen_user, role):
    application = ApplicationFactory(volunteer=VolunteerFactory(user=citizen_user), role=role)
    url = f"/frivillig/ansoegninger/{application.pk}/traek-tilbage/"

    assert citizen.get(url).status_code == 405
    response = citizen.post(url)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_an_approved_application_cannot_be_withdrawn_here(citizen, citizen_user, role):
    application = ApplicationFactory(
        volunteer=VolunteerFactory(user=citizen_user), role=role, status=ApplicationStatus.APPROVED
    )

    response = citizen.post(f"/frivillig/ansoegninger/{application.pk}/traek-tilbage/", follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert "så det kan ikke lade sig gøre nu" in response.content.decode()


def test_the_database_refuses_a_duplicate_the_check_missed(citizen_user, role, monkeypatch):
    """Two submissions at once: should both pass the look-up, the unique constraint refuses
    the second, and the applicant still gets the friendly refusal, not an error page."""
    from volunteers.services import applications

    arguments = {
        "user": citizen_user,
        "role": role,
        "motivation": "Gerne",
        "availability": "Tirsdage",
        "birth_year": 1980,
        "consent_text": ConsentText.current("volunteer"),
        "answers": {role.questions.get(required=True).pk: "Ja"},
    }
    first = application_submit(**arguments)
    monkeypatch.setattr(applications, "_live_for", lambda volunteer, role: None)

    with pytest.raises(DuplicateApplication) as refused:
        application_submit(**arguments)

    assert refused.value.existing == first
    assert Application.objects.count() == 1
