"""The volunteers back office's own menu (templates/volunteers/_staff_nav.html)."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()


@dataclass(frozen=True)
class Section:
    url_name: str
    label: str
    exact: bool = False
    # Pages outside the section's address that still belong to it (by URL name).
    also: tuple[str, ...] = ()


SECTIONS = [
    Section("volunteers:staff_overview", _("Overblik"), exact=True),
    Section("volunteers:screening_list", _("Ansøgninger"), also=("onboarding_detail",)),
    Section("volunteers:role_staff_list", _("Roller")),
    Section("volunteers:shift_list", _("Vagter")),
    Section("volunteers:hours_queue", _("Timer")),
    Section("volunteers:agreement_list", _("Forventningsafstemninger")),
    Section("volunteers:talk_overview", _("Samtaler")),
    Section("volunteers:certificate_list", _("Børneattester")),
    Section("volunteers:model_staff", _("Frivillighedsmodel")),
]


@register.simple_tag(takes_context=True)
def volunteers_staff_menu(context) -> list[dict]:
    """The sections with ``current``: "page" on the section's own page, "true" anywhere else
    in it (a role's page is in Roller), None outside it."""
    request = context.get("request")
    path = request.path if request else ""
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match and match.namespace == "volunteers" else None
    menu = []
    for section in SECTIONS:
        url = reverse(section.url_name)
        if path == url:
            current = "page"
        elif (not section.exact and path.startswith(url)) or url_name in section.also:
            current = "true"
        else:
            current = None
        menu.append({"url": url, "label": section.label, "current": current})
    return menu
