"""Input validation for the volunteer model, roles, applications and screening pages.

The rules live in volunteers/services/: these forms check the shape of the input, show the
errors where a person sees them, and hand the values over.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import Resolver404, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from activities.models import Activity
from organisation.forms import StaffChoiceField, branch_filter_field, staff_users
from organisation.models import Branch, FocusArea, TargetGroup, Team

from .access import can_place_role
from .models import (
    ApplicationStatus,
    RoleStatus,
    VolunteerModel,
    VolunteerRole,
)
from .services import VolunteerError
from .services.applications import EARLIEST_BIRTH_YEAR, check_birth_year
from .services.roles import slug_for

CONSENT_CHANGED_MESSAGE = _(
    "Teksten om samtykke er blevet ændret, mens du udfyldte formularen. Læs den nye tekst, "
    "og sæt kryds igen."
)


# --- The volunteer model ------------------------------------------------------------------------


class VolunteerModelForm(forms.ModelForm):
    """A new version of the model, prefilled from the current one."""

    class Meta:
        model = VolunteerModel
        fields = [
            "introduction",
            "value_contexts",
            "supplement_principle",
            "library_offers",
            "library_expects",
            "insurance_basis",
            "insurance_details",
            "med_agreed_on",
        ]
        labels = {
            "introduction": _("Indledning"),
            "value_contexts": _("Hvor frivillige tilfører værdi"),
            "supplement_principle": _("Frivillige supplerer – de erstatter ikke ansatte"),
            "library_offers": _("Det tilbyder biblioteket de frivillige"),
            "library_expects": _("Det forventer biblioteket af de frivillige"),
            "insurance_basis": _("Forsikring"),
            "insurance_details": _("Om forsikringen"),
            "med_agreed_on": _("Dato for godkendelse i MED-udvalget"),
        }
        help_texts = {
            "library_expects": _(
                "Fx at man kommer til de aftalte vagter og melder afbud i god tid."
            ),
            "insurance_details": _(
                "Skal udfyldes, hvis de frivillige ikke er dækket af kommunens forsikring."
            ),
            "med_agreed_on": _(
                "Lad feltet stå tomt, hvis MED-udvalget ikke har behandlet den endnu."
            ),
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "value_contexts": forms.Textarea(attrs={"rows": 6}),
            "supplement_principle": forms.Textarea(attrs={"rows": 4}),
            "library_offers": forms.Textarea(attrs={"rows": 6}),
            "library_expects": forms.Textarea(attrs={"rows": 6}),
            "insurance_basis": forms.RadioSelect,
            "insurance_details": forms.Textarea(attrs={"rows": 3}),
            "med_agreed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("insurance_basis") == "other"
            and not (cleaned.get("insurance_details") or "").strip()
        ):
            self.add_error(
                "insurance_details",
                _("Beskriv forsikringen, når det ikke er kommunens forsikring."),
            )
        agreed = cleaned.get("med_agreed_on")
        if agreed and agreed > timezone.localdate():
            self.add_error("med_agreed_on", _("Datoen kan ikke ligge i fremtiden."))
        return cleaned


# --- Roles: the public list's filters -----------------------------------------------------------

CHILDREN_CHOICES = [
    ("", _("Alle roller")),
    ("ja", _("Kun roller med børn")),
    ("nej", _("Kun roller uden børn")),
]


class RoleFilterForm(forms.Form):
    """The public role list's filters (GET). An invalid filter is shown with its error and left
    out; the others still apply."""

    q = forms.CharField(label=_("Søg"), required=False, max_length=100)
    filial = forms.ModelChoiceField(
        queryset=Branch.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Bibliotek"),
        empty_label=_("Alle biblioteker"),
    )
    maalgruppe = forms.ModelChoiceField(
        queryset=TargetGroup.objects.all(),
        to_field_name="kind",
        required=False,
        label=_("Du møder"),
        empty_label=_("Alle målgrupper"),
    )
    indsats = forms.ModelChoiceField(
        queryset=FocusArea.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Indsatsområde"),
        empty_label=_("Alle indsatsområder"),
    )
    boern = forms.ChoiceField(
        choices=CHILDREN_CHOICES, required=False, label=_("Kontakt med børn under 15 år")
    )

    KEYS = ("q", "filial", "maalgruppe", "indsats", "boern")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filial"].queryset = Branch.objects.filter(is_active=True)
        self.fields["indsats"].queryset = FocusArea.objects.filter(is_active=True)

    def filter(self, roles):
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            text = data["q"].strip()
            roles = roles.filter(
                Q(title__icontains=text)
                | Q(purpose__icontains=text)
                | Q(tasks__icontains=text)
                | Q(skills_wanted__icontains=text)
            )
        if data.get("filial"):
            roles = roles.filter(branch=data["filial"])
        if data.get("maalgruppe"):
            roles = roles.filter(target_groups=data["maalgruppe"])
        if data.get("indsats"):
            roles = roles.filter(focus_areas=data["indsats"])
        if data.get("boern") == "ja":
            roles = roles.filter(involves_children=True)
        elif data.get("boern") == "nej":
            roles = roles.filter(involves_children=False)
        return roles.distinct()

    @property
    def filtered(self) -> bool:
        return any(self.data.get(key) for key in self.KEYS)


# --- Applying -----------------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Hvorfor vil du være frivillig her?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Skriv med dine egne ord. Et par linjer er nok."),
    )
    experience = forms.CharField(
        label=_("Erfaring, der kan bruges i rollen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text=_("Fra arbejde, uddannelse, foreninger eller livet i øvrigt."),
    )
    availability = forms.CharField(
        label=_("Hvornår kan du?"),
        max_length=300,
        help_text=_("Fx 'tirsdage efter kl. 16' eller 'et par weekender om måneden'."),
    )
    languages = forms.CharField(
        label=_("Sprog, du taler"),
        max_length=200,
        required=False,
        help_text=_("Fx 'dansk, engelsk og arabisk'."),
    )
    phone = forms.CharField(
        label=_("Telefonnummer"),
        max_length=30,
        required=False,
        help_text=_("Så din kontaktperson kan ringe til dig."),
    )
    birth_year = forms.IntegerField(
        label=_("Fødselsår"),
        min_value=EARLIEST_BIRTH_YEAR,
        help_text=_("Vi bruger det kun til at se, om du har alderen til rollen."),
        error_messages={"required": _("Skriv dit fødselsår.")},
    )
    consent = forms.BooleanField(
        label=_("Ja, jeg giver mit samtykke"),
        error_messages={
            "required": _(
                "Sæt kryds for at give dit samtykke. Uden det må vi ikke gemme din ansøgning."
            )
        },
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)

    QUESTION_PREFIX = "question_"

    def __init__(self, data=None, *, role: VolunteerRole, consent_text, questions, **kwargs):
        self.role = role
        self.consent_text = consent_text
        self.consent_text_changed = False
        if data is not None:
            data = data.copy()
            if data.get("consent_version") != str(consent_text.version):
                # The text changed while the form was open: consent is to the text one has
                # read, so the box is shown unticked under the new text.
                self.consent_text_changed = data.get("consent_version") is not None
                data.pop("consent", None)
                data["consent_version"] = str(consent_text.version)
        kwargs.setdefault("initial", {})
        kwargs["initial"]["consent_version"] = consent_text.version
        super().__init__(data, **kwargs)
        self.fields["birth_year"].max_value = timezone.localdate().year
        self.fields["birth_year"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "bday-year"}
        )
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.fields["consent"].help_text = consent_text.text
        if self.consent_text_changed:
            self.fields["consent"].error_messages["required"] = CONSENT_CHANGED_MESSAGE
        self.questions = list(questions)
        # The role's own questions, after the standard ones and before consent.
        ordered = {}
        for name, field in self.fields.items():
            if name == "consent":
                for question in self.questions:
                    ordered[f"{self.QUESTION_PREFIX}{question.pk}"] = forms.CharField(
                        label=question.text,
                        required=question.required,
                        max_length=2000,
                        widget=forms.Textarea(attrs={"rows": 3}),
                        error_messages={"required": _("Svar på spørgsmålet.")},
                    )
            ordered[name] = field
        self.fields = ordered

    def clean_birth_year(self):
        birth_year = self.cleaned_data["birth_year"]
        try:
            check_birth_year(birth_year, self.role)
        except VolunteerError as exc:
            raise ValidationError(str(exc), code="too_young") from exc
        return birth_year

    def answers(self) -> dict:
        return {
            question.pk: self.cleaned_data.get(f"{self.QUESTION_PREFIX}{question.pk}", "")
            for question in self.questions
        }

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "motivation": data["motivation"],
            "experience": data["experience"],
            "availability": data["availability"],
            "languages": data["languages"],
            "phone": data["phone"],
            "birth_year": data["birth_year"],
            "answers": self.answers(),
            "consent_text": self.consent_text,
        }


# --- Roles: the back office ---------------------------------------------------------------------


def _resolves_to_role_page(slug: str) -> bool:
    """Would /frivillig/<slug>/ show the role, or does another page own that address?"""
    try:
        path = reverse("volunteers:role_detail", args=[slug])
        return resolve(path).url_name == "role_detail"
    except (NoReverseMatch, Resolver404):
        return False


class RoleForm(forms.ModelForm):
    contact_person = StaffChoiceField(queryset=User.objects.none(), label=_("Kontaktperson"))

    class Meta:
        model = VolunteerRole
        fields = [
            "title",
            "slug",
            "purpose",
            "tasks",
            "time_commitment",
            "skills_wanted",
            "library_offers",
            "contact_person",
            "branch",
            "team",
            "target_groups",
            "focus_areas",
            "involves_children",
            "minimum_age",
            "activity",
        ]
        labels = {
            "title": _("Titel"),
            "slug": _("Kort navn i adressen"),
            "purpose": _("Formål"),
            "tasks": _("Opgaver"),
            "time_commitment": _("Tidsforbrug"),
            "skills_wanted": _("Det er godt, hvis du …"),
            "library_offers": _("Det får du"),
            "branch": _("Bibliotek"),
            "team": _("Hold"),
            "target_groups": _("Målgrupper, den frivillige møder"),
            "focus_areas": _("Indsatsområder"),
            "involves_children": _("Rollen har fast kontakt med børn under 15 år"),
            "minimum_age": _("Mindstealder"),
            "activity": _("Knyttet til aktivitet"),
        }
        help_texts = {
            "purpose": _("Hvorfor findes rollen, og hvad gør den godt for borgerne?"),
            "library_offers": _(
                "Det særlige ved denne rolle, fx oplæring. Det, alle frivillige får, står i "
                "frivillighedsmodellen."
            ),
            "involves_children": _(
                "Så skal der indhentes børneattest, før den frivillige får vagter med børn."
            ),
            "minimum_age": _("Ansøgeren skal fylde mindst så mange år i år."),
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "tasks": forms.Textarea(attrs={"rows": 5}),
            "skills_wanted": forms.Textarea(attrs={"rows": 3}),
            "library_offers": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = self.instance if self.instance.pk else None
        self.fields["contact_person"].queryset = staff_users()
        self.fields["branch"].queryset = Branch.objects.filter(
            Q(is_active=True) | Q(pk=current.branch_id if current else None)
        )
        self.fields["branch"].empty_label = _("Vælg bibliotek")
        self.fields["team"].queryset = Team.objects.filter(
            Q(is_active=True) | Q(pk=current.team_id if current else None)
        )
        self.fields["team"].empty_label = _("Intet hold")
        chosen = current.focus_areas.all() if current else FocusArea.objects.none()
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(
            Q(is_active=True) | Q(pk__in=chosen.values("pk"))
        )
        self.fields["target_groups"].queryset = TargetGroup.objects.order_by("order")
        self.fields["activity"].queryset = Activity.objects.filter(
            Q(ends_at__gte=timezone.now() - datetime.timedelta(days=30))
            | Q(pk=current.activity_id if current else None)
        ).order_by("starts_at")
        self.fields["activity"].empty_label = _("Ingen")
        self.fields["activity"].required = False
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Udfyldes automatisk ud fra titlen, hvis du lader det stå tomt."
        )
        self.fields["minimum_age"].min_value = 0
        self.fields["minimum_age"].max_value = 100
        self.fields["minimum_age"].widget.attrs.update({"min": 0, "max": 100})

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slug_for(self.cleaned_data.get("title", ""))[:80]
        if not slug:
            return ""
        clash = VolunteerRole.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Der findes allerede en rolle med det korte navn."))
        if not _resolves_to_role_page(slug):
            raise ValidationError(
                _("Det korte navn bruges af en anden side på portalen. Vælg et andet.")
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        branch, team = cleaned.get("branch"), cleaned.get("team")
        if branch and not can_place_role(self.user, branch, team):
            self.add_error(
                "branch",
                _(
                    "Du kan kun oprette og flytte roller på det bibliotek, du er tovholder for, "
                    "eller på det hold, du er koordinator for."
                ),
            )
        return cleaned

    def service_arguments(self, *, changed_only: bool = False) -> dict:
        names = [n for n in self.Meta.fields if not changed_only or n in self.changed_data]
        data = {name: self.cleaned_data[name] for name in names}
        for name in ("target_groups", "focus_areas"):
            if name in data:
                data[name] = list(data[name] or [])
        return data


class QuestionForm(forms.Form):
    """One of the role's own questions to applicants. An empty row is skipped."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Spørgsmål"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Skal besvares"), required=False)


class OnboardingItemForm(forms.Form):
    """One step of the role's onboarding checklist. An empty row is skipped."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Punkt"), max_length=200, required=False)


class _RowsFormSet(forms.BaseFormSet):
    delete_label = _("Fjern")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label

    def rows(self) -> list[dict]:
        """The kept, non-empty rows in order, for the roles service."""
        rows = []
        for data in self.cleaned_data:
            if data and not data.get("DELETE") and (data.get("text") or "").strip():
                rows.append({key: value for key, value in data.items() if key != "DELETE"})
        return rows


class _QuestionFormSet(_RowsFormSet):
    delete_label = _("Fjern spørgsmålet")


class _OnboardingFormSet(_RowsFormSet):
    delete_label = _("Fjern punktet")


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=_QuestionFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=20,
    validate_max=True,
)
OnboardingFormSet = forms.formset_factory(
    OnboardingItemForm,
    formset=_OnboardingFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=30,
    validate_max=True,
)


def question_initial(role: VolunteerRole) -> list[dict]:
    return [{"id": q.pk, "text": q.text, "required": q.required} for q in role.questions.all()]


def onboarding_initial(role: VolunteerRole) -> list[dict]:
    return [{"id": item.pk, "text": item.text} for item in role.onboarding.all()]


class RoleStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=RoleStatus.choices)


class StaffRoleFilterForm(forms.Form):
    q = forms.CharField(label=_("Søg"), required=False, max_length=100)
    branch = branch_filter_field()
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label=_("Hold"), empty_label=_("Alle hold")
    )
    status = forms.ChoiceField(
        choices=[("", _("Alle"))] + list(RoleStatus.choices), required=False, label=_("Status")
    )

    KEYS = ("q", "branch", "team", "status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.order_by("kind", "name")
        self.fields["team"].queryset = Team.objects.order_by("name")

    def filter(self, roles):
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            text = data["q"].strip()
            roles = roles.filter(Q(title__icontains=text) | Q(purpose__icontains=text))
        if data.get("branch"):
            roles = roles.filter(branch=data["branch"])
        if data.get("team"):
            roles = roles.filter(team=data["team"])
        if data.get("status"):
            roles = roles.filter(status=data["status"])
        return roles

    @property
    def filtered(self) -> bool:
        return any(self.data.get(key) for key in self.KEYS)


# --- Screening ----------------------------------------------------------------------------------

AGE_CHOICES = [
    ("", _("Alle")),
    ("7", _("Modtaget de sidste 7 dage")),
    ("30", _("Modtaget de sidste 30 dage")),
    ("older30", _("Ældre end 30 dage")),
    ("older90", _("Ældre end 90 dage")),
]
OPEN_STATUSES = "open"


class ScreeningFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (OPEN_STATUSES, _("Venter på svar (modtaget eller i bero)")),
            ("", _("Alle")),
            *ApplicationStatus.choices,
        ],
        required=False,
        label=_("Status"),
    )
    role = forms.ModelChoiceField(
        queryset=VolunteerRole.objects.none(),
        required=False,
        label=_("Rolle"),
        empty_label=_("Alle roller"),
    )
    branch = branch_filter_field()
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label=_("Hold"), empty_label=_("Alle hold")
    )
    age = forms.ChoiceField(choices=AGE_CHOICES, required=False, label=_("Modtaget"))

    KEYS = ("status", "role", "branch", "team", "age")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = VolunteerRole.objects.order_by("title")
        self.fields["branch"].queryset = Branch.objects.order_by("kind", "name")
        self.fields["team"].queryset = Team.objects.order_by("name")

    def filter(self, applications):
        self.is_valid()
        data = self.cleaned_data
        # No status given (first visit): the applications waiting for an answer.
        status = data.get("status") if "status" in self.data else OPEN_STATUSES
        if status == OPEN_STATUSES:
            applications = applications.filter(
                status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ON_HOLD]
            )
        elif status:
            applications = applications.filter(status=status)
        if data.get("role"):
            applications = applications.filter(role=data["role"])
        if data.get("branch"):
            applications = applications.filter(role__branch=data["branch"])
        if data.get("team"):
            applications = applications.filter(role__team=data["team"])
        age = data.get("age")
        now = timezone.now()
        if age in {"7", "30"}:
            applications = applications.filter(
                created_at__gte=now - datetime.timedelta(days=int(age))
            )
        elif age in {"older30", "older90"}:
            days = int(age.removeprefix("older"))
            applications = applications.filter(created_at__lt=now - datetime.timedelta(days=days))
        return applications

    @property
    def filtered(self) -> bool:
        return any(self.data.get(key) for key in self.KEYS if key != "status") or (
            "status" in self.data and self.data.get("status") != OPEN_STATUSES
        )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note fra samtalen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Kun personalet kan se noterne. Ansøgeren ser dem aldrig."),
        error_messages={"required": _("Skriv noten.")},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Ansøgeren får begrundelsen at se på e-mail. Skriv venligt og konkret."),
        error_messages={"required": _("Skriv en begrundelse. Ansøgeren får den at se.")},
    )


class HoldForm(forms.Form):
    message = forms.CharField(
        label=_("Besked til ansøgeren"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Fx 'Vi har ingen ledige pladser lige nu, men vender tilbage i august.'"),
    )


def role_filter_field(**kwargs) -> forms.ModelChoiceField:
    """The "Opgave" filter of a volunteers list (GET); the view sets the queryset."""
    kwargs = {
        "queryset": VolunteerRole.objects.none(),
        "required": False,
        "label": _("Opgave"),
        "empty_label": _("Alle opgaver"),
        **kwargs,
    }
    return forms.ModelChoiceField(**kwargs)
