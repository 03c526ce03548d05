"""Forms for agreements, talks, børneattest and onboarding (views/agreements.py and friends)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from organisation.forms import StaffChoiceField, staff_users

from .models import CertificateStatus, TalkKind
from .services.agreements import names_match

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TALK_NOTES_MAX = 2000


class VolunteerAcceptForm(forms.Form):
    """The volunteer accepts by typing their full name and ticking the box."""

    full_name = forms.CharField(
        label=_("Dit fulde navn"),
        max_length=150,
        help_text=_("Skriv dit navn, som det står på din profil. Det svarer til din underskrift."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirm = forms.BooleanField(
        label=_("Jeg har læst forventningsafstemningen og godkender den"),
        error_messages={"required": _("Sæt kryds for at godkende aftalen.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_full_name(self):
        typed = self.cleaned_data["full_name"]
        if not self.user.name:
            raise forms.ValidationError(
                _("Tilføj dit fulde navn på din profil, før du godkender aftalen.")
            )
        if not names_match(typed, self.user.name):
            raise forms.ValidationError(
                _("Navnet passer ikke med navnet på din profil (%(name)s). Skriv det fulde navn."),
                params={"name": self.user.name},
            )
        return typed


class FollowUpForm(forms.Form):
    follow_up_on = forms.DateField(
        label=_("Opfølgning senest"),
        widget=DATE_WIDGET,
        help_text=_(
            "Datoen for den første opfølgningssamtale. Kan ændres, indtil aftalen er godkendt."
        ),
    )

    def clean_follow_up_on(self):
        day = self.cleaned_data["follow_up_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke ligge i fortiden."))
        return day


class CertificateStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status for børneattesten"),
        choices=CertificateStatus.choices,
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(
        label=_("Fundet i orden den"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "Den dato, svaret fra Kriminalregistret blev gennemgået. "
            "Udfyldes, når status er “I orden”."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        checked_on = cleaned.get("checked_on")
        if cleaned.get("status") == CertificateStatus.IN_ORDER and not checked_on:
            self.add_error("checked_on", _("Skriv datoen, hvor attesten blev fundet i orden."))
        if checked_on and checked_on > timezone.localdate():
            self.add_error("checked_on", _("Datoen kan ikke ligge i fremtiden."))
        return cleaned


class StaffField(StaffChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.none(), **kwargs)


class TalkScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Slags samtale"), choices=TalkKind.choices, widget=forms.RadioSelect
    )
    scheduled_for = forms.DateField(label=_("Holdes senest"), widget=DATE_WIDGET)
    staff = StaffField(label=_("Medarbejder"), required=False, empty_label=_("Ikke valgt endnu"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_users()

    def clean_scheduled_for(self):
        day = self.cleaned_data["scheduled_for"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke ligge i fortiden."))
        return day


class TalkRescheduleForm(TalkScheduleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class TalkRecordForm(forms.Form):
    held_on = forms.DateField(label=_("Holdt den"), widget=DATE_WIDGET)
    notes = forms.CharField(
        label=_("Kort referat"),
        max_length=TALK_NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Et par linjer om, hvad I aftalte. Den frivillige kan få indsigt i referatet, så skriv "
            "sagligt, og skriv aldrig helbredsoplysninger eller andre følsomme oplysninger."
        ),
    )

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke ligge i fremtiden."))
        return day


class MentorForm(forms.Form):
    mentor = StaffField(
        label=_("Kontaktperson/mentor"),
        required=False,
        empty_label=_("Ingen – opgavens kontaktperson"),
        help_text=_(
            "Den medarbejder, den frivillige kan gå til. Uden navn er det opgavens kontaktperson."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = staff_users()
