"""Emails about shifts. Sent through the task backend after commit (portal.mail)."""

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from organisation.models import Library

from ..models import Signup

SUBJECTS = {
    "confirmed": "Du er tilmeldt vagten {when}",
    "waitlisted": "Du er på venteliste til vagten {when}",
    "offered": "Der er blevet en plads på vagten {when}",
    "reminder": "Påmindelse: din vagt {when}",
    "shift_cancelled": "Vagten {when} er aflyst",
}


def _context(signup: Signup) -> dict:
    from django.utils import timezone

    shift = signup.shift
    return {
        "signup": signup,
        "shift": shift,
        "role": shift.role,
        "library": Library.load(),
        "when": timezone.localtime(shift.starts_at),
        "my_page": settings.SITE_URL + reverse("volunteers:me"),
    }


def notify_volunteer(signup: Signup, event: str):
    context = _context(signup)
    subject = SUBJECTS[event].format(when=f"{context['when']:%d.%m.%Y kl. %H.%M}")
    body = render_to_string(f"volunteers/email/shift_{event}.txt", context)
    message = EmailMessage(subject, body, None, [signup.volunteer.user.email])
    if event in {"confirmed", "reminder"}:
        from ..ical import shift_calendar

        message.attach("vagt.ics", shift_calendar([signup.shift]), "text/calendar")
    message.send()


def notify_contact_person_of_late_cancellation(signup: Signup):
    contact = signup.shift.role.contact_person
    if not contact.email:
        return
    context = _context(signup)
    send_mail(
        f"Afbud efter fristen: {signup.shift}",
        render_to_string("volunteers/email/late_cancellation.txt", context),
        None,
        [contact.email],
    )
