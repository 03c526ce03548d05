"""Retention: contact data of closed initiatives goes after N months; nothing else changes."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative, Message, MessageKind, Status

NOW = datetime.datetime(2026, 11, 23, 3, 0, tzinfo=datetime.UTC)


def _initiative(*, status, closed_days_ago, title="Idé", **extra):
    with time_machine.travel(NOW - datetime.timedelta(days=closed_days_ago), tick=False):
        initiative = services.initiative_submit(
            data={
                "title": title,
                "description": "Beskrivelse",
                "contact_name": "Inger Hansen",
                "contact_email": "inger@example.dk",
                "contact_phone": "12345678",
                **extra,
            }
        )
        Initiative.objects.filter(pk=initiative.pk).update(
            status=status, status_changed_at=timezone.now()
        )
        Message.objects.create(
            initiative=initiative, kind=MessageKind.CITIZEN, author_name="Inger Hansen", body="Hej"
        )
    return initiative


def _snapshot():
    return {
        i.pk: (i.title, i.status, i.contact_name, i.contact_email, i.contact_phone, i.anonymised_at)
        for i in Initiative.objects.all()
    }


@pytest.mark.django_db
def test_retention_anonymises_exactly_the_closed_initiatives_older_than_the_period(settings):
    settings.SAMMEN_INITIATIVE_RETENTION_MONTHS = 12
    old_declined = _initiative(status=Status.DECLINED, closed_days_ago=400)
    old_referred = _initiative(status=Status.REFERRED, closed_days_ago=380)
    old_withdrawn = _initiative(status=Status.WITHDRAWN, closed_days_ago=370)
    young_declined = _initiative(status=Status.DECLINED, closed_days_ago=300)
    old_but_realised = _initiative(status=Status.EVALUATED, closed_days_ago=800)
    old_but_open = _initiative(status=Status.IN_DIALOGUE, closed_days_ago=500)
    before = _snapshot()

    with time_machine.travel(NOW, tick=False):
        call_command("apply_initiative_retention", verbosity=0)

    after = _snapshot()
    anonymised = {old_declined.pk, old_referred.pk, old_withdrawn.pk}
    for pk in anonymised:
        title, status, name, email, phone, anonymised_at = after[pk]
        assert (title, status) == before[pk][:2]  # the idea itself stays for statistics
        assert (name, email, phone) == ("", "", "")
        assert anonymised_at == NOW
        assert Message.objects.get(initiative_id=pk).author_name == ""
        assert (
            services.initiative_from_token(services.tracking_token(Initiative.objects.get(pk=pk)))
            is None
        )
    for untouched in (young_declined, old_but_realised, old_but_open):
        assert after[untouched.pk] == before[untouched.pk]
        assert Message.objects.get(initiative=untouched).author_name == "Inger Hansen"


@pytest.mark.django_db
def test_retention_carries_out_pending_deletion_requests_at_once(settings):
    open_one = _initiative(status=Status.IN_DIALOGUE, closed_days_ago=2)
    Initiative.objects.filter(pk=open_one.pk).update(deletion_requested_at=NOW)

    with time_machine.travel(NOW, tick=False):
        call_command("apply_initiative_retention", verbosity=0)

    open_one.refresh_from_db()
    assert open_one.contact_email == ""
    assert open_one.status == Status.IN_DIALOGUE


@pytest.mark.django_db
def test_retention_dry_run_changes_nothing(settings, capsys):
    old = _initiative(status=Status.DECLINED, closed_days_ago=400)
    with time_machine.travel(NOW, tick=False):
        call_command("apply_initiative_retention", dry_run=True)
    old.refresh_from_db()
    assert old.contact_email == "inger@example.dk"
    assert "1 initiatives" in capsys.readouterr().out
