"""Forms for the shift pages: staff create and change shifts and weekly series, cancel, write to
the volunteers, mark attendance, and filter the list. The rules themselves live in
volunteers/services/shifts.py; a form checks what a person typed and gives the error a field."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityStatus
from organisation.forms import branch_filter_field
from organisation.models import Branch

from .forms import role_filter_field
from .models import ShiftSeries, SignupStatus, VolunteerRole
from .services.shifts import MAX_SERIES_DAYS, shift_times

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

WEEKDAYS = [
    (0, _("mandag")),
    (1, _("tirsdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
    (5, _("lørdag")),
    (6, _("søndag")),
]

END_TIME_HINT = _(
    "Ligger sluttidspunktet før starttidspunktet, slutter vagten dagen efter "
    "(fx 22.00–02.00 går over midnat)."
)
CAPACITY_HINT = _("Så mange frivillige kan tilmelde sig. Er vagten fuld, kommer de på venteliste.")


def _time_fields():
    return {
        "start_time": forms.TimeField(label=_("Fra klokken"), widget=TIME_WIDGET),
        "end_time": forms.TimeField(
            label=_("Til klokken"), widget=TIME_WIDGET, help_text=END_TIME_HINT
        ),
    }


class _ShiftFields(forms.Form):
    """Fields shared by a single shift and a series."""

    place = forms.CharField(
        label=_("Sted"),
        max_length=200,
        required=False,
        help_text=_("Fx 'Børnebiblioteket, 1. sal'. Filialen kommer fra opgavebeskrivelsen."),
    )
    capacity = forms.IntegerField(
        label=_("Antal frivillige"), min_value=1, max_value=500, help_text=CAPACITY_HINT
    )
    notes = forms.CharField(
        label=_("Noter til de frivillige"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Står på vagten, i mailene og i kalenderen."),
    )

    def _check_times(self, cleaned):
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and start == end:
            self.add_error(
                "end_time", _("Vagten skal slutte på et andet klokkeslæt, end den starter.")
            )


def _role_field(roles):
    return forms.ModelChoiceField(
        queryset=roles,
        label=_("Opgave"),
        empty_label=_("Vælg opgave"),
        help_text=_("Kun frivillige, der er godkendt til opgaven, kan tage vagten."),
    )


class ShiftForm(_ShiftFields):
    """One shift. Editing leaves out the role: the sign-ups were made for it."""

    field_order = [
        "role",
        "activity",
        "date",
        "start_time",
        "end_time",
        "place",
        "capacity",
        "notes",
    ]

    def __init__(self, *args, roles=None, shift=None, **kwargs):
        self.shift = shift
        if shift is not None:
            start = timezone.localtime(shift.starts_at)
            kwargs.setdefault(
                "initial",
                {
                    "activity": shift.activity_id,
                    "date": start.date(),
                    "start_time": start.time(),
                    "end_time": timezone.localtime(shift.ends_at).time(),
                    "place": shift.place,
                    "capacity": shift.capacity,
                    "notes": shift.notes,
                },
            )
        super().__init__(*args, **kwargs)
        if shift is None:
            self.fields["role"] = _role_field(roles)
        self.fields["activity"] = forms.ModelChoiceField(
            queryset=Activity.objects.filter(
                status=ActivityStatus.PLANNED, ends_at__gte=timezone.now()
            ).order_by("starts_at", "pk"),
            label=_("Aktivitet"),
            required=False,
            empty_label=_("Ingen"),
            help_text=_("Hvis vagten hører til et bestemt arrangement."),
        )
        self.fields["date"] = forms.DateField(label=_("Dato"), widget=DATE_WIDGET)
        self.fields.update(_time_fields())
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        self._check_times(cleaned)
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end and not self.has_error("end_time"):
            starts_at, ends_at = shift_times(day, start, end)
            if starts_at <= timezone.now():
                self.add_error("date", _("Vagten skal ligge i fremtiden."))
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        capacity = cleaned.get("capacity")
        if self.shift is not None and capacity:
            confirmed = self.shift.signups.filter(status=SignupStatus.CONFIRMED).count()
            if capacity < confirmed:
                self.add_error(
                    "capacity",
                    _(
                        "Der er %(count)s tilmeldte, så der skal være mindst %(count)s pladser. "
                        "Afmeld nogen først, eller aflys vagten."
                    )
                    % {"count": confirmed},
                )
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "capacity": data["capacity"],
            "notes": data["notes"],
            "activity": data["activity"],
        }
        if self.shift is None:
            values["role"] = data["role"]
        return values


class SeriesForm(_ShiftFields):
    """A weekly series: one shift on the same weekday and time from the first to the last date."""

    field_order = [
        "role",
        "weekday",
        "start_time",
        "end_time",
        "starts_on",
        "ends_on",
        "place",
        "capacity",
        "notes",
    ]

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(roles)
        self.fields["weekday"] = forms.TypedChoiceField(
            label=_("Ugedag"), choices=[("", _("Vælg ugedag")), *WEEKDAYS], coerce=int
        )
        self.fields.update(_time_fields())
        self.fields["starts_on"] = forms.DateField(label=_("Første dato"), widget=DATE_WIDGET)
        self.fields["ends_on"] = forms.DateField(
            label=_("Sidste dato"),
            widget=DATE_WIDGET,
            help_text=_("Højst et år efter den første dato."),
        )
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        self._check_times(cleaned)
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and starts_on < timezone.localdate():
            self.add_error("starts_on", _("Den første dato kan ikke ligge i fortiden."))
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", _("Den sidste dato skal ligge efter den første."))
            elif (ends_on - starts_on).days > MAX_SERIES_DAYS:
                self.add_error("ends_on", _("En serie kan højst strække sig over et år."))
        return cleaned


class SeriesEditForm(_ShiftFields):
    """Changes every coming shift of a series. Weekday and first date stay (make a new series
    for another weekday)."""

    field_order = ["start_time", "end_time", "ends_on", "place", "capacity", "notes"]

    def __init__(self, *args, series: ShiftSeries, **kwargs):
        self.series = series
        kwargs.setdefault(
            "initial",
            {
                "start_time": series.start_time,
                "end_time": series.end_time,
                "ends_on": series.ends_on,
                "place": series.place,
                "capacity": series.capacity,
                "notes": series.notes,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields.update(_time_fields())
        self.fields["ends_on"] = forms.DateField(
            label=_("Sidste dato"),
            widget=DATE_WIDGET,
            help_text=_(
                "En senere dato tilføjer vagter; en tidligere aflyser vagterne efter den, "
                "og de tilmeldte får besked."
            ),
        )
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        self._check_times(cleaned)
        ends_on = cleaned.get("ends_on")
        if ends_on and ends_on != self.series.ends_on:
            if ends_on < max(self.series.starts_on, timezone.localdate()):
                self.add_error(
                    "ends_on",
                    _("Den sidste dato kan ikke ligge i fortiden. Aflys serien i stedet."),
                )
            elif (ends_on - self.series.starts_on).days > MAX_SERIES_DAYS:
                self.add_error("ends_on", _("En serie kan højst strække sig over et år."))
        return cleaned

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.field_order}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor aflyses vagten?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Står i mailen til de frivillige, der er tilmeldt eller på venteliste."),
        error_messages={"required": _("Skriv hvorfor vagten aflyses.")},
    )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Emne"), max_length=150)
    body = forms.CharField(
        label=_("Besked"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_(
            "Sendes som e-mail til hver frivillig, der er tilmeldt eller har fået en plads "
            "tilbudt. Svar går til din e-mail."
        ),
    )


ATTENDED_CHOICES = [("ja", _("Mødte")), ("nej", _("Mødte ikke"))]


class AttendanceForm(forms.Form):
    """One yes/no per confirmed sign-up. Left unanswered: nothing is recorded for that person."""

    def __init__(self, *args, signups, **kwargs):
        super().__init__(*args, **kwargs)
        self.signups = list(signups)
        for signup in self.signups:
            initial = {True: "ja", False: "nej"}.get(signup.attended, "")
            self.fields[f"signup_{signup.pk}"] = forms.ChoiceField(
                label=signup.volunteer.user.get_full_name(),
                choices=ATTENDED_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=initial,
            )

    def marks(self) -> dict:
        marks = {}
        for signup in self.signups:
            value = self.cleaned_data.get(f"signup_{signup.pk}")
            marks[signup.pk] = {"ja": True, "nej": False}.get(value)
        return marks


PERIODS = [
    ("kommende", _("Kommende")),
    ("tidligere", _("Tidligere")),
    ("alle", _("Alle")),
]


class ShiftFilterForm(forms.Form):
    """The staff list's filters (GET). An invalid filter is left out; the others still apply."""

    rolle = role_filter_field()
    filial = branch_filter_field()
    periode = forms.ChoiceField(choices=PERIODS, required=False, label=_("Periode"))
    mangler = forms.BooleanField(required=False, label=_("Kun vagter, der mangler frivillige"))

    KEYS = ("rolle", "filial", "periode", "mangler")

    def __init__(self, *args, with_period=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rolle"].queryset = VolunteerRole.objects.order_by("title")
        self.fields["filial"].queryset = Branch.objects.filter(is_active=True)
        if not with_period:
            del self.fields["periode"]

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "role": data.get("rolle"),
            "branch": data.get("filial"),
            "period": data.get("periode") or "kommende",
            "understaffed": bool(data.get("mangler")),
        }


def week_start(value: str | None) -> datetime.date:
    """The Monday of the week holding the date in ``value`` (YYYY-MM-DD), or of this week."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        day = timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())
