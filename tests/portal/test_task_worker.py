"""Production runs email through the database task backend and `manage.py db_worker`."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_email_waits_in_the_queue_until_the_worker_sends_it(database_tasks):
    mail.send_mail("Velkommen", "Hej og velkommen", "bibliotek@example.dk", ["borger@example.dk"])

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    assert [m.subject for m in mail.outbox] == ["Velkommen"]
    assert mail.outbox[0].to == ["borger@example.dk"]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_email_from_a_rolled_back_transaction_is_never_queued(database_tasks):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Ups", "Skulle ikke sendes", "bibliotek@example.dk", ["x@example.dk"])
        raise RuntimeError("the request failed")

    assert not DBTaskResult.objects.exists()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert mail.outbox == []
