"""Form rendering with Det Fælles Designsystem (DKFDS) markup.

Every form in the portal renders through :class:`DkfdsFormRenderer`: an error summary at the
top that links to each field, labels, hints and field errors where DKFDS puts them. Widgets
get the DKFDS classes in the field template (``dkfds_widget`` filter), so Django's, allauth's
and our own forms all look and behave alike.
"""

from django import forms
from django.forms.renderers import TemplatesSetting


class DkfdsFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


_WIDGET_CLASSES = {
    forms.CheckboxInput: "form-checkbox",
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.ClearableFileInput: "form-file-input",
    forms.FileInput: "form-file-input",
    forms.Textarea: "form-input",
}


def widget_css_class(widget: forms.Widget) -> str:
    for widget_type in type(widget).__mro__:
        if widget_type in _WIDGET_CLASSES:
            return _WIDGET_CLASSES[widget_type]
    return "form-input"
