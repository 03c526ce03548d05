"""Input validation for the staff pages. The rules themselves live in services.py: these forms
only check the shape of the input and hand it over."""

from django import forms
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import ConsentText
from activities import forms as activity_forms
from organisation.forms import StaffChoiceField, staff_users
from organisation.models import Branch, FocusArea, TargetGroup

from .models import (
    CONSENT_PURPOSE,
    PARTICIPATION_EXPLANATIONS,
    Channel,
    Initiative,
    ParticipationLevel,
    Status,
)
from .services import allowed_transitions
from .uploads import AttachmentsField, attachment_help_text

NEEDS = [
    ("needs_room", _("Lokale")),
    ("needs_equipment", _("Udstyr")),
    ("needs_marketing", _("Markedsføring")),
    ("needs_staff_help", _("Hjælp fra personalet")),
]
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _active_branches():
    return Branch.objects.filter(is_active=True).order_by("kind", "name")


def _focus_areas(*selected):
    """Active focus areas, plus any inactive one the initiative already has (so it is kept)."""
    ids = [area.pk for area in selected]
    return FocusArea.objects.filter(Q(is_active=True) | Q(pk__in=ids)).order_by("order", "name")


class TargetGroupsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", TargetGroup.objects.order_by("order"))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Målgrupper"))
        super().__init__(**kwargs)


class FocusAreasField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", FocusArea.objects.filter(is_active=True))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Indsatsområder"))
        super().__init__(**kwargs)


# --- Registering an idea heard in dialogue ------------------------------------------------------


class RegisterForm(forms.ModelForm):
    """An idea staff heard at the desk, on the phone, at an event, by email or from a partner."""

    channel = forms.ChoiceField(
        label=_("Hvor kom idéen fra?"),
        choices=[(value, label) for value, label in Channel.choices if value != Channel.WEB],
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label=_("Hvad har borgeren brug for fra biblioteket?"),
        choices=NEEDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = TargetGroupsField()
    focus_areas = FocusAreasField()
    attachments = AttachmentsField(label=_("Bilag"))
    consent = forms.BooleanField(label=_("Borgeren har givet samtykke"), required=False)

    class Meta:
        model = Initiative
        fields = [
            "channel",
            "title",
            "description",
            "citizen_role",
            "format",
            "target_groups",
            "focus_areas",
            "preferred_branch",
            "preferred_time",
            "expected_participants",
            "needs",
            "needs_other",
            "together_with",
            "attachments",
            "contact_name",
            "contact_email",
            "contact_phone",
            "consent",
            "name_may_be_shown",
        ]
        labels = {
            "title": _("Titel"),
            "description": _("Hvad går idéen ud på?"),
            "citizen_role": _("Borgerens rolle"),
            "format": _("Form"),
            "preferred_branch": _("Ønsket bibliotek"),
            "preferred_time": _("Ønsket periode eller tidspunkt"),
            "expected_participants": _("Forventet antal deltagere"),
            "needs_other": _("Andet, vi skal vide"),
            "contact_name": _("Borgerens navn"),
            "contact_email": _("Borgerens e-mail"),
            "contact_phone": _("Borgerens telefon"),
            "name_may_be_shown": _(
                "Borgerens navn må vises på 'Det har vi skabt sammen', når idéen er blevet til "
                "noget"
            ),
        }
        help_texts = {
            "contact_name": _(
                "Lad navn, e-mail og telefon stå tomme for at registrere idéen anonymt."
            ),
            "contact_email": _("Borgeren får en kvittering med et link til at følge idéen."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "together_with": forms.Textarea(attrs={"rows": 3}),
            "citizen_role": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_branch"].queryset = _active_branches()
        self.fields["preferred_branch"].empty_label = _("Intet bestemt bibliotek")
        self.fields["attachments"].help_text = attachment_help_text()
        self.fields["together_with"].label = _("Sammen med hvem?")
        self.fields["together_with"].help_text = _(
            "Spørg altid: Hvem kunne være med? Personer, foreninger eller samarbejdspartnere."
        )
        consent_text = ConsentText.current(CONSENT_PURPOSE)
        self.consent_text = consent_text
        self.fields["consent"].help_text = format_html(
            "{} <q>{}</q>",
            _("Kun hvis borgerens kontaktoplysninger skal gemmes. Læs teksten for borgeren:"),
            consent_text.text,
        )

    def has_contact_data(self) -> bool:
        return any(self.cleaned_data.get(field) for field in CONTACT_FIELDS)

    def service_arguments(self) -> dict:
        cleaned = dict(self.cleaned_data)
        needs = set(cleaned.pop("needs", []))
        data = {
            field: cleaned[field]
            for field in self.Meta.fields
            if field
            not in {"channel", "needs", "target_groups", "focus_areas", "attachments", "consent"}
        }
        data.update({field: field in needs for field, _label in NEEDS})
        return {
            "data": data,
            "channel": cleaned["channel"],
            "consent_given": bool(cleaned.get("consent")),
            "target_groups": list(cleaned.get("target_groups") or []),
            "focus_areas": list(cleaned.get("focus_areas") or []),
            "attachments": cleaned.get("attachments") or [],
        }


# --- The working page's forms -------------------------------------------------------------------


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ny status"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Besked til borgeren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sendes på e-mail til borgeren sammen med den nye status. Skal udfyldes ved "
            "'Afvist / ikke nu': skriv begrundelsen til borgeren."
        ),
    )
    referred_to = forms.CharField(
        label=_("Henvist til"),
        required=False,
        max_length=300,
        help_text=_("Kun ved 'Henvist': fx en forening, Borgerservice eller en anden institution."),
    )
    duplicate_of = forms.ModelChoiceField(
        label=_("Dublet af initiativ nr."),
        queryset=Initiative.objects.all(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        help_text=_(
            "Kun ved 'Dublet': nummeret på det oprindelige initiativ. Beskeder, bilag og "
            "historik bliver vist på det oprindelige initiativ."
        ),
        error_messages={"invalid_choice": _("Der findes intet initiativ med det nummer.")},
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the allowed next statuses are offered, but any known status is accepted, so a
        # stale page (a colleague changed the status meanwhile) gets the workflow's own message.
        field = self.fields["to_status"]
        field.choices = Status.choices
        field.widget.choices = [
            (status, Status(status).label) for status in allowed_transitions(initiative)
        ]
        if not initiative.contact_email:
            self.fields["message"].help_text = _(
                "Borgeren har ingen e-mail, så beskeden gemmes kun i historikken. Skal udfyldes "
                "ved 'Afvist / ikke nu'."
            )

    def field_for_error(self) -> str:
        """Where a refusal from the service belongs: the field the chosen status still needs,
        or else the choice of status itself."""
        needs = {
            Status.DECLINED: "message",
            Status.REFERRED: "referred_to",
            Status.DUPLICATE: "duplicate_of",
        }.get(self.cleaned_data.get("to_status"))
        return needs if needs and not self.cleaned_data.get(needs) else "to_status"


class AssignForm(forms.Form):
    owner = StaffChoiceField(
        queryset=staff_users(),
        required=False,
        label=_("Ansvarlig medarbejder"),
        empty_label=_("Ingen ansvarlig"),
    )


def _participation_choices():
    choices = [("", _("Ikke valgt endnu"))]
    for value, label in ParticipationLevel.choices:
        explanation = PARTICIPATION_EXPLANATIONS[ParticipationLevel(value)]
        choices.append(
            (value, format_html('<span class="weight-semibold">{}</span>: {}', label, explanation))
        )
    return choices


class WorkForm(forms.ModelForm):
    """The staff's working fields (initiative_update)."""

    focus_areas = FocusAreasField()
    target_groups = TargetGroupsField()

    class Meta:
        model = Initiative
        fields = [
            "participation_level",
            "focus_areas",
            "target_groups",
            "involved",
            "public_summary",
        ]
        labels = {
            "participation_level": _("Deltagelsesniveau"),
            "involved": _("Involverede personer og partnere"),
            "public_summary": _("Tekst til udstillingen"),
        }
        widgets = {
            "participation_level": forms.RadioSelect,
            "involved": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = self.fields["participation_level"]
        level.choices = _participation_choices()
        level.help_text = _(
            "Hvor meget bestemmer borgerne? Fra at blive informeret til selv at stå for det."
        )
        if self.instance.pk:
            self.fields["focus_areas"].queryset = _focus_areas(*self.instance.focus_areas.all())

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["focus_areas"] = list(data["focus_areas"])
        data["target_groups"] = list(data["target_groups"])
        return data


class ReplyForm(forms.Form):
    """A public reply: shown to the citizen and emailed to them."""

    body = forms.CharField(
        label=_("Svar til borgeren"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Borgeren får svaret på e-mail og kan læse det via linket til sin idé."),
    )
    attachments = AttachmentsField(label=_("Bilag til borgeren"))

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_help_text()
        if not initiative.contact_email:
            self.fields["body"].help_text = _(
                "Borgeren har ingen e-mail. Svaret gemmes i tråden og kan læses via borgerens "
                "link, hvis der er et."
            )


class NoteForm(forms.Form):
    """An internal note: staff only, never shown or sent to the citizen."""

    body = forms.CharField(
        label=_("Intern note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kun for personalet. Borgeren ser den ikke og får intet at vide."),
    )


class ActivityForm(activity_forms.ActivityForm):
    """Turn the initiative into a dated activity (initiative_create_activity): the activities
    app's form, plus whether the citizen co-hosts it."""

    citizen_cohost = forms.BooleanField(required=False)

    class Meta(activity_forms.ActivityForm.Meta):
        fields = [*activity_forms.ActivityForm.Meta.fields, "citizen_cohost"]

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.fields["branch"].empty_label = None
        if initiative.contact_name:
            self.fields["citizen_cohost"].label = _("%(name)s er medarrangør") % {
                "name": initiative.contact_name
            }
            self.fields["citizen_cohost"].help_text = (
                _("Navnet vises i kalenderen, fordi borgeren har sagt ja til det.")
                if initiative.name_may_be_shown
                else _("Navnet vises ikke i kalenderen: borgeren har ikke sagt ja til det.")
            )
        else:
            del self.fields["citizen_cohost"]

    def _post_clean(self):
        # The service validates the activity itself (activities.services._validate).
        pass

    def service_arguments(self) -> dict:
        data = {
            field: self.cleaned_data[field]
            for field in ("title", "description", "branch", "place", "starts_at", "ends_at")
        }
        data["is_public"] = self.cleaned_data["is_public"]
        data["target_groups"] = list(self.cleaned_data["target_groups"])
        data["focus_areas"] = list(self.cleaned_data["focus_areas"])
        if self.cleaned_data.get("citizen_cohost"):
            data["cohosts"] = [
                {
                    "kind": "citizen",
                    "name": self.initiative.contact_name,
                    "show_publicly": self.initiative.name_may_be_shown,
                }
            ]
        return data

    @classmethod
    def initial_for(cls, initiative: Initiative) -> dict:
        return {
            "title": initiative.title,
            "description": initiative.description,
            "branch": initiative.preferred_branch_id,
            "target_groups": list(initiative.target_groups.all()),
            "focus_areas": list(initiative.focus_areas.all()),
            "is_public": True,
        }
