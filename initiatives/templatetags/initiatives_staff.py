"""Small display helpers for the staff pages: status badges and an initiative's age."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.models import CLOSED_STATUSES, REALISED_STATUSES

register = template.Library()


@register.filter
def status_badge_class(status: str) -> str:
    """DKFDS badge variant; the status label is always written out, so colour is never alone."""
    if status in REALISED_STATUSES:
        return "badge badge-success"
    if status in CLOSED_STATUSES:
        return "badge"
    return "badge badge-info"


@register.filter
def age(moment) -> str:
    """'i dag', '1 dag', '12 dage': how long ago an initiative came in."""
    if not moment:
        return ""
    days = (timezone.localdate() - timezone.localtime(moment).date()).days
    if days <= 0:
        return _("i dag")
    return ngettext("%(days)s dag", "%(days)s dage", days) % {"days": days}
