from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from organisation.forms import branch_filter_field
from organisation.models import Branch, FocusArea, TargetGroup

from .models import Activity, CoHostKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CalendarFilterForm(forms.Form):
    """The public calendar's filters (GET). An invalid filter is shown with its error and
    left out; the others still apply."""

    filial = branch_filter_field(to_field_name="slug")
    maalgruppe = forms.ModelChoiceField(
        queryset=TargetGroup.objects.all(),
        to_field_name="kind",
        required=False,
        label=_("Målgruppe"),
        empty_label=_("Alle målgrupper"),
    )
    indsats = forms.ModelChoiceField(
        queryset=FocusArea.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Indsatsområde"),
        empty_label=_("Alle indsatsområder"),
    )
    fra = forms.DateField(required=False, label=_("Fra dato"), widget=DATE_WIDGET)
    til = forms.DateField(required=False, label=_("Til dato"), widget=DATE_WIDGET)
    tidligere = forms.BooleanField(required=False, label=_("Vis tidligere arrangementer"))

    # The query-string keys a link back to the calendar (or to the feed) carries along.
    KEYS = ("filial", "maalgruppe", "indsats", "fra", "til", "tidligere")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filial"].queryset = Branch.objects.filter(is_active=True)
        self.fields["indsats"].queryset = FocusArea.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("fra"), cleaned.get("til")
        if date_from and date_to and date_to < date_from:
            self.add_error("til", _("Til-datoen skal ligge efter fra-datoen."))
        return cleaned

    def valid_filters(self) -> dict:
        """The filters that validated, as keyword arguments for queries.filter_activities."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "branch": data.get("filial"),
            "target_group": data.get("maalgruppe"),
            "focus_area": data.get("indsats"),
            "date_from": data.get("fra"),
            "date_to": data.get("til"),
        }

    @property
    def show_past(self) -> bool:
        self.is_valid()
        return bool(self.cleaned_data.get("tidligere"))


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "branch",
            "place",
            "starts_at",
            "ends_at",
            "target_groups",
            "focus_areas",
            "is_public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "target_groups": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
        }
        labels = {"branch": _("Bibliotek")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance if self.instance.pk else None
        # Closed branches and finished focus areas are not offered, unless already chosen.
        self.fields["branch"].queryset = Branch.objects.filter(
            Q(is_active=True) | Q(pk=current.branch_id if current else None)
        )
        self.fields["branch"].empty_label = _("Vælg bibliotek")
        chosen = current.focus_areas.all() if current else FocusArea.objects.none()
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(
            Q(is_active=True) | Q(pk__in=chosen.values("pk"))
        )
        self.fields["ends_at"].help_text = _("Skal ligge efter starttidspunktet.")

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Aktiviteten skal slutte efter, den starter."))
        return cleaned


class CoHostForm(forms.Form):
    """One co-host ("Sammen med hvem?"). A row left empty is skipped."""

    kind = forms.ChoiceField(
        label=_("Type"), choices=CoHostKind.choices, initial=CoHostKind.CITIZEN
    )
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(
        label=_("Konto (e-mail)"),
        required=False,
        help_text=_("Hvis personen har en konto i Sammen, kan I knytte den til her."),
    )
    show_publicly = forms.BooleanField(
        label=_("Vis navnet i kalenderen"),
        required=False,
        help_text=_("Kun med personens eller organisationens samtykke."),
    )

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip().lower()
        self.cleaned_data["user"] = None
        if email:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                raise forms.ValidationError(
                    _(
                        "Der er ingen konto med den e-mail. Lad feltet stå tomt, hvis personen "
                        "ikke har en konto."
                    )
                )
            self.cleaned_data["user"] = user
        return email


class BaseCoHostFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Fjern medarrangøren")


CoHostFormSet = forms.formset_factory(
    CoHostForm,
    formset=BaseCoHostFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=20,
    validate_max=True,
)


def cohost_rows(formset) -> list[dict]:
    """The co-hosts a valid formset holds, in the shape activity services take."""
    rows = []
    for data in formset.cleaned_data:
        if data and not data.get("DELETE") and data.get("name"):
            rows.append(
                {
                    "kind": data["kind"],
                    "name": data["name"].strip(),
                    "user": data.get("user"),
                    "show_publicly": data.get("show_publicly", False),
                }
            )
    return rows


def cohost_initial(activity: Activity) -> list[dict]:
    return [
        {
            "kind": cohost.kind,
            "name": cohost.name,
            "email": cohost.user.email if cohost.user else "",
            "show_publicly": cohost.show_publicly,
        }
        for cohost in activity.cohosts.select_related("user")
    ]


class AttendanceForm(forms.Form):
    attendance_total = forms.IntegerField(
        label=_("Deltagere i alt"), min_value=0, max_value=100_000
    )
    attendance_children = forms.IntegerField(
        label=_("Heraf børn 0-14 år"),
        min_value=0,
        max_value=100_000,
        help_text=_("Skriv 0, hvis der ingen børn var."),
    )
    evaluation = forms.CharField(
        label=_("Kort evaluering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hvad gik godt, hvad gør vi anderledes næste gang?"),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor aflyses aktiviteten?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Årsagen vises i den offentlige kalender, hvis aktiviteten er offentlig."),
        error_messages={"required": _("Skriv hvorfor aktiviteten aflyses.")},
    )


STAFF_PERIODS = [
    ("kommende", _("Kommende")),
    ("tidligere", _("Tidligere")),
    ("mangler-fremmoede", _("Mangler fremmøde")),
    ("alle", _("Alle")),
]
