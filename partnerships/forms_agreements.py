"""Forms for drafting agreements, the "Skal det formaliseres?" questionnaire and the agreement
models back office. They check the shape of the input; the rules live in services.drafting and
services.templates, whose PartnershipError the views show next to the form."""

import datetime
import json

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from initiatives.models import Initiative
from organisation.forms import StaffChoiceField, staff_users
from organisation.models import Branch, FocusArea

from .models import (
    AgreementTemplate,
    Partner,
    PartnerContact,
    PartnerKind,
    ResponsibilityItem,
    Responsible,
)
from .services.templates import QUESTIONS, Duration

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("ja", _("Ja")), ("nej", _("Nej"))]


# --- "Skal det formaliseres?" ---------------------------------------------------------------


class QuestionnaireForm(forms.Form):
    duration = forms.ChoiceField(
        label=_("Hvor længe skal samarbejdet vare?"),
        choices=Duration.CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The yes/no questions first, in the order the person thinks about them.
        questions = {
            key: forms.TypedChoiceField(
                label=label,
                choices=YES_NO,
                coerce=lambda value: value == "ja",
                widget=forms.RadioSelect,
                error_messages={"required": _("Svar ja eller nej.")},
            )
            for key, label in QUESTIONS.items()
        }
        self.fields = {**questions, "duration": self.fields["duration"]}
        self.fields["duration"].error_messages["required"] = _("Vælg, hvor længe det varer.")

    def answers(self) -> dict:
        return {key: self.cleaned_data[key] for key in [*QUESTIONS, "duration"]}


def answers_from_json(raw: str) -> dict:
    """The questionnaire's answers carried through step 1 in a hidden field; anything unknown
    is dropped, so the stored answers are always the questionnaire's own."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    answers = {key: bool(data[key]) for key in QUESTIONS if key in data}
    if data.get("duration") in dict(Duration.CHOICES):
        answers["duration"] = data["duration"]
    return answers


# --- Step 1: partner, model, title ----------------------------------------------------------


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.description}" if obj.description else obj.name


class AgreementStartForm(forms.Form):
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.filter(is_active=True).order_by("name"),
        label=_("Partner"),
        empty_label=_("Vælg en partner"),
        help_text=_("Findes partneren ikke? Opret den først under Partnere."),
    )
    template = TemplateChoiceField(
        queryset=AgreementTemplate.objects.filter(
            is_active=True, versions__published_at__isnull=False
        )
        .distinct()
        .order_by("kind"),
        label=_("Aftalemodel"),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Kort og sigende, fx 'Læseklub for seniorer' eller 'Lektiecafé 2027'."),
    )
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.order_by("kind", "name"),
        label=_("Bibliotek"),
        required=False,
        empty_label=_("Hele biblioteksvæsenet"),
    )
    answers = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_answers(self):
        return answers_from_json(self.cleaned_data.get("answers", ""))


# --- Step 2: text ---------------------------------------------------------------------------


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}, {obj.role}" if obj.role else obj.name


def section_field_name(key: str) -> str:
    return f"section_{key}"


class AgreementTextForm(forms.Form):
    """Title, who is responsible, the partner's signatory, and one text box per section."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    owner = StaffChoiceField(
        queryset=staff_users(), label=_("Bibliotekets kontaktperson"), required=False
    )
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.order_by("kind", "name"),
        label=_("Bibliotek"),
        required=False,
        empty_label=_("Hele biblioteksvæsenet"),
    )
    partner_signatory = ContactChoiceField(
        queryset=PartnerContact.objects.none(),
        label=_("Underskriver hos partneren"),
        required=False,
        empty_label=_("Ikke valgt endnu"),
        help_text=_("Kun kontaktpersoner, der må underskrive på organisationens vegne."),
    )

    def __init__(self, *args, agreement, **kwargs):
        self.agreement = agreement
        kwargs.setdefault(
            "initial",
            {
                "title": agreement.title,
                "owner": agreement.owner_id,
                "branch": agreement.branch_id,
                "partner_signatory": agreement.partner_signatory_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["partner_signatory"].queryset = PartnerContact.objects.filter(
            partner_id=agreement.partner_id, may_sign=True
        ).order_by("name")
        self.sections = list(agreement.sections.select_related("template_section"))
        for section in self.sections:
            template_section = section.template_section
            required = template_section is None or template_section.required
            self.fields[section_field_name(section.key)] = forms.CharField(
                label=section.title,
                required=required,
                initial=section.text,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=(template_section.guidance if template_section else "")
                + ("" if required else " " + str(_("Tøm feltet for at udelade afsnittet."))),
                error_messages={"required": _("Afsnittet skal med i aftalen. Skriv en tekst.")},
            )

    def section_fields(self):
        return [self[section_field_name(s.key)] for s in self.sections]

    def preview_changes(self) -> dict:
        """What the preview shows: the typed text even where the form is not valid yet."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        changes = {
            "title": data.get("title") or self.data.get("title", ""),
            "sections": {
                s.key: self.data.get(section_field_name(s.key), s.text) for s in self.sections
            },
        }
        if "partner_signatory" in data:
            changes["partner_signatory"] = data["partner_signatory"]
        return changes

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "owner": data.get("owner"),
            "branch": data.get("branch"),
            "partner_signatory": data.get("partner_signatory"),
            "sections": {
                s.key: data.get(section_field_name(s.key), "") or "" for s in self.sections
            },
        }


# --- Step 3: responsibility matrix ----------------------------------------------------------


class ResponsibilityForm(forms.Form):
    task = forms.CharField(label=_("Opgave"), max_length=200, required=False)
    responsible = forms.ChoiceField(
        label=_("Ansvarlig"),
        choices=[("", _("Vælg")), *Responsible.choices],
        required=False,
    )
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("task") and not data.get("responsible"):
            self.add_error("responsible", _("Vælg, hvem der har ansvaret."))
        if data.get("responsible") and not data.get("task") and not self.cleaned_data.get("DELETE"):
            self.add_error("task", _("Skriv opgaven, eller lad hele rækken stå tom."))
        return data


class BaseResponsibilityFormSet(forms.BaseFormSet):
    def preview_changes(self) -> dict:
        """The rows typed so far, also while some are not valid yet."""
        self.is_valid()
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("task") and not data.get("DELETE"):
                rows.append(
                    {
                        "task": data["task"],
                        "responsible": data.get("responsible") or "",
                        "note": data.get("note", ""),
                    }
                )
        return {"responsibilities": rows}

    def rows(self) -> list[dict]:
        return [
            {
                "task": f.cleaned_data["task"],
                "responsible": f.cleaned_data["responsible"],
                "note": f.cleaned_data.get("note", ""),
            }
            for f in self.forms
            if f.cleaned_data.get("task") and not f.cleaned_data.get("DELETE")
        ]


ResponsibilityFormSet = forms.formset_factory(
    ResponsibilityForm,
    formset=BaseResponsibilityFormSet,
    extra=0,
    can_delete=True,
    max_num=60,
    validate_max=True,
)
EXTRA_ROWS = 3


def responsibility_initial(agreement) -> list[dict]:
    return [
        {"task": r.task, "responsible": r.responsible, "note": r.note}
        for r in ResponsibilityItem.objects.filter(agreement=agreement).order_by("order", "pk")
    ]


# --- Step 4: period and links ---------------------------------------------------------------


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({timezone.localtime(obj.starts_at):%d.%m.%Y})"


class AgreementPeriodForm(forms.Form):
    CHANGES = (
        "start_date",
        "end_date",
        "notice_months",
        "evaluation_date",
        "focus_areas",
        "activities",
        "initiatives",
    )
    start_date = forms.DateField(label=_("Gælder fra"), required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Gælder til"), required=False, widget=DATE_WIDGET)
    notice_months = forms.IntegerField(
        label=_("Opsigelsesvarsel (måneder)"), min_value=0, max_value=36
    )
    evaluation_date = forms.DateField(
        label=_("Evalueres senest"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Portalen minder den ansvarlige om evalueringen."),
    )
    focus_areas = forms.ModelMultipleChoiceField(
        queryset=FocusArea.objects.order_by("-is_active", "order", "name"),
        label=_("Indsatsområder"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = ActivityChoiceField(
        queryset=Activity.objects.none(),
        label=_("Aktiviteter"),
        required=False,
        help_text=_("Aktiviteter det seneste år og fremover. Hold Ctrl nede for at vælge flere."),
    )
    initiatives = forms.ModelMultipleChoiceField(
        queryset=Initiative.objects.none(),
        label=_("Initiativer"),
        required=False,
        help_text=_("Hold Ctrl nede for at vælge flere."),
    )

    def __init__(self, *args, agreement, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "start_date": agreement.start_date,
                "end_date": agreement.end_date,
                "notice_months": agreement.notice_months,
                "evaluation_date": agreement.evaluation_date,
                "focus_areas": list(agreement.focus_areas.values_list("pk", flat=True)),
                "activities": list(agreement.activities.values_list("pk", flat=True)),
                "initiatives": list(agreement.initiatives.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        since = timezone.now() - datetime.timedelta(days=365)
        # Recent and coming activities, plus whatever is already linked.
        self.fields["activities"].queryset = (
            Activity.objects.filter(Q(starts_at__gte=since) | Q(agreements=agreement))
            .distinct()
            .order_by("starts_at")
        )
        self.fields["initiatives"].queryset = Initiative.objects.order_by("-created_at")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatoen skal ligge efter startdatoen."))
        evaluation = data.get("evaluation_date")
        if start and evaluation and evaluation < start:
            self.add_error("evaluation_date", _("Evalueringen skal ligge efter startdatoen."))
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.CHANGES}

    def preview_changes(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.CHANGES if name in data}


# --- Step 5: appendices ---------------------------------------------------------------------


class AppendixForm(forms.Form):
    title = forms.CharField(
        label=_("Bilagets titel"),
        max_length=200,
        required=False,
        help_text=_("Fx 'Databehandleraftale'. Tomt: filens navn bruges."),
    )
    file = forms.FileField(
        label=_("PDF-fil"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        from .services import PartnershipError
        from .services.drafting import check_pdf

        uploaded = self.cleaned_data["file"]
        try:
            check_pdf(uploaded)
        except PartnershipError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return uploaded


# --- Versions --------------------------------------------------------------------------------


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Fra version"), min_value=1)
    b = forms.IntegerField(label=_("Til version"), min_value=1)


# --- The agreement models back office -------------------------------------------------------


class TemplateSectionForm(forms.Form):
    title = forms.CharField(label=_("Overskrift"), max_length=160)
    guidance = forms.CharField(
        label=_("Vejledning til den, der skriver aftalen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    default_text = forms.CharField(
        label=_("Standardtekst"), widget=forms.Textarea(attrs={"rows": 8})
    )
    required = forms.BooleanField(label=_("Afsnittet skal med i alle aftaler"), required=False)

    def __init__(self, *args, section, **kwargs):
        variants = {v.partner_kind: v.text for v in section.variants.all()}
        kwargs.setdefault(
            "initial",
            {
                "title": section.title,
                "guidance": section.guidance,
                "default_text": section.default_text,
                "required": section.required,
                **{f"variant_{kind}": text for kind, text in variants.items()},
            },
        )
        super().__init__(*args, **kwargs)
        for kind, label in PartnerKind.choices:
            self.fields[f"variant_{kind}"] = forms.CharField(
                label=_("Tekst for partnertypen: %(kind)s") % {"kind": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Tom: partnere af denne type får standardteksten."),
            )

    def variant_fields(self):
        return [self[f"variant_{kind}"] for kind in PartnerKind.values]

    def variants(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(f"variant_{kind}", "") for kind in PartnerKind.values}


class TemplateSectionAddForm(forms.Form):
    title = forms.CharField(label=_("Overskrift på det nye afsnit"), max_length=160)


class TemplatePublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("Hvad er ændret?"),
        max_length=300,
        help_text=_("Vises i versionslisten, fx 'Nyt afsnit om forsikring'."),
    )
