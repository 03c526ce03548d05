"""Filters for the agreement document (templates/partnerships/_document.html), which renders a
version's content dict: dates are ISO strings there and shown in Danish."""

from django import template

from ..services.drafting import danish_date

register = template.Library()


@register.filter
def da_date(value) -> str:
    """'2026-03-01' (or a date) as '1. marts 2026'; empty stays empty."""
    try:
        return danish_date(value)
    except (TypeError, ValueError):
        return ""


@register.filter
def has_section(sections, key) -> bool:
    return any(section.get("key") == key for section in sections or [])
