"""The status workflow lives in one service with one table of allowed transitions."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from activities.services import activity_record_attendance
from initiatives import services
from initiatives.models import Initiative, Status, StatusChange
from initiatives.services import TRANSITIONS, InitiativeError, initiative_change_status
from tests.factories import BranchFactory


def _submit(**overrides):
    data = {
        "title": "Erindringscafé om Kastrup i 50'erne",
        "description": "Vi mødes og deler billeder og minder.",
        "contact_name": "Inger Hansen",
        "contact_email": "inger@example.dk",
        **overrides,
    }
    return services.initiative_submit(data=data)


@pytest.fixture
def initiative(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = _submit()
    mail.outbox.clear()
    return created


def _extra_for(to_status, other):
    return {
        Status.DECLINED: {"message": "Vi har ikke plads i foråret."},
        Status.REFERRED: {"referred_to": "Tårnby Lokalhistoriske Forening"},
        Status.DUPLICATE: {"duplicate_of": other},
    }.get(to_status, {})


@pytest.mark.django_db
def test_submission_starts_received_with_history_and_a_receipt_with_tracking_link(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative = _submit()

    assert initiative.status == Status.RECEIVED
    assert initiative.history.get().to_status == Status.RECEIVED
    assert initiative.consent_text.version == 1
    assert initiative.first_response_due > timezone.localdate()
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["inger@example.dk"]
    assert services.tracking_token(initiative) in receipt.body


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(f, t) for f, targets in TRANSITIONS.items() for t in targets],
)
@pytest.mark.django_db
def test_every_allowed_transition_succeeds_and_writes_one_history_entry(
    initiative, staff_user, from_status, to_status, django_capture_on_commit_callbacks
):
    other = _submit(title="Det andet initiativ")
    Initiative.objects.filter(pk=initiative.pk).update(status=from_status)
    initiative.refresh_from_db()
    before = StatusChange.objects.filter(initiative=initiative).count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        initiative_change_status(
            initiative=initiative,
            to_status=to_status,
            acting_user=staff_user,
            **_extra_for(to_status, other),
        )

    initiative.refresh_from_db()
    assert initiative.status == to_status
    assert StatusChange.objects.filter(initiative=initiative).count() == before + 1
    assert [m.to for m in mail.outbox] == [["inger@example.dk"]]


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(f, t) for f in Status.values for t in Status.values if t not in TRANSITIONS[f] and t != f],
)
@pytest.mark.django_db
def test_every_other_transition_is_refused_with_a_readable_error(
    initiative, staff_user, from_status, to_status
):
    other = _submit(title="Det andet initiativ")
    Initiative.objects.filter(pk=initiative.pk).update(status=from_status)
    initiative.refresh_from_db()

    with pytest.raises(InitiativeError, match="kan ikke få status"):
        initiative_change_status(
            initiative=initiative,
            to_status=to_status,
            acting_user=staff_user,
            **_extra_for(to_status, other),
        )
    assert initiative.history.count() == 1


@pytest.mark.django_db
def test_declining_needs_a_reason_for_the_citizen(initiative, staff_user):
    with pytest.raises(InitiativeError, match="begrundelse"):
        initiative_change_status(
            initiative=initiative, to_status=Status.DECLINED, acting_user=staff_user
        )
    initiative.refresh_from_db()
    assert initiative.status == Status.RECEIVED


@pytest.mark.django_db
def test_internal_note_is_not_emailed_but_a_public_reply_is(
    initiative, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_post(
            initiative=initiative, acting_user=staff_user, body="Ring til Inger", internal=True
        )
    assert mail.outbox == []
    initiative.refresh_from_db()
    assert initiative.first_responded_at is None

    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_post(
            initiative=initiative, acting_user=staff_user, body="Hvor spændende!", internal=False
        )
    assert len(mail.outbox) == 1
    assert "Hvor spændende!" in mail.outbox[0].body
    initiative.refresh_from_db()
    assert initiative.first_responded_at is not None


@pytest.mark.django_db
def test_an_activity_moves_the_initiative_to_scheduled_then_held_then_evaluated(
    initiative, staff_user
):
    start = timezone.now() - datetime.timedelta(hours=3)
    activity = services.initiative_create_activity(
        initiative=initiative,
        acting_user=staff_user,
        title="Erindringscafé",
        description="Billeder og kaffe",
        branch=BranchFactory(),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.SCHEDULED

    activity_record_attendance(
        activity=activity,
        acting_user=staff_user,
        attendance_total=25,
        attendance_children=3,
        evaluation="Mange gode historier. Gentag i foråret.",
    )

    initiative.refresh_from_db()
    assert initiative.status == Status.EVALUATED
    assert list(initiative.history.values_list("to_status", flat=True)) == [
        Status.RECEIVED,
        Status.PLANNING,
        Status.SCHEDULED,
        Status.HELD,
        Status.EVALUATED,
    ]


@pytest.mark.django_db
def test_a_revoked_or_tampered_tracking_link_finds_nothing(initiative):
    token = services.tracking_token(initiative)
    assert services.initiative_from_token(token) == initiative
    assert services.initiative_from_token(token[:-2] + "xx") is None
    assert services.initiative_from_token(token.replace(f"{initiative.pk}.", "999.")) is None

    services.tracking_revoke(initiative=initiative)
    assert services.initiative_from_token(token) is None
