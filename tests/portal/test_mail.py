"""portal.mail: every email is queued as a task after commit and arrives as it was written."""

import json

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.db import transaction

from portal.mail import TaskEmailBackend, _deserialise, _serialise

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n\x00\xff\xfe binary \x80\x81 content\n%%EOF"


def full_message() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Samarbejdsaftale til underskrift – Læseklubben",
        body="Hej Åse\n\nHer er aftalen.\n\nVenlig hilsen\nBiblioteket",
        from_email="Sammen <noreply@sammen.local>",
        to=["aase@example.dk"],
        cc=["kopi@example.dk"],
        bcc=["arkiv@example.dk"],
        reply_to=["tovholder@example.dk"],
        headers={"X-Sammen-Ref": "aftale-42"},
    )
    message.attach_alternative("<p>Hej <strong>Åse</strong></p>", "text/html")
    message.attach("aftale.pdf", PDF_BYTES, "application/pdf")
    message.attach("noter.txt", "Æbler og pærer", "text/plain")
    return message


def test_the_backend_is_the_task_backend(settings):
    assert settings.EMAIL_BACKEND == "portal.mail.TaskEmailBackend"
    assert isinstance(get_connection(), TaskEmailBackend)


def test_a_message_arrives_exactly_as_written(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = full_message().send()
    assert sent == 1
    assert len(mail.outbox) == 1
    delivered = mail.outbox[0]
    assert delivered.subject == "Samarbejdsaftale til underskrift – Læseklubben"
    assert delivered.body == "Hej Åse\n\nHer er aftalen.\n\nVenlig hilsen\nBiblioteket"
    assert delivered.from_email == "Sammen <noreply@sammen.local>"
    assert delivered.to == ["aase@example.dk"]
    assert delivered.cc == ["kopi@example.dk"]
    assert delivered.bcc == ["arkiv@example.dk"]
    assert delivered.reply_to == ["tovholder@example.dk"]
    assert delivered.extra_headers["X-Sammen-Ref"] == "aftale-42"
    assert [(a.content, a.mimetype) for a in delivered.alternatives] == [
        ("<p>Hej <strong>Åse</strong></p>", "text/html")
    ]
    attachments = {a.filename: (a.content, a.mimetype) for a in delivered.attachments}
    assert attachments["aftale.pdf"] == (PDF_BYTES, "application/pdf")
    assert attachments["noter.txt"][1] == "text/plain"
    assert attachments["noter.txt"][0] in ("Æbler og pærer", "Æbler og pærer".encode())
    # The message as it goes over SMTP answers to the tovholder, not to noreply.
    assert b"Reply-To: tovholder@example.dk" in delivered.message().as_bytes()


def test_the_queued_payload_survives_json():
    # A database task queue stores the arguments as JSON: bytes must not reach it raw.
    payload = _serialise(full_message())
    restored = _deserialise(json.loads(json.dumps(payload)))
    assert restored.attachments[0][1] == PDF_BYTES
    assert restored.reply_to == ["tovholder@example.dk"]


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_mail("Emne", "Tekst", None, ["borger@example.dk"])
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.subject for m in mail.outbox] == ["Emne"]


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail("Ups", "Skulle ikke sendes", None, ["borger@example.dk"])
        raise RuntimeError("the request failed")
    assert callbacks == []
    assert mail.outbox == []


def test_a_message_without_recipients_is_skipped(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = EmailMultiAlternatives("Ingen modtagere", "x", None, []).send()
    assert sent == 0
    assert mail.outbox == []


def test_several_messages_are_each_delivered(django_capture_on_commit_callbacks):
    messages = [
        EmailMultiAlternatives(f"Besked {n}", "x", None, [f"p{n}@example.dk"]) for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert get_connection().send_messages(messages) == 3
    assert sorted(m.subject for m in mail.outbox) == ["Besked 0", "Besked 1", "Besked 2"]
