from django.db import models
from rest_framework.authtoken.models import Token

from .models import AuditEntry, User


def audit_record(*, actor: User | None, action: str, target: models.Model, changes=None):
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=changes or {},
    )


def plain_value(value):
    """A JSON-safe form of a field value for the audit log."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def apply_changes(instance, data: dict) -> dict:
    """Set the given fields on instance; return {field: [before, after]} for what changed,
    in the form the audit log stores."""
    changes = {}
    for field, value in data.items():
        before = getattr(instance, field)
        if before != value:
            changes[field] = [plain_value(before), plain_value(value)]
            setattr(instance, field, value)
    return changes


def api_token_rotate(*, user: User) -> Token:
    """Replace the user's API token: the old key stops working at once."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_record(actor=user, action="api_token_rotated", target=user)
    return token


def api_token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()
    audit_record(actor=user, action="api_token_revoked", target=user)
