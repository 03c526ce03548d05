"""The "Samarbejdspartnere" sections on the initiative and activity staff pages. Those apps do
not import partnerships (ARCHITECTURE.md: dependencies point one way); their templates load
these tags, which list the linked partners and offer the form to link one more."""

from django import template

from ..forms_partners import LINK_PREFIX, InitiativeLinkForm, LinkPartnerForm

register = template.Library()


@register.inclusion_tag("partnerships/partners/_initiative_partners.html", takes_context=True)
def initiative_partners(context, initiative):
    # Two queries: the links with their partners, then the active partners for the select.
    links = list(initiative.partner_links.select_related("partner").order_by("partner__name"))
    return {
        "initiative": initiative,
        "links": links,
        "form": InitiativeLinkForm(exclude=[link.partner_id for link in links], prefix=LINK_PREFIX),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("partnerships/partners/_activity_partners.html", takes_context=True)
def activity_partners(context, activity):
    links = list(activity.partner_links.select_related("partner").order_by("partner__name"))
    return {
        "activity": activity,
        "links": links,
        "form": LinkPartnerForm(exclude=[link.partner_id for link in links], prefix=LINK_PREFIX),
        "csrf_token": context.get("csrf_token"),
    }
