"""Filters for the agreement document (templates/partnerships/_document.html), which renders a
version's content dict: dates are ISO strings there and shown in Danish."""

from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from ..services.drafting import (
    FILL_IN_MARKER,
    content_unfilled_fields,
    danish_date,
    unfilled_by_section,
)

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


@register.filter
def fill_in_marked(text) -> SafeString:
    """A section's text as paragraphs, like ``|linebreaks``, with the fill-in markers left in
    it wrapped in <mark class="fill-in">. Only for screens (_document.html uses it when the
    including page passes ``mark_fill_in``; the PDF never does). The text is escaped piece by
    piece first, then marked, so nothing typed can become markup."""
    text = str(text or "")
    pieces, last = [], 0
    for match in FILL_IN_MARKER.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f'<mark class="fill-in">{escape(match.group(0))}</mark>')
        last = match.end()
    pieces.append(escape(text[last:]))
    # Markers never span lines, so turning newlines into <p>/<br> cannot split a <mark>.
    return mark_safe(linebreaks("".join(pieces), autoescape=False))  # noqa: S308 - escaped above


@register.simple_tag
def fill_in_summary(content) -> dict:
    """{"count": markers left, "sections": [("§ 7 Økonomi", ["[beløb]", ...]), ...]} for a
    version's or a preview's content."""
    fields = content_unfilled_fields(content or {})
    return {"count": len(fields), "sections": unfilled_by_section(fields)}
