from django import template
from django.utils.html import format_html

from portal.forms import widget_css_class

register = template.Library()


@register.filter
def dkfds_widget(bound_field):
    """Render a field's widget with DKFDS classes and the aria links to its hint and error."""
    widget = bound_field.field.widget
    css = widget_css_class(widget)
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_choice_list(bound_field) -> bool:
    """Checkbox lists and radio buttons are a fieldset with a legend, not a single label."""
    return widget_css_class(bound_field.field.widget) in {"form-radio"} or (
        widget_css_class(bound_field.field.widget) == "form-checkbox"
        and getattr(bound_field.field.widget, "allow_multiple_selected", False)
    )


@register.filter
def is_single_checkbox(bound_field) -> bool:
    return widget_css_class(bound_field.field.widget) == "form-checkbox" and not getattr(
        bound_field.field.widget, "allow_multiple_selected", False
    )


@register.simple_tag
def icon(name, label=""):
    """An icon from the DKFDS sprite (static, same origin)."""
    from django.templatetags.static import static

    href = static("vendor/dkfds/img/all-svg-icons.svg")
    if label:
        return format_html(
            '<svg class="icon-svg" focusable="false" role="img" aria-label="{}">'
            '<use href="{}#{}"></use></svg>',
            label,
            href,
            name,
        )
    return format_html(
        '<svg class="icon-svg" focusable="false" aria-hidden="true"><use href="{}#{}"></use></svg>',
        href,
        name,
    )
