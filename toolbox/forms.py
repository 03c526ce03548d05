"""Input validation for the toolbox pages. The rules live in toolbox/services/: these forms
check the shape of the input, show errors next to the fields and hand the values over."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from initiatives.models import Initiative
from organisation.models import TargetGroup

from .models import (
    LEVEL_CHOICES,
    CompetenceArea,
    ItemKind,
    Method,
    Phase,
    SessionPlan,
    ToolboxSettings,
)
from .services.exchange import MAX_BYTES
from .services.methods import FIELDS, TEXT_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"#{obj.pk} {obj.title}"


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({timezone.localtime(obj.starts_at):%d.%m.%Y})"


def _initiative_field():
    return InitiativeChoiceField(
        label=_("Initiativ"),
        queryset=Initiative.objects.order_by("-created_at"),
        required=False,
        empty_label=_("Intet initiativ"),
    )


def _activity_field():
    return ActivityChoiceField(
        label=_("Aktivitet"),
        queryset=Activity.objects.order_by("-starts_at"),
        required=False,
        empty_label=_("Ingen aktivitet"),
    )


# --- Method cards ---------------------------------------------------------------------------


class MethodForm(forms.ModelForm):
    phases = forms.MultipleChoiceField(
        label=_("Faser"),
        choices=Phase.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    materials = forms.CharField(
        label=_("Materialer"),
        help_text=_("Ét materiale pr. linje."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    related = forms.ModelMultipleChoiceField(
        label=_("Kan kombineres med"),
        queryset=Method.objects.order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    competence_areas = forms.ModelMultipleChoiceField(
        label=_("Træner kompetencerne"),
        queryset=CompetenceArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Method
        fields = [
            "title",
            "summary",
            "purpose",
            "when_to_use",
            "when_not_to_use",
            "category",
            "participation_level",
            "duration_min",
            "duration_max",
            "group_min",
            "group_max",
            "facilitators",
            "setting",
            "preparation",
            "tips",
            "pitfalls",
            "library_example",
            "variations",
            "sources",
            "last_reviewed",
        ]
        # The card's longer texts (everything but title and summary) as text areas.
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in TEXT_FIELDS
            if name not in {"title", "summary"}
        } | {"last_reviewed": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation_level"].choices = LEVEL_CHOICES
        method = self.instance
        if method.pk:
            self.fields["related"].queryset = Method.objects.exclude(pk=method.pk).order_by("title")
            if not self.is_bound:
                self.initial.update(
                    phases=method.phases,
                    materials="\n".join(method.materials),
                    related=list(method.related.all()),
                    competence_areas=list(method.competence_areas.all()),
                )

    def clean(self):
        cleaned = super().clean()
        for low, high, message in [
            ("duration_min", "duration_max", _("'Til' skal være mindst lige så lang som 'fra'.")),
            ("group_min", "group_max", _("'Til' skal være mindst lige så mange som 'fra'.")),
        ]:
            if (
                cleaned.get(low) is not None
                and cleaned.get(high) is not None
                and cleaned[low] > cleaned[high]
            ):
                self.add_error(high, message)
        return cleaned

    def service_arguments(self, steps: list[dict]) -> dict:
        data = {name: self.cleaned_data[name] for name in FIELDS if name in self.cleaned_data}
        data["materials"] = self.cleaned_data["materials"].splitlines()
        data["phases"] = self.cleaned_data["phases"]
        return {
            **data,
            "steps": steps,
            "related": [m.slug for m in self.cleaned_data["related"]],
            "competence_areas": [a.key for a in self.cleaned_data["competence_areas"]],
        }


class StepForm(forms.Form):
    """One step of the card. An empty row is skipped."""

    title = forms.CharField(label=_("Trinnets titel"), max_length=150, required=False)
    minutes = forms.IntegerField(label=_("Minutter"), min_value=1, max_value=600, required=False)
    description = forms.CharField(
        label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("title") or "").strip() and not cleaned.get("minutes"):
            self.add_error("minutes", _("Skriv, hvor mange minutter trinnet tager."))
        return cleaned


class _StepFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [
            {
                "title": data["title"].strip(),
                "minutes": data["minutes"],
                "description": data.get("description", ""),
            }
            for data in self.cleaned_data
            if data and not data.get("DELETE") and (data.get("title") or "").strip()
        ]

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.rows():
            raise forms.ValidationError(_("Metoden skal have mindst ét trin."))


StepFormSet = forms.formset_factory(
    StepForm, formset=_StepFormSet, extra=2, can_delete=True, max_num=30, validate_max=True
)


def step_initial(method: Method) -> list[dict]:
    return [
        {"title": s.title, "minutes": s.minutes, "description": s.description}
        for s in method.steps.all()
    ]


# --- Session plans --------------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    class Meta:
        model = SessionPlan
        fields = ["title", "date", "start_time", "audience", "goal", "initiative", "activity"]
        widgets = {
            "date": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "goal": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "start_time": _("Så viser planen klokkeslæt for hvert punkt."),
            "audience": _("Fx 'Borgere fra Tårnby Nord, 15-20 personer'."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"] = _initiative_field()
        self.fields["activity"] = _activity_field()


class PlanFilterForm(forms.Form):
    MINE = "mine"
    OWNER_CHOICES = [("", _("Alle planer")), (MINE, _("Mine planer"))]
    WHEN_CHOICES = [("", _("Alle")), ("kommende", _("Kommende")), ("tidligere", _("Tidligere"))]

    q = forms.CharField(label=_("Søg i titlen"), required=False, max_length=100)
    owner = forms.ChoiceField(label=_("Hvis"), choices=OWNER_CHOICES, required=False)
    when = forms.ChoiceField(label=_("Hvornår"), choices=WHEN_CHOICES, required=False)

    def filter(self, plans, user):
        if not self.is_valid():
            return plans
        data = self.cleaned_data
        if data["q"]:
            plans = plans.filter(title__icontains=data["q"])
        if data["owner"] == self.MINE:
            plans = plans.filter(owner=user)
        today = timezone.localdate()
        if data["when"] == "kommende":
            plans = plans.filter(date__gte=today)
        elif data["when"] == "tidligere":
            plans = plans.filter(date__lt=today)
        return plans

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class ItemAddForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hvad vil du tilføje?"),
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        initial=ItemKind.METHOD,
    )
    method = forms.ModelChoiceField(
        label=_("Metode"),
        queryset=Method.objects.order_by("title"),
        required=False,
        empty_label=_("Vælg en metode"),
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Kan udelades for en metode (metodens titel) og en pause."),
    )
    minutes = forms.IntegerField(
        label=_("Minutter"),
        min_value=1,
        max_value=24 * 60,
        required=False,
        help_text=_("Kan udelades for en metode: så bruges tiden for metodens trin."),
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ItemKind.METHOD and not cleaned.get("method"):
            self.add_error("method", _("Vælg en metode."))
        if kind in (ItemKind.BREAK, ItemKind.OTHER) and not cleaned.get("minutes"):
            self.add_error("minutes", _("Skriv, hvor mange minutter punktet varer."))
        if kind == ItemKind.OTHER and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Skriv, hvad punktet handler om."))
        return cleaned


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    minutes = forms.IntegerField(label=_("Minutter"), min_value=1, max_value=24 * 60)
    notes = forms.CharField(
        label=_("Noter"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class AddToPlanForm(forms.Form):
    """From a card: add it to one of my plans, or to a new plan."""

    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=SessionPlan.objects.none(),
        required=False,
        empty_label=_("En ny plan"),
    )
    new_title = forms.CharField(label=_("Titel på den nye plan"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = SessionPlan.objects.filter(owner=user).order_by(
            "-created_at"
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("plan") and not (cleaned.get("new_title") or "").strip():
            self.add_error("new_title", _("Vælg en plan, eller giv den nye plan en titel."))
        return cleaned


# --- Experience logs ------------------------------------------------------------------------

RATING_CHOICES = [
    (1, _("1 – virkede ikke")),
    (2, _("2")),
    (3, _("3")),
    (4, _("4")),
    (5, _("5 – virkede rigtig godt")),
]


class LogForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DATE_WIDGET)
    participants = forms.IntegerField(
        label=_("Antal deltagere"), min_value=0, max_value=100000, required=False
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Hvem deltog"),
        queryset=TargetGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    participants_note = forms.CharField(
        label=_("Deltagerne med dine ord"),
        max_length=300,
        required=False,
        help_text=_("Fx 'forældre fra lektiecaféen og to frivillige'. Ingen navne."),
    )
    what_worked = forms.CharField(
        label=_("Det virkede"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    what_to_change = forms.CharField(
        label=_("Det gør vi anderledes næste gang"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    rating = forms.TypedChoiceField(
        label=_("Hvordan virkede metoden?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    level_reached = forms.ChoiceField(
        label=_("Hvilket deltagelsesniveau nåede I?"),
        choices=[("", _("Ved ikke")), *LEVEL_CHOICES],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"] = _initiative_field()
        self.fields["activity"] = _activity_field()
        self.order_fields(["date", "initiative", "activity"])

    def clean(self):
        cleaned = super().clean()
        if (
            not (cleaned.get("what_worked") or "").strip()
            and not (cleaned.get("what_to_change") or "").strip()
        ):
            self.add_error(
                "what_worked", _("Skriv mindst, hvad der virkede, eller hvad I vil ændre.")
            )
        return cleaned


# --- Competence -----------------------------------------------------------------------------

LEVEL_LABELS = [
    (1, _("1 – nyt for mig")),
    (2, _("2")),
    (3, _("3 – jeg klarer mig")),
    (4, _("4")),
    (5, _("5 – jeg kan lære andre det")),
]


class SelfAssessmentForm(forms.Form):
    """One area of the kompetencespejl."""

    level = forms.TypedChoiceField(
        label=_("Hvor er du i dag?"), choices=LEVEL_LABELS, coerce=int, widget=forms.RadioSelect
    )
    wants_to_develop = forms.BooleanField(
        label=_("Det vil jeg gerne blive bedre til"), required=False
    )


# --- Import and settings --------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med metoder (JSON)"),
        help_text=_("En fil, der er eksporteret fra Sammens værktøjskasse. Højst 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Filen er for stor. Den må højst fylde 1 MB."))
        return upload


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ToolboxSettings
        fields = ["public_methods"]
