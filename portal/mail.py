"""All outgoing email goes through a background task, queued after the transaction commits.

``EMAIL_BACKEND`` points at :class:`TaskEmailBackend`, so every sender (allauth, our services,
Django's error mails) gets the same behaviour: nothing is sent for a transaction that rolls
back, and a slow mail server never holds up a request or a database lock. The task hands the
message to the real backend named by ``SAMMEN_EMAIL_DELIVERY_BACKEND``.
"""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django_tasks import task


def _serialise(message) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {k: str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def _deserialise(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task()
def deliver_email(message: dict) -> int:
    connection = get_connection(settings.SAMMEN_EMAIL_DELIVERY_BACKEND)
    return connection.send_messages([_deserialise(message)])


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            payload = _serialise(message)
            # After commit: a rolled-back sign-up must not leave a verification mail behind.
            transaction.on_commit(lambda payload=payload: deliver_email.enqueue(message=payload))
            count += 1
        return count
