"""Forms for the volunteer's own page (hours, erasure) and the back office's hours pages."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.forms import branch_filter_field
from organisation.models import Branch, FocusArea

from .forms import role_filter_field
from .models import HoursStatus, VolunteerRole
from .services.hours import MAX_HOURS, MIN_HOURS, reportable_roles

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HoursReportForm(forms.Form):
    role = forms.ModelChoiceField(
        queryset=VolunteerRole.objects.none(),
        label=_("Opgave"),
        empty_label=None,
        help_text=_("De opgaver, du er godkendt til."),
    )
    date = forms.DateField(label=_("Dato"), widget=DATE_WIDGET)
    hours = forms.DecimalField(
        label=_("Timer"),
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        decimal_places=2,
        max_digits=4,
        help_text=_("Fx 1,5 for halvanden time. Mindst et kvarter (0,25), højst 24."),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    description = forms.CharField(
        label=_("Hvad lavede du?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort, fx 'Forberedte lektiecaféen og købte frugt'."),
    )

    def __init__(self, *args, volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = reportable_roles(volunteer).order_by("title")
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("Du kan ikke skrive timer for en dag, der ikke er kommet.")
            )
        return day

    def full_clean(self):
        # Accept the Danish decimal comma too ("1,5"): the browser's number field sends a
        # point, but a person typing into a plain text field may write a comma.
        if self.is_bound and isinstance(self.data.get("hours"), str):
            data = self.data.copy()
            data["hours"] = data["hours"].replace(",", ".").strip()
            self.data = data
        super().full_clean()


class RejectHoursForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sendes til den frivillige. Skriv venligt og konkret."),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, jeg vil stoppe som frivillig, og mine oplysninger skal slettes"),
        error_messages={
            "required": _("Sæt flueben, hvis du vil stoppe og have slettet dine oplysninger.")
        },
    )
    delete_account = forms.BooleanField(
        required=False,
        label=_("Slet også min konto"),
        help_text=_(
            "Uden flueben kan du stadig logge ind og fx følge dine borgerinitiativer. "
            "Med flueben bliver du logget ud, og kontoen slettes."
        ),
    )

    def __init__(self, *args, allow_account_deletion: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_account_deletion:
            del self.fields["delete_account"]


# --- Back office filters ------------------------------------------------------------------------


class HoursQueueFilter(forms.Form):
    """The hours queue's filters (GET). An invalid filter is shown and left out."""

    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Alle"))] + list(HoursStatus.choices),
    )
    rolle = role_filter_field()
    filial = branch_filter_field()
    fra = forms.DateField(required=False, label=_("Fra dato"), widget=DATE_WIDGET)
    til = forms.DateField(required=False, label=_("Til dato"), widget=DATE_WIDGET)
    mine = forms.BooleanField(required=False, label=_("Kun timer, jeg kan godkende"))

    KEYS = ("status", "rolle", "filial", "fra", "til", "mine")

    def __init__(self, data=None, **kwargs):
        if data is not None and "status" not in data:
            # The queue opens on what waits for a decision.
            data = data.copy()
            data["status"] = HoursStatus.PENDING
        super().__init__(data, **kwargs)
        self.fields["rolle"].queryset = VolunteerRole.objects.order_by("title")
        self.fields["filial"].queryset = Branch.objects.order_by("kind", "name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fra") and cleaned.get("til") and cleaned["til"] < cleaned["fra"]:
            self.add_error("til", _("Til-datoen skal ligge efter fra-datoen."))
        return cleaned

    def valid(self) -> dict:
        self.is_valid()
        return {key: self.cleaned_data.get(key) for key in self.KEYS if key in self.cleaned_data}


PERIOD_CHOICES = [
    ("month", _("Måned")),
    ("quarter", _("Kvartal")),
    ("year", _("År")),
]


class HoursTotalsFilter(forms.Form):
    """The totals report: a date range, how to group time, and optional narrowing."""

    fra = forms.DateField(required=False, label=_("Fra dato"), widget=DATE_WIDGET)
    til = forms.DateField(required=False, label=_("Til dato"), widget=DATE_WIDGET)
    periode = forms.ChoiceField(
        required=False, label=_("Opdel tiden i"), choices=PERIOD_CHOICES, initial="month"
    )
    filial = branch_filter_field()
    rolle = role_filter_field()
    indsats = forms.ModelChoiceField(
        queryset=FocusArea.objects.none(),
        required=False,
        label=_("Indsatsområde"),
        empty_label=_("Alle indsatsområder"),
    )

    KEYS = ("fra", "til", "periode", "filial", "rolle", "indsats")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filial"].queryset = Branch.objects.order_by("kind", "name")
        self.fields["rolle"].queryset = VolunteerRole.objects.order_by("title")
        self.fields["indsats"].queryset = FocusArea.objects.order_by("order", "name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fra") and cleaned.get("til") and cleaned["til"] < cleaned["fra"]:
            self.add_error("til", _("Til-datoen skal ligge efter fra-datoen."))
        return cleaned

    def valid(self) -> dict:
        """The filters that validated. Without a date range: this calendar year so far."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        today = timezone.localdate()
        date_from = data.get("fra")
        date_to = data.get("til")
        if not date_from and not date_to and "fra" not in self.errors and "til" not in self.errors:
            date_from, date_to = datetime.date(today.year, 1, 1), today
        return {
            "date_from": date_from,
            "date_to": date_to,
            "period": data.get("periode") or "month",
            "branch": data.get("filial"),
            "role": data.get("rolle"),
            "focus_area": data.get("indsats"),
        }
