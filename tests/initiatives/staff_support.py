"""Helpers for the staff-side and API tests of initiatives."""

import datetime
import io
import secrets

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from initiatives.models import Initiative, Status, StatusChange


def make_initiative(**fields) -> Initiative:
    """An initiative as the intake leaves it: received, with a deadline and a history entry.

    ``created_days_ago`` backdates it; ``target_groups`` and ``focus_areas`` are set after.
    """
    target_groups = fields.pop("target_groups", [])
    focus_areas = fields.pop("focus_areas", [])
    days_ago = fields.pop("created_days_ago", None)
    values = {
        "title": "Erindringscafé om Kastrup",
        "description": "Vi mødes og deler billeder og minder.",
        "contact_name": "Inger Hansen",
        "contact_email": "inger@example.dk",
        "first_response_due": timezone.localdate() + datetime.timedelta(days=7),
        "tracking_key": secrets.token_urlsafe(32),
        **fields,
    }
    initiative = Initiative.objects.create(**values)
    initiative.target_groups.set(target_groups)
    initiative.focus_areas.set(focus_areas)
    StatusChange.objects.create(
        initiative=initiative, from_status="", to_status=initiative.status, actor_label="Borgeren"
    )
    if days_ago is not None:
        created = timezone.now() - datetime.timedelta(days=days_ago)
        Initiative.objects.filter(pk=initiative.pk).update(created_at=created)
        initiative.refresh_from_db()
    return initiative


def make_overdue(**fields) -> Initiative:
    return make_initiative(
        first_response_due=timezone.localdate() - datetime.timedelta(days=2), **fields
    )


def png_upload(name="plakat.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def count_queries(client, url, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    return len(captured)


OPEN = [Status.RECEIVED, Status.IN_DIALOGUE, Status.PLANNING, Status.SCHEDULED]
