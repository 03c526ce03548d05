"""The rules for citizen initiatives: intake, the status workflow, the thread, tracking links,
turning an initiative into activities, and anonymisation. Views, the API and commands call these.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from accounts.models import ConsentText, User
from accounts.services import apply_changes, audit_record
from activities import services as activity_services
from activities.models import Activity, ActivityStatus
from organisation.models import Library
from organisation.workdays import add_working_days
from portal.retention import retention_cutoff

from .models import (
    CLOSED_STATUSES,
    CONSENT_PURPOSE,
    Attachment,
    Channel,
    Initiative,
    Message,
    MessageKind,
    Status,
    StatusChange,
)

CITIZEN_LABEL = "Borgeren"


class InitiativeError(Exception):
    """A broken rule, with a message (Danish) for the person who tried."""


# --- The workflow -------------------------------------------------------------------------------
# Invariant: this table is the only place that says which status may follow which.
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {
        Status.IN_DIALOGUE,
        Status.PLANNING,
        Status.DECLINED,
        Status.REFERRED,
        Status.WITHDRAWN,
        Status.DUPLICATE,
    },
    Status.IN_DIALOGUE: {
        Status.PLANNING,
        Status.DECLINED,
        Status.REFERRED,
        Status.WITHDRAWN,
        Status.DUPLICATE,
    },
    Status.PLANNING: {
        Status.IN_DIALOGUE,
        Status.SCHEDULED,
        Status.DECLINED,
        Status.WITHDRAWN,
        Status.DUPLICATE,
    },
    Status.SCHEDULED: {Status.PLANNING, Status.HELD, Status.WITHDRAWN},
    Status.HELD: {Status.EVALUATED},
    Status.EVALUATED: set(),
    Status.DECLINED: {Status.IN_DIALOGUE},
    Status.REFERRED: set(),
    Status.WITHDRAWN: set(),
    Status.DUPLICATE: set(),
}

# Only the citizen withdraws their idea; staff record a withdrawal the citizen asked for by
# phone or at the desk through the same service with by_citizen=False and a message.
CITIZEN_MAY_SET = {Status.WITHDRAWN}

# Status changes the citizen hears about by email (all of them: it is their idea).
NOTIFY_CITIZEN = set(Status.values) - {Status.RECEIVED}


def allowed_transitions(initiative: Initiative) -> list[str]:
    return [status for status in Status.values if status in TRANSITIONS[initiative.status]]


def _lock(initiative: Initiative) -> Initiative:
    # Lock the row: two staff members changing the same initiative at once must not both
    # start from the same old status (the second sees the first one's result).
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


@transaction.atomic
def initiative_change_status(
    *,
    initiative: Initiative,
    to_status: str,
    acting_user: User | None = None,
    message: str = "",
    referred_to: str = "",
    duplicate_of: Initiative | None = None,
    by_citizen: bool = False,
) -> StatusChange:
    locked = _lock(initiative)
    from_status = locked.status
    message = (message or "").strip()
    if to_status not in Status.values:
        raise InitiativeError("Ukendt status.")
    if to_status == from_status:
        raise InitiativeError(f"Initiativet har allerede status '{Status(to_status).label}'.")
    if to_status not in TRANSITIONS[from_status]:
        raise InitiativeError(
            f"Et initiativ med status '{Status(from_status).label}' kan ikke få status "
            f"'{Status(to_status).label}'."
        )
    if by_citizen and to_status not in CITIZEN_MAY_SET:
        raise InitiativeError("Den ændring kan kun biblioteket foretage.")
    if to_status == Status.DECLINED and not message:
        raise InitiativeError("Skriv en begrundelse til borgeren, når I siger nej eller ikke nu.")
    if to_status == Status.REFERRED:
        referred_to = (referred_to or "").strip()
        if not referred_to:
            raise InitiativeError("Skriv hvor borgeren er henvist til.")
        locked.referred_to = referred_to
    if to_status == Status.DUPLICATE:
        if duplicate_of is None:
            raise InitiativeError("Vælg det initiativ, som dette er en dublet af.")
        if duplicate_of.pk == locked.pk:
            raise InitiativeError("Et initiativ kan ikke være en dublet af sig selv.")
        if duplicate_of.status == Status.DUPLICATE:
            raise InitiativeError("Vælg det oprindelige initiativ, ikke en anden dublet.")
        locked.duplicate_of = duplicate_of

    now = timezone.now()
    locked.status = to_status
    locked.status_changed_at = now
    if not by_citizen and locked.first_responded_at is None:
        locked.first_responded_at = now
    locked.save()

    notify = to_status in NOTIFY_CITIZEN and bool(locked.contact_email)
    change = StatusChange.objects.create(
        initiative=locked,
        from_status=from_status,
        to_status=to_status,
        actor=None if by_citizen else acting_user,
        actor_label=CITIZEN_LABEL if by_citizen else _actor_label(acting_user),
        message=message,
        citizen_notified=notify,
    )
    if to_status == Status.DUPLICATE:
        StatusChange.objects.create(
            initiative=duplicate_of,
            from_status=duplicate_of.status,
            to_status=duplicate_of.status,
            actor=acting_user,
            actor_label=_actor_label(acting_user),
            message=f"Initiativ #{locked.pk} '{locked.title}' er lagt sammen med dette.",
        )
    if notify:
        template = "withdrawn" if by_citizen else "status_changed"
        _email_citizen(locked, template, {"change": change})
    initiative.refresh_from_db()
    return change


def _actor_label(user: User | None) -> str:
    return str(user) if user else ""


# --- Intake -------------------------------------------------------------------------------------


@dataclass
class Upload:
    """An uploaded file already checked by content (see forms.validate_attachment)."""

    file: object
    name: str
    content_type: str
    size: int


def _create(
    *,
    data: dict,
    target_groups,
    focus_areas=(),
    attachments=(),
    channel: str,
    registered_by: User | None,
    citizen: User | None,
    consent_text: ConsentText | None,
    language: str,
) -> Initiative:
    library = Library.load()
    today = timezone.localdate()
    initiative = Initiative(
        **data,
        channel=channel,
        registered_by=registered_by,
        citizen=citizen,
        consent_text=consent_text,
        consented_at=timezone.now() if consent_text else None,
        first_response_due=add_working_days(today, library.initiative_response_days),
        tracking_key=secrets.token_urlsafe(32),
        language=language,
    )
    initiative.save()
    initiative.target_groups.set(target_groups)
    initiative.focus_areas.set(focus_areas)
    _store_attachments(initiative, attachments, message=None, from_citizen=True)
    StatusChange.objects.create(
        initiative=initiative,
        from_status="",
        to_status=Status.RECEIVED,
        actor=registered_by,
        actor_label=_actor_label(registered_by) if registered_by else CITIZEN_LABEL,
        message=Channel(channel).label,
    )
    if initiative.contact_email:
        _email_citizen(initiative, "receipt", {})
    return initiative


@transaction.atomic
def initiative_submit(
    *,
    data: dict,
    target_groups=(),
    attachments=(),
    citizen: User | None = None,
    language: str = "da",
) -> Initiative:
    """A citizen's proposal from the public form. Consent is to the current consent text."""
    if not data.get("contact_email"):
        raise InitiativeError("Skriv din e-mail, så vi kan svare dig.")
    return _create(
        data=data,
        target_groups=target_groups,
        attachments=attachments,
        channel=Channel.WEB,
        registered_by=None,
        citizen=citizen if citizen and citizen.is_authenticated else None,
        consent_text=ConsentText.current(CONSENT_PURPOSE),
        language=language,
    )


@transaction.atomic
def initiative_register(
    *,
    acting_user: User,
    data: dict,
    channel: str,
    consent_given: bool,
    target_groups=(),
    focus_areas=(),
    attachments=(),
) -> Initiative:
    """An idea staff heard in everyday dialogue, on behalf of a named citizen or anonymous."""
    if channel == Channel.WEB or channel not in Channel.values:
        raise InitiativeError("Vælg hvor idéen kom fra.")
    named = any(data.get(f) for f in ("contact_name", "contact_email", "contact_phone"))
    if named and not consent_given:
        raise InitiativeError(
            "Borgerens navn og kontaktoplysninger må kun gemmes med borgerens samtykke. "
            "Sæt kryds, når borgeren har sagt ja, eller registrér idéen anonymt."
        )
    return _create(
        data=data,
        target_groups=target_groups,
        focus_areas=focus_areas,
        attachments=attachments,
        channel=channel,
        registered_by=acting_user,
        citizen=None,
        consent_text=ConsentText.current(CONSENT_PURPOSE) if named else None,
        language="da",
    )


def _store_attachments(initiative, attachments, *, message, from_citizen: bool):
    for upload in attachments:
        Attachment.objects.create(
            initiative=initiative,
            message=message,
            file=upload.file,
            original_name=upload.name[:200],
            content_type=upload.content_type,
            size=upload.size,
            from_citizen=from_citizen,
        )


# --- The thread ---------------------------------------------------------------------------------


@transaction.atomic
def initiative_post(
    *,
    initiative: Initiative,
    acting_user: User,
    body: str,
    internal: bool,
    attachments=(),
) -> Message:
    """A public reply (emailed to the citizen) or an internal note (never shown to them)."""
    body = (body or "").strip()
    if not body:
        raise InitiativeError("Skriv en besked.")
    locked = _lock(initiative)
    message = Message.objects.create(
        initiative=locked,
        kind=MessageKind.INTERNAL_NOTE if internal else MessageKind.PUBLIC_REPLY,
        author=acting_user,
        author_name=_actor_label(acting_user),
        body=body,
    )
    _store_attachments(locked, attachments, message=message, from_citizen=False)
    if not internal:
        if locked.first_responded_at is None:
            locked.first_responded_at = timezone.now()
            locked.save(update_fields=["first_responded_at", "updated_at"])
        if locked.contact_email:
            _email_citizen(locked, "reply", {"message": message})
    return message


@transaction.atomic
def initiative_citizen_post(*, initiative: Initiative, body: str, attachments=()) -> Message:
    """The citizen answers or adds information through their tracking link or account."""
    body = (body or "").strip()
    if not body and not attachments:
        raise InitiativeError("Skriv en besked eller vedhæft en fil.")
    locked = _lock(initiative)
    if locked.anonymised_at:
        raise InitiativeError("Dine kontaktoplysninger er slettet, så du kan ikke skrive her.")
    message = Message.objects.create(
        initiative=locked,
        kind=MessageKind.CITIZEN,
        author=locked.citizen,
        author_name=locked.contact_name,
        body=body,
    )
    _store_attachments(locked, attachments, message=message, from_citizen=True)
    if locked.owner and locked.owner.email:
        link = settings.SITE_URL + reverse("initiatives:staff_detail", args=[locked.pk])
        send_mail(
            f"Nyt fra borgeren: {locked.title}",
            render_to_string(
                "initiatives/email/citizen_wrote.txt",
                {"initiative": locked, "message": message, "link": link},
            ),
            None,
            [locked.owner.email],
        )
    return message


# --- Handling -----------------------------------------------------------------------------------


@transaction.atomic
def initiative_assign(*, initiative: Initiative, owner: User | None, acting_user: User):
    if owner is not None and not owner.is_library_staff:
        raise InitiativeError("Kun en medarbejder kan være ansvarlig for et initiativ.")
    locked = _lock(initiative)
    before = locked.owner
    locked.owner = owner
    locked.save(update_fields=["owner", "updated_at"])
    audit_record(
        actor=acting_user,
        action="initiative_assigned",
        target=locked,
        changes={"owner": [str(before or ""), str(owner or "")]},
    )
    initiative.owner = owner
    return locked


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, acting_user: User, focus_areas=None, target_groups=None, **data
) -> Initiative:
    """Staff's working fields: participation level, involved people, public summary, etc."""
    locked = _lock(initiative)
    changes = apply_changes(locked, data)
    locked.save()
    if focus_areas is not None:
        locked.focus_areas.set(focus_areas)
    if target_groups is not None:
        locked.target_groups.set(target_groups)
    audit_record(actor=acting_user, action="initiative_updated", target=locked, changes=changes)
    return locked


@transaction.atomic
def initiative_create_activity(
    *, initiative: Initiative, acting_user: User, **activity_data
) -> Activity:
    """Turn (part of) an initiative into a dated activity; the initiative becomes 'planlagt'."""
    if initiative.status in CLOSED_STATUSES:
        raise InitiativeError("Et lukket initiativ kan ikke blive til en aktivitet.")
    try:
        activity = activity_services.activity_create(acting_user=acting_user, **activity_data)
    except activity_services.ActivityError as exc:
        raise InitiativeError(str(exc)) from exc
    initiative.activities.add(activity)
    locked = _lock(initiative)
    if locked.status in {Status.RECEIVED, Status.IN_DIALOGUE}:
        initiative_change_status(
            initiative=locked,
            to_status=Status.PLANNING,
            acting_user=acting_user,
            message="Vi er gået i gang med at planlægge.",
        )
    if locked.status == Status.PLANNING:
        initiative_change_status(
            initiative=locked,
            to_status=Status.SCHEDULED,
            acting_user=acting_user,
            message=f"'{activity.title}' er planlagt.",
        )
    initiative.refresh_from_db()
    return activity


def on_activity_held(*, activity: Activity, acting_user: User, **kwargs):
    """An activity was held: its initiatives become 'gennemført' when none of their activities
    is still planned, and 'evalueret' once every held activity has an evaluation."""
    for initiative in activity.initiatives.select_for_update():
        activities = list(initiative.activities.exclude(status=ActivityStatus.CANCELLED))
        if any(a.status == ActivityStatus.PLANNED for a in activities):
            continue
        if initiative.status == Status.SCHEDULED:
            initiative_change_status(
                initiative=initiative,
                to_status=Status.HELD,
                acting_user=acting_user,
                message="Aktiviteten er gennemført. Tak for samarbejdet!",
            )
        if initiative.status == Status.HELD and all(a.evaluation for a in activities):
            initiative_change_status(
                initiative=initiative,
                to_status=Status.EVALUATED,
                acting_user=acting_user,
                message="Vi har evalueret forløbet.",
            )


# --- Tracking links -----------------------------------------------------------------------------
_TRACKING_SALT = "initiatives.tracking"


def tracking_token(initiative: Initiative) -> str:
    """Signed and unguessable: the signature covers the id and a random per-initiative key."""
    return signing.Signer(salt=_TRACKING_SALT).sign(f"{initiative.pk}.{initiative.tracking_key}")


def tracking_url(initiative: Initiative) -> str:
    return settings.SITE_URL + reverse("initiatives:track", args=[tracking_token(initiative)])


def initiative_from_token(token: str) -> Initiative | None:
    try:
        value = signing.Signer(salt=_TRACKING_SALT).unsign(token)
        pk, key = value.split(".", 1)
        initiative = Initiative.objects.get(pk=int(pk))
    except (signing.BadSignature, ValueError, Initiative.DoesNotExist):
        return None
    if not initiative.tracking_key or not constant_time_compare(key, initiative.tracking_key):
        return None  # revoked
    return initiative


@transaction.atomic
def tracking_revoke(*, initiative: Initiative, acting_user: User | None = None, reissue=False):
    """Old links stop working at once. With reissue, the citizen is emailed a new link."""
    locked = _lock(initiative)
    locked.tracking_key = secrets.token_urlsafe(32) if reissue else ""
    locked.save(update_fields=["tracking_key", "updated_at"])
    audit_record(actor=acting_user, action="initiative_link_revoked", target=locked)
    if reissue and locked.contact_email:
        _email_citizen(locked, "new_link", {})
    initiative.tracking_key = locked.tracking_key
    return locked


# --- Personal data ------------------------------------------------------------------------------


def _anonymise(initiative: Initiative, *, delete_files: bool):
    initiative.contact_name = ""
    initiative.contact_email = ""
    initiative.contact_phone = ""
    initiative.citizen = None
    initiative.name_may_be_shown = False
    initiative.tracking_key = ""
    initiative.anonymised_at = timezone.now()
    initiative.save()
    initiative.messages.filter(kind=MessageKind.CITIZEN).update(author=None, author_name="")
    if delete_files:
        for attachment in initiative.attachments.filter(from_citizen=True):
            attachment.file.delete(save=False)
            attachment.delete()


@transaction.atomic
def initiative_request_deletion(*, initiative: Initiative) -> Initiative:
    """The citizen asks us to delete their contact data: done at once, and confirmed."""
    locked = _lock(initiative)
    email, language = locked.contact_email, locked.language
    locked.deletion_requested_at = timezone.now()
    _anonymise(locked, delete_files=True)
    if email:
        with translation.override(language):
            send_mail(
                str(_("Dine oplysninger er slettet")),
                render_to_string("initiatives/email/deleted.txt", {"initiative": locked}),
                None,
                [email],
            )
    return locked


def retention_queryset(*, now: datetime.datetime | None = None, months: int | None = None):
    """Closed initiatives whose contact data is past the retention period."""
    months = settings.SAMMEN_INITIATIVE_RETENTION_MONTHS if months is None else months
    cutoff = retention_cutoff(months, now=now)
    return Initiative.objects.filter(
        anonymised_at__isnull=True, status__in=CLOSED_STATUSES, status_changed_at__lt=cutoff
    )


def apply_retention(*, now=None, months=None) -> int:
    """Anonymise what is past retention, and any deletion request not yet carried out."""
    count = 0
    pending = Initiative.objects.filter(
        anonymised_at__isnull=True, deletion_requested_at__isnull=False
    )
    for pk in list(retention_queryset(now=now, months=months).values_list("pk", flat=True)) + list(
        pending.values_list("pk", flat=True)
    ):
        with transaction.atomic():
            initiative = Initiative.objects.select_for_update().get(pk=pk)
            if initiative.anonymised_at is None:
                _anonymise(initiative, delete_files=initiative.deletion_requested_at is not None)
                count += 1
    return count


# --- Email to the citizen -----------------------------------------------------------------------

_SUBJECTS = {
    "receipt": _("Tak for din idé: %(title)s"),
    "status_changed": _("Nyt om din idé: %(title)s"),
    "withdrawn": _("Du har trukket din idé tilbage: %(title)s"),
    "reply": _("Svar på din idé: %(title)s"),
    "new_link": _("Nyt link til din idé: %(title)s"),
}


def _email_citizen(initiative: Initiative, template: str, context: dict):
    """Queued through the task backend after commit (portal.mail), in the citizen's language."""
    library = Library.load()
    with translation.override(initiative.language or "da"):
        body = render_to_string(
            f"initiatives/email/{template}.txt",
            {
                "initiative": initiative,
                "library": library,
                "link": tracking_url(initiative) if initiative.tracking_key else "",
                **context,
            },
        )
        subject = str(_SUBJECTS[template]) % {"title": initiative.title}
    send_mail(subject, body, None, [initiative.contact_email])
