"""A volunteer's own data: download it all ("Mine data"), or stop and have it erased.

The export (``volunteer_export``) is a JSON document with this structure (version 1). Dates are
ISO 8601 (``YYYY-MM-DD``), times ISO 8601 with the offset, hours a decimal string (``"2.50"``)::

    {
      "format": "sammen.frivillig.mine-data",  "version": 1,  "exported_at": <time>,
      "person": {"name", "email", "phone"},                     # the account
      "volunteer": {"phone", "birth_year", "languages", "mentor", "registered_at", "ended_at"},
      "applications": [{"id", "role", "branch", "status", "status_display", "created_at",
                        "decided_at", "decision_reason", "motivation", "experience",
                        "availability", "languages", "consented_at", "consent_text",
                        "answers": [{"question", "answer"}],
                        "onboarding": [{"item", "done_at"}]}],
      "agreements": [{"id", "role", "version", "created_at", "follow_up_on", "contact_person",
                      "volunteer_accepted_at", "volunteer_accepted_name", "staff_accepted_at",
                      "superseded_at", "has_pdf", "sections": [{"heading", "body"}]}],
      "child_certificate": {"status", "status_display", "consent_requested_on", "checked_on",
                            "renewal_due"} | null,              # never the attest itself
      "signups": [{"id", "role", "branch", "place", "starts_at", "ends_at", "status",
                   "status_display", "signed_up_at", "attended"}],
      "hours": [{"id", "role", "date", "hours", "description", "status", "status_display",
                 "from_shift", "reject_reason", "reported_at"}],
      "talks": [{"kind", "kind_display", "scheduled_for", "held_on", "notes"}]
    }

Staff's screening notes are internal working notes about the application and are not part of
the download (the person may still ask the library for them under GDPR art. 15).

Erasure (``volunteer_erase``) keeps what the library needs as anonymous statistics: the hours
(with no volunteer and no shift sign-up attached), and the applications and agreements as
empty shells with status and dates. Everything that says something about the person goes.
"""

import datetime
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, ProtectedError, RestrictedError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.services import audit_record
from organisation.models import Library

from ..models import (
    ACTIVE_APPLICATION,
    LIVE_SIGNUP,
    Agreement,
    Application,
    ApplicationStatus,
    ChildCertificate,
    HoursEntry,
    OnboardingStep,
    RoleQuestion,
    ScreeningNote,
    Signup,
    Talk,
    Volunteer,
)
from . import VolunteerError

EXPORT_FORMAT = "sammen.frivillig.mine-data"
EXPORT_VERSION = 1


def _time(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _name(user: User | None) -> str | None:
    return str(user) if user else None


def _answers(application: Application) -> list[dict]:
    """Answers to the role's questions, in the order they were asked. The applications service
    stores {question id: {"question", "answer", "order"}}, keeping the text that was answered;
    a bare {question id: answer} gets the question's current text."""
    questions = {str(question.pk): question.text for question in application.role.questions.all()}
    answers = application.answers or {}
    rows = []
    for key, value in answers.items():
        if isinstance(value, dict):
            rows.append(
                (
                    value.get("order", 0),
                    value.get("question") or questions.get(str(key), str(key)),
                    value.get("answer", ""),
                )
            )
        else:
            rows.append((len(rows), questions.get(str(key), str(key)), value))
    rows.sort(key=lambda row: row[0])
    return [{"question": question, "answer": answer} for _order, question, answer in rows]


def volunteer_export(volunteer: Volunteer) -> dict:
    """Everything about this volunteer, for them to download. A fixed number of queries."""
    volunteer = Volunteer.objects.select_related("user", "mentor").get(pk=volunteer.pk)
    user = volunteer.user
    applications = (
        Application.objects.filter(volunteer=volunteer)
        .select_related("role__branch", "consent_text")
        .prefetch_related(
            Prefetch("role__questions", queryset=RoleQuestion.objects.order_by("order", "pk")),
            Prefetch(
                "onboarding",
                queryset=OnboardingStep.objects.select_related("item").order_by("done_at", "pk"),
            ),
        )
        .order_by("created_at", "pk")
    )
    agreements = (
        Agreement.objects.filter(application__volunteer=volunteer)
        .select_related("application__role", "contact_person")
        .order_by("application__created_at", "application_id", "version")
    )
    certificate = ChildCertificate.objects.filter(volunteer=volunteer).first()
    signups = (
        Signup.objects.filter(volunteer=volunteer)
        .select_related("shift__role__branch")
        .order_by("shift__starts_at", "pk")
    )
    hours = (
        HoursEntry.objects.filter(volunteer=volunteer).select_related("role").order_by("date", "pk")
    )
    talks = Talk.objects.filter(volunteer=volunteer).order_by("scheduled_for", "pk")
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _time(timezone.now()),
        "person": {"name": user.name, "email": user.email, "phone": user.phone},
        "volunteer": {
            "phone": volunteer.phone,
            "birth_year": volunteer.birth_year,
            "languages": volunteer.languages,
            "mentor": _name(volunteer.mentor),
            "registered_at": _time(volunteer.created_at),
            "ended_at": _time(volunteer.ended_at),
        },
        "applications": [
            {
                "id": application.pk,
                "role": application.role.title,
                "branch": application.role.branch.name,
                "status": application.status,
                "status_display": str(application.get_status_display()),
                "created_at": _time(application.created_at),
                "decided_at": _time(application.decided_at),
                "decision_reason": application.decision_reason,
                "motivation": application.motivation,
                "experience": application.experience,
                "availability": application.availability,
                "languages": application.languages,
                "consented_at": _time(application.consented_at),
                "consent_text": application.consent_text.text,
                "answers": _answers(application),
                "onboarding": [
                    {"item": step.item.text, "done_at": _time(step.done_at)}
                    for step in application.onboarding.all()
                ],
            }
            for application in applications
        ],
        "agreements": [
            {
                "id": agreement.pk,
                "role": agreement.application.role.title,
                "version": agreement.version,
                "created_at": _time(agreement.created_at),
                "follow_up_on": _day(agreement.follow_up_on),
                "contact_person": _name(agreement.contact_person),
                "volunteer_accepted_at": _time(agreement.volunteer_accepted_at),
                "volunteer_accepted_name": agreement.volunteer_accepted_name,
                "staff_accepted_at": _time(agreement.staff_accepted_at),
                "superseded_at": _time(agreement.superseded_at),
                "has_pdf": bool(agreement.pdf),
                "sections": [
                    {"heading": section.get("heading", ""), "body": section.get("body", "")}
                    for section in agreement.sections or []
                ],
            }
            for agreement in agreements
        ],
        "child_certificate": (
            {
                "status": certificate.status,
                "status_display": str(certificate.get_status_display()),
                "consent_requested_on": _day(certificate.consent_requested_on),
                "checked_on": _day(certificate.checked_on),
                "renewal_due": _day(certificate.renewal_due),
            }
            if certificate
            else None
        ),
        "signups": [
            {
                "id": signup.pk,
                "role": signup.shift.role.title,
                "branch": signup.shift.role.branch.name,
                "place": signup.shift.place,
                "starts_at": _time(signup.shift.starts_at),
                "ends_at": _time(signup.shift.ends_at),
                "status": signup.status,
                "status_display": str(signup.get_status_display()),
                "signed_up_at": _time(signup.created_at),
                "attended": signup.attended,
            }
            for signup in signups
        ],
        "hours": [
            {
                "id": entry.pk,
                "role": entry.role.title,
                "date": _day(entry.date),
                "hours": str(entry.hours),
                "description": entry.description,
                "status": entry.status,
                "status_display": str(entry.get_status_display()),
                "from_shift": entry.signup_id is not None,
                "reject_reason": entry.reject_reason,
                "reported_at": _time(entry.created_at),
            }
            for entry in hours
        ],
        "talks": [
            {
                "kind": talk.kind,
                "kind_display": str(talk.get_kind_display()),
                "scheduled_for": _day(talk.scheduled_for),
                "held_on": _day(talk.held_on),
                "notes": talk.notes,
            }
            for talk in talks
        ],
    }


# --- Erasure ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    cancelled_signups: int
    anonymised_hours: int
    ended_applications: int
    account_deleted: bool


def _delete_file_after_commit(field_file):
    """Files are deleted only once the erasure is committed: a rollback keeps them."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def volunteer_erase(
    *, volunteer: Volunteer, acting_user: User, delete_account: bool = False
) -> Erasure:
    """The volunteer stops and their personal data is erased, at once.

    - live applications end (status "Stoppet"); every application's own text is emptied;
    - future sign-ups are cancelled through the shifts service, so the waitlist moves up;
    - hours stay as anonymous statistics: no volunteer, no sign-up, no description;
    - screening notes, talks, the børneattest status, agreement texts and PDFs are deleted;
    - the profile's personal fields and the account's name and phone are emptied;
    - with ``delete_account`` the account goes too (not for staff accounts).
    A confirmation is emailed to the address the person had.
    """
    from .shifts import signup_cancel

    # Lock the volunteer first (the shifts service locks volunteer before shift as well).
    volunteer = Volunteer.objects.select_for_update().select_related("user").get(pk=volunteer.pk)
    user = volunteer.user
    if delete_account and user.is_library_staff:
        raise VolunteerError(
            "En medarbejderkonto kan ikke slettes her. Kontakt IT, hvis kontoen skal lukkes."
        )
    email, first_name = user.email, user.get_short_name()
    now = timezone.now()

    # Future sign-ups: through the shifts service, which locks each shift and offers the freed
    # place to the next on the waitlist.
    future = Signup.objects.filter(
        volunteer=volunteer, status__in=LIVE_SIGNUP, shift__starts_at__gt=now
    ).order_by("shift__starts_at", "pk")
    cancelled = 0
    for signup in future:
        signup_cancel(signup=signup, acting_user=acting_user)
        cancelled += 1

    ended = Application.objects.filter(volunteer=volunteer, status__in=ACTIVE_APPLICATION).update(
        status=ApplicationStatus.ENDED, decided_at=now, updated_at=now
    )
    Application.objects.filter(volunteer=volunteer).update(
        motivation="",
        experience="",
        availability="",
        languages="",
        answers={},
        decision_reason="",
        updated_at=now,
    )
    ScreeningNote.objects.filter(application__volunteer=volunteer).delete()
    Talk.objects.filter(volunteer=volunteer).delete()
    ChildCertificate.objects.filter(volunteer=volunteer).delete()
    for agreement in Agreement.objects.filter(application__volunteer=volunteer).exclude(pdf=""):
        _delete_file_after_commit(agreement.pdf)
    Agreement.objects.filter(application__volunteer=volunteer).update(
        sections=[], volunteer_accepted_name="", pdf=""
    )
    anonymised = HoursEntry.objects.filter(volunteer=volunteer).update(
        volunteer=None, signup=None, description=""
    )

    volunteer.phone = ""
    volunteer.birth_year = None
    volunteer.languages = ""
    volunteer.mentor = None
    volunteer.ical_key = ""
    volunteer.ended_at = volunteer.ended_at or now
    volunteer.save(
        update_fields=["phone", "birth_year", "languages", "mentor", "ical_key", "ended_at"]
    )
    user.name = ""
    user.phone = ""
    user.save(update_fields=["name", "phone"])
    audit_record(
        actor=acting_user,
        action="volunteer_erased",
        target=volunteer,
        changes={
            "cancelled_signups": cancelled,
            "anonymised_hours": anonymised,
            "ended_applications": ended,
            "delete_account": delete_account,
        },
    )

    account_deleted = False
    if delete_account:
        try:
            # A savepoint: if something still holds on to the account, the erasure stands and
            # only the account stays.
            with transaction.atomic():
                user.delete()
            account_deleted = True
        except (ProtectedError, RestrictedError):
            account_deleted = False

    if email:
        send_mail(
            gettext("Du er stoppet som frivillig, og dine oplysninger er slettet"),
            render_to_string(
                "volunteers/me/email_erased.txt",
                {
                    "name": first_name,
                    "library": Library.load(),
                    "account_deleted": account_deleted,
                    "anonymised_hours": anonymised,
                },
            ),
            None,
            [email],
        )
    return Erasure(
        cancelled_signups=cancelled,
        anonymised_hours=anonymised,
        ended_applications=ended,
        account_deleted=account_deleted,
    )
