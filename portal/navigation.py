"""The two menus: one for citizens, one for staff. A module adds its pages here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    exact: bool = False


CITIZEN_MENU = [
    NavItem("home", _("Forside"), exact=True),
    NavItem("initiatives:propose", _("Foreslå et initiativ")),
    NavItem("volunteers:roles", _("Bliv frivillig")),
    NavItem("activities:calendar", _("Arrangementer")),
    NavItem("initiatives:showcase", _("Det har vi skabt sammen")),
    NavItem("partnerships:directory", _("Samarbejdspartnere")),
    NavItem("branches", _("Biblioteker")),
]

STAFF_MENU = [
    NavItem("staff:dashboard", _("Overblik"), exact=True),
    NavItem("initiatives:staff_list", _("Initiativer")),
    NavItem("activities:staff_list", _("Aktiviteter")),
    NavItem("volunteers:staff_overview", _("Frivillige")),
    NavItem("partnerships:staff_partner_list", _("Partnere")),
    NavItem("partnerships:agreement_list", _("Samarbejdsaftaler")),
    NavItem("toolbox:method_list", _("Værktøjskasse")),
    NavItem("staff:branch_list", _("Filialer")),
    NavItem("staff:team_list", _("Hold")),
    NavItem("staff:focus_area_list", _("Indsatsområder")),
    NavItem("staff:library_settings", _("Biblioteket")),
]


def build_menu(items, path: str) -> list[dict]:
    menu = []
    for item in items:
        url = reverse(item.url_name)
        current = path == url if item.exact else path.startswith(url)
        menu.append({"url": url, "label": item.label, "current": current})
    return menu
