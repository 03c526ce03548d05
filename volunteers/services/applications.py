"""Applying for a volunteer role, and the staff's screening: notes, approve, decline, on hold.

Rules:
- Only an open role takes applications, and the applicant must be old enough for it (the role's
  minimum age, from the birth year: "turns at least N this year").
- One live application (submitted, on hold, approved) per person and role. The database holds
  the invariant (a partial unique constraint); the service locks the volunteer row before it
  looks, so two submissions at once give one application and one friendly refusal.
- The applicant consents to the current consent text; the application records that version.
- Every decision is emailed to the applicant (in Danish); a declined application has a reason.
- Approval drafts the expectation agreement (agreements service) in the same transaction: if
  the agreement cannot be drafted, the approval does not happen either.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import ConsentText, User
from accounts.services import audit_record
from organisation.models import Library

from ..models import (
    ACTIVE_APPLICATION,
    CONSENT_PURPOSE,
    Application,
    ApplicationStatus,
    RoleStatus,
    ScreeningNote,
    Volunteer,
    VolunteerRole,
)
from . import VolunteerError

EMAIL_LANGUAGE = "da"
EARLIEST_BIRTH_YEAR = 1900

# Which decision may follow which (the invariant lives here and nowhere else).
DECIDABLE = {
    "approve": {ApplicationStatus.SUBMITTED, ApplicationStatus.ON_HOLD},
    "decline": {ApplicationStatus.SUBMITTED, ApplicationStatus.ON_HOLD},
    "hold": {ApplicationStatus.SUBMITTED},
    "withdraw": {ApplicationStatus.SUBMITTED, ApplicationStatus.ON_HOLD},
}


class DuplicateApplication(VolunteerError):
    """The person already has a live application for the role; ``existing`` is that one."""

    def __init__(self, existing: Application):
        self.existing = existing
        super().__init__(
            "Du har allerede en ansøgning til denne rolle. Du kan følge den på siden om din "
            "ansøgning."
        )


# --- Age ----------------------------------------------------------------------------------------


def age_this_year(birth_year: int, today: datetime.date | None = None) -> int:
    """The age the person turns (or turned) this calendar year."""
    return (today or timezone.localdate()).year - birth_year


def check_birth_year(birth_year: int | None, role: VolunteerRole, today=None) -> None:
    today = today or timezone.localdate()
    if birth_year is None:
        raise VolunteerError("Skriv dit fødselsår.")
    if not EARLIEST_BIRTH_YEAR <= birth_year <= today.year:
        raise VolunteerError("Skriv dit fødselsår med fire cifre, fx 1985.")
    if age_this_year(birth_year, today) < role.minimum_age:
        raise VolunteerError(
            f"Du skal være mindst {role.minimum_age} år for at være frivillig som {role.title}. "
            "Kig efter en anden rolle, eller spørg os, om der er noget, du kan være med til."
        )


# --- Answers to the role's own questions --------------------------------------------------------


def answers_as_list(application: Application) -> list[dict]:
    """The stored answers in the order the questions had: [{"question", "answer"}].

    Stored as {question id: {"question": text, "answer": text, "order": n}}, so that the text
    the applicant answered is kept even if the role's question is later changed or removed.
    """
    stored = application.answers or {}
    items = sorted(stored.values(), key=lambda item: item.get("order", 0))
    return [{"question": item["question"], "answer": item.get("answer", "")} for item in items]


def _answers(role: VolunteerRole, answers: dict) -> dict:
    stored = {}
    missing = []
    for position, question in enumerate(role.questions.all()):
        answer = str(answers.get(question.pk) or answers.get(str(question.pk)) or "").strip()
        if question.required and not answer:
            missing.append(question.text)
        stored[str(question.pk)] = {"question": question.text, "answer": answer, "order": position}
    if missing:
        raise VolunteerError("Svar på alle de spørgsmål, der skal besvares: " + "; ".join(missing))
    return stored


# --- Applying -----------------------------------------------------------------------------------


def _live_for(volunteer: Volunteer, role: VolunteerRole) -> Application | None:
    return volunteer.applications.filter(role=role, status__in=ACTIVE_APPLICATION).first()


def live_application(user: User, role: VolunteerRole) -> Application | None:
    if not user.is_authenticated:
        return None
    return Application.objects.filter(
        volunteer__user=user, role=role, status__in=ACTIVE_APPLICATION
    ).first()


def application_submit(
    *,
    user: User,
    role: VolunteerRole,
    motivation: str,
    availability: str,
    consent_text: ConsentText,
    birth_year: int | None,
    experience: str = "",
    languages: str = "",
    phone: str = "",
    answers: dict | None = None,
) -> Application:
    """The applicant sends an application; their volunteer profile is created or updated."""
    if role.status != RoleStatus.OPEN:
        raise VolunteerError("Rollen tager ikke imod ansøgninger lige nu.")
    check_birth_year(birth_year, role)
    if not motivation.strip() or not availability.strip():
        raise VolunteerError("Fortæl, hvorfor du vil være frivillig, og hvornår du kan.")
    if consent_text.purpose != CONSENT_PURPOSE or consent_text != ConsentText.current(
        CONSENT_PURPOSE
    ):
        raise VolunteerError(
            "Teksten om samtykke er blevet ændret. Læs den nye tekst, og sæt kryds igen."
        )
    stored_answers = _answers(role, answers or {})

    try:
        with transaction.atomic():
            volunteer, _created = Volunteer.objects.get_or_create(user=user)
            # Lock the applicant's profile before looking for a live application: two
            # submissions at once must not both see "none yet" (the constraint backs this up).
            volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
            existing = _live_for(volunteer, role)
            if existing:
                raise DuplicateApplication(existing)
            volunteer.phone = phone.strip() or volunteer.phone
            volunteer.birth_year = birth_year
            volunteer.languages = languages.strip() or volunteer.languages
            fields = ["phone", "birth_year", "languages"]
            if volunteer.ended_at:
                # Someone who stopped and applies again is a volunteer again.
                volunteer.ended_at = None
                fields.append("ended_at")
            volunteer.save(update_fields=fields)
            application = Application.objects.create(
                volunteer=volunteer,
                role=role,
                motivation=motivation.strip(),
                experience=experience.strip(),
                availability=availability.strip(),
                languages=languages.strip(),
                answers=stored_answers,
                consent_text=consent_text,
                consented_at=timezone.now(),
            )
            audit_record(
                actor=user,
                action="volunteer_application_submitted",
                target=application,
                changes={"role": role.pk, "consent_text_version": consent_text.version},
            )
            _email_applicant(application, "received")
            _email_contact_person(application)
    except IntegrityError as exc:
        existing = live_application(user, role)
        if existing is None:
            raise
        raise DuplicateApplication(existing) from exc
    return application


@transaction.atomic
def application_withdraw(*, application: Application, acting_user: User) -> Application:
    """The applicant takes back an application that has not been approved or declined."""
    application = _lock(application)
    if application.volunteer.user_id != acting_user.pk:
        raise VolunteerError("Kun ansøgeren selv kan trække ansøgningen tilbage.")
    _check_may(application, "withdraw")
    _set_status(application, ApplicationStatus.WITHDRAWN, acting_user, reason="")
    audit_record(actor=acting_user, action="volunteer_application_withdrawn", target=application)
    return application


# --- Screening ----------------------------------------------------------------------------------


def _lock(application: Application) -> Application:
    # Lock the row: two staff members deciding at once must not both start from "submitted".
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("volunteer__user", "role__contact_person", "role__branch")
        .get(pk=application.pk)
    )


def _check_may(application: Application, decision: str) -> None:
    if application.status not in DECIDABLE[decision]:
        raise VolunteerError(
            f"Ansøgningen har status \u201c{application.get_status_display().lower()}\u201d, "
            "så det kan ikke lade sig gøre nu."
        )


def _set_status(application: Application, status: str, acting_user: User, *, reason: str):
    application.status = status
    application.decided_by = acting_user
    application.decided_at = timezone.now()
    application.decision_reason = reason
    application.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )


@transaction.atomic
def application_approve(*, application: Application, acting_user: User) -> Application:
    application = _lock(application)
    _check_may(application, "approve")
    previous = application.status
    _set_status(application, ApplicationStatus.APPROVED, acting_user, reason="")
    audit_record(
        actor=acting_user,
        action="volunteer_application_approved",
        target=application,
        changes={"status": [previous, ApplicationStatus.APPROVED]},
    )
    _email_applicant(application, "approved")
    # The expectation agreement is drafted from the model and the role (and emailed to the
    # volunteer by the agreements service). In this transaction: no approval without it.
    from .agreements import agreement_draft

    agreement_draft(application=application, acting_user=acting_user)
    return application


@transaction.atomic
def application_decline(*, application: Application, acting_user: User, reason: str) -> Application:
    reason = (reason or "").strip()
    if not reason:
        raise VolunteerError("Skriv en begrundelse. Ansøgeren får den at se.")
    application = _lock(application)
    _check_may(application, "decline")
    previous = application.status
    _set_status(application, ApplicationStatus.DECLINED, acting_user, reason=reason)
    audit_record(
        actor=acting_user,
        action="volunteer_application_declined",
        target=application,
        changes={"status": [previous, ApplicationStatus.DECLINED]},
    )
    _email_applicant(application, "declined")
    return application


@transaction.atomic
def application_hold(
    *, application: Application, acting_user: User, message: str = ""
) -> Application:
    application = _lock(application)
    _check_may(application, "hold")
    _set_status(application, ApplicationStatus.ON_HOLD, acting_user, reason=(message or "").strip())
    audit_record(
        actor=acting_user,
        action="volunteer_application_on_hold",
        target=application,
        changes={"status": [ApplicationStatus.SUBMITTED, ApplicationStatus.ON_HOLD]},
    )
    _email_applicant(application, "on_hold")
    return application


def application_note_add(
    *, application: Application, acting_user: User, body: str
) -> ScreeningNote:
    """A note from the talk with the applicant. Staff only; never shown to the applicant."""
    body = (body or "").strip()
    if not body:
        raise VolunteerError("Skriv noten.")
    note = ScreeningNote.objects.create(application=application, author=acting_user, body=body)
    audit_record(actor=acting_user, action="volunteer_screening_note_added", target=application)
    return note


# --- Email --------------------------------------------------------------------------------------

_SUBJECTS = {
    "received": "Tak for din ansøgning som frivillig: {role}",
    "approved": "Du er godkendt som frivillig: {role}",
    "declined": "Svar på din ansøgning som frivillig: {role}",
    "on_hold": "Din ansøgning som frivillig er sat i bero: {role}",
}


def _email_applicant(application: Application, event: str) -> None:
    """Queued through the task backend and sent after commit (portal.mail), in Danish."""
    user = application.volunteer.user
    if not user.email:
        return
    context = {
        "application": application,
        "role": application.role,
        "user": user,
        "library": Library.load(),
        "url": settings.SITE_URL + reverse("volunteers:application", args=[application.pk]),
        "model_url": settings.SITE_URL + reverse("volunteers:model"),
    }
    folder = "public" if event == "received" else "screening"
    with translation.override(EMAIL_LANGUAGE):
        body = render_to_string(f"volunteers/{folder}/email/application_{event}.txt", context)
    send_mail(_SUBJECTS[event].format(role=application.role.title), body, None, [user.email])


def _email_contact_person(application: Application) -> None:
    contact = application.role.contact_person
    if not contact.email:
        return
    context = {
        "application": application,
        "role": application.role,
        "applicant": application.volunteer.user,
        "library": Library.load(),
        "url": settings.SITE_URL + reverse("volunteers:screening_detail", args=[application.pk]),
    }
    with translation.override(EMAIL_LANGUAGE):
        body = render_to_string("volunteers/screening/email/new_application.txt", context)
    send_mail(f"Ny ansøgning som frivillig: {application.role.title}", body, None, [contact.email])
