"""Emails about shifts. Sent through the task backend after commit (portal.mail).

One email per person: nobody sees the others' addresses. Confirmation, reminder and change
emails carry the shift as an .ics file, so it lands in the volunteer's own calendar.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Library

from ..models import Signup

SUBJECTS = {
    "confirmed": "Du er tilmeldt vagten %(when)s",
    "waitlisted": "Du er på venteliste til vagten %(when)s",
    "offered": "Der er blevet en plads til dig på vagten %(when)s",
    "reminder": "Påmindelse: din vagt %(when)s",
    "changed": "Vagten %(when)s er ændret",
    "shift_cancelled": "Vagten %(when)s er aflyst",
}
WITH_CALENDAR_FILE = {"confirmed", "reminder", "changed"}


def shifts_page_url() -> str:
    return settings.SITE_URL + reverse("volunteers:my_shifts")


def _context(signup: Signup) -> dict:
    shift = signup.shift
    cutoff = shift.starts_at - datetime.timedelta(hours=settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS)
    return {
        "signup": signup,
        "shift": shift,
        "role": shift.role,
        "contact": shift.role.contact_person,
        "library": Library.load(),
        "when": timezone.localtime(shift.starts_at),
        "cutoff": timezone.localtime(cutoff),
        "shifts_page": shifts_page_url(),
        "offers_page": shifts_page_url() + "#tilbud",
        "my_page": settings.SITE_URL + reverse("volunteers:me"),
    }


def _when(context) -> str:
    return f"{context['when']:%d.%m.%Y kl. %H.%M}"


def notify_volunteer(signup: Signup, event: str):
    context = _context(signup)
    subject = _(SUBJECTS[event]) % {"when": _when(context)}
    body = render_to_string(f"volunteers/email/shift_{event.removeprefix('shift_')}.txt", context)
    message = EmailMessage(subject, body, None, [signup.volunteer.user.email])
    if event in WITH_CALENDAR_FILE:
        from ..ical import shift_calendar

        message.attach("vagt.ics", shift_calendar([signup.shift], name=_("Vagt")), "text/calendar")
    message.send()


def send_shift_message(signup: Signup, *, subject: str, body: str, sender):
    """A message from staff to one volunteer on the shift; replies go to the sender."""
    context = _context(signup) | {"message": body, "sender": sender}
    message = EmailMessage(
        subject,
        render_to_string("volunteers/email/shift_message.txt", context),
        None,
        [signup.volunteer.user.email],
        reply_to=[sender.email] if getattr(sender, "email", "") else None,
    )
    message.send()


def notify_contact_person_of_late_cancellation(signup: Signup):
    contact = signup.shift.role.contact_person
    if not contact.email:
        return
    context = _context(signup) | {
        "staff_shift_page": settings.SITE_URL
        + reverse("volunteers:shift_detail", args=[signup.shift_id])
    }
    message = EmailMessage(
        _("Afbud efter fristen: %(role)s %(when)s")
        % {"role": signup.shift.role.title, "when": _when(context)},
        render_to_string("volunteers/email/late_cancellation.txt", context),
        None,
        [contact.email],
        reply_to=[signup.volunteer.user.email] if signup.volunteer.user.email else None,
    )
    message.send()
