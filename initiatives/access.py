"""Who may see and change an initiative.

Staff (medarbejdere, tovholdere, koordinatorer, chefer) work on every initiative; everyone else
gets 404 on staff URLs. A citizen sees their own initiative through the private tracking link
or, when logged in, on "Mine initiativer"; any other initiative is a 404 to them.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_library_staff

from .models import Attachment, Initiative, MessageKind
from .services import initiative_from_token


def access_initiative(user, pk, *, write: bool = False) -> Initiative:
    """Staff side. `write` is accepted for symmetry: every staff member may work on ideas."""
    if not is_library_staff(user):
        raise Http404
    return get_object_or_404(
        Initiative.objects.select_related("preferred_branch", "owner", "registered_by"), pk=pk
    )


def access_initiative_by_token(token: str) -> Initiative:
    """Citizen side through the tracking link: a tampered or revoked link is a 404."""
    initiative = initiative_from_token(token)
    if initiative is None:
        raise Http404
    return initiative


def access_own_initiative(user, pk) -> Initiative:
    """Citizen side through their account ("Mine initiativer")."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Initiative, pk=pk, citizen=user, anonymised_at__isnull=True)


def citizen_visible_attachments() -> Q:
    """Files a citizen may see: their own sent with the idea, and those on public replies or
    their own messages. Never a file on an internal note."""
    return Q(message__isnull=True, from_citizen=True) | Q(
        message__kind__in=[MessageKind.PUBLIC_REPLY, MessageKind.CITIZEN]
    )


def access_attachment(user, pk, *, token: str | None = None) -> Attachment:
    """Staff see every attachment; a citizen only the visible ones on their own initiative."""
    if is_library_staff(user) and token is None:
        return get_object_or_404(Attachment.objects.select_related("initiative"), pk=pk)
    visible = Attachment.objects.select_related("initiative").filter(citizen_visible_attachments())
    attachment = get_object_or_404(visible, pk=pk)
    if token is not None:
        if access_initiative_by_token(token).pk == attachment.initiative_id:
            return attachment
        raise Http404
    if user.is_authenticated and attachment.initiative.citizen_id == user.pk:
        return attachment
    raise Http404
