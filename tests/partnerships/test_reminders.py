"""The daily agreement_reminders command, with frozen time: each reminder goes out once."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from partnerships.models import AgreementReminder, AgreementStatus, ReminderKind
from partnerships.services.drafting import agreement_update
from partnerships.services.workflow import review_invite
from tests.partnerships.lifecycle import (
    make_ready,
    sign_both,
)

pytestmark = pytest.mark.django_db
START = datetime.date(2027, 1, 4)


def at(day: datetime.date, hour=6):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), tick=False
    )


def run(capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("agreement_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def active(agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks):
    """Signed on START, runs for a year, evaluated after half a year."""
    with at(START):
        agreement_update(
            agreement=agreement,
            acting_user=staff_user,
            start_date=START,
            end_date=START + datetime.timedelta(days=364),
            evaluation_date=START + datetime.timedelta(days=182),
        )
        invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
        sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
    assert agreement.status == AgreementStatus.ACTIVE
    mail.outbox.clear()
    return agreement


def subjects():
    return [message.subject for message in mail.outbox]


def test_expiry_reminder_60_days_before_the_end_once(
    active, staff_user, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS = 60
    end = active.end_date
    with at(end - datetime.timedelta(days=61)):
        run(django_capture_on_commit_callbacks)
    assert not [s for s in subjects() if "udløber" in s]
    with at(end - datetime.timedelta(days=60)):
        run(django_capture_on_commit_callbacks)
        run(django_capture_on_commit_callbacks)
    with at(end - datetime.timedelta(days=30)):
        run(django_capture_on_commit_callbacks)
    expiry = [m for m in mail.outbox if "udløber" in m.subject]
    assert len(expiry) == 1
    assert expiry[0].to == [staff_user.email]
    assert "60 dage" in expiry[0].subject
    assert AgreementReminder.objects.filter(kind=ReminderKind.EXPIRY).count() == 1


def test_evaluation_reminder_on_the_date_once(active, django_capture_on_commit_callbacks):
    day = active.evaluation_date
    with at(day - datetime.timedelta(days=1)):
        run(django_capture_on_commit_callbacks)
    assert not [s for s in subjects() if "evaluere" in s]
    for offset in (0, 0, 1, 5):
        with at(day + datetime.timedelta(days=offset)):
            run(django_capture_on_commit_callbacks)
    assert len([s for s in subjects() if "evaluere" in s]) == 1


def test_an_active_agreement_expires_after_its_end_date(
    active, staff_user, django_capture_on_commit_callbacks
):
    with at(active.end_date):
        run(django_capture_on_commit_callbacks)
    active.refresh_from_db()
    assert active.status == AgreementStatus.ACTIVE  # the last day still counts
    with at(active.end_date + datetime.timedelta(days=1)):
        out = run(django_capture_on_commit_callbacks)
        run(django_capture_on_commit_callbacks)
    active.refresh_from_db()
    assert active.status == AgreementStatus.EXPIRED
    assert f"expired: {active.number}" in out
    assert len([s for s in subjects() if "udløbet" in s]) == 1
    assert active.events.filter(to_status=AgreementStatus.EXPIRED).count() == 1


def test_a_signed_agreement_becomes_active_on_its_start_date(
    agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks
):
    with at(START):
        agreement_update(
            agreement=agreement,
            acting_user=staff_user,
            start_date=START + datetime.timedelta(days=7),
            end_date=START + datetime.timedelta(days=300),
            evaluation_date=START + datetime.timedelta(days=100),
        )
        invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
        sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
        run(django_capture_on_commit_callbacks)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    with at(START + datetime.timedelta(days=7)):
        out = run(django_capture_on_commit_callbacks)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert f"active: {agreement.number}" in out


def test_a_draft_waiting_on_the_partner_reminds_partner_and_owner_once(
    agreement, signer, staff_user, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_AGREEMENT_REVIEW_REMINDER_DAYS = 7
    with at(START, hour=10):
        review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
    mail.outbox.clear()
    with at(START + datetime.timedelta(days=6), hour=11):
        run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    for offset in (7, 7, 8, 12):
        with at(START + datetime.timedelta(days=offset), hour=11):
            run(django_capture_on_commit_callbacks)
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        ["anne@laese.example.dk", staff_user.email]
    )
    partner_mail = next(m for m in mail.outbox if m.to == ["anne@laese.example.dk"])
    assert "/aftaler/gennemsyn/" in partner_mail.body
    assert AgreementReminder.objects.filter(kind=ReminderKind.REVIEW_WAITING).count() == 1


def test_no_review_reminder_once_the_partner_has_answered(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    from partnerships.services.workflow import review_accept

    with at(START, hour=10):
        invitation = review_invite(agreement=agreement, contact=signer, acting_user=staff_user)
        review_accept(invitation=invitation)
    mail.outbox.clear()
    with at(START + datetime.timedelta(days=10)):
        run(django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if "Påmindelse" in m.subject]
