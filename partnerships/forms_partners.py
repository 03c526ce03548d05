"""Input for the partner registry, the public "Bliv samarbejdspartner" form, enquiry answers and
links to initiatives and activities. The rules live in services/partners.py: these forms check
the shape of the input and show the errors where a person sees them."""

import re

from django import forms
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from organisation.forms import branch_filter_field
from organisation.models import Branch
from portal.spam import PublicForm

from .models import Partner, PartnerContact, PartnerKind, validate_cvr
from .services.partners import CONTACT_FIELDS, ENQUIRY_FIELDS, PARTNER_FIELDS


def _active_branches():
    return Branch.objects.filter(is_active=True).order_by("kind", "name")


def clean_cvr_value(value: str) -> str:
    """'12 34 56 74' is read as 12345674; an empty field is fine."""
    digits = re.sub(r"[\s-]", "", value or "")
    if digits:
        validate_cvr(digits)
    return digits


CVR_HELP = _("8 cifre. Find det på virk.dk. Lad feltet stå tomt, hvis I ikke har et.")


def _cvr_field(**kwargs) -> forms.CharField:
    # Longer than 8 so "12 34 56 74" reaches clean_cvr_value, which says what is wrong with it.
    return forms.CharField(
        label=_("CVR-nummer"), max_length=20, required=False, help_text=CVR_HELP, **kwargs
    )


# --- Staff: the registry ------------------------------------------------------------------------


def _website_field(label) -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Fx https://www.forening.dk"),
    )


class PartnerForm(forms.ModelForm):
    cvr = _cvr_field()
    website = _website_field(_("Hjemmeside"))
    branches = forms.ModelMultipleChoiceField(
        label=_("Filialer, partneren arbejder sammen med"),
        queryset=Branch.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "cvr",
            "address",
            "postcode",
            "city",
            "website",
            "description",
            "branches",
            "is_public",
            "notes",
            "slug",
        ]
        labels = {"name": _("Navn"), "kind": _("Type")}
        help_texts = {
            "notes": _("Kun for personalet. Vises aldrig offentligt."),
            "slug": _(
                "Bruges i adressen på den offentlige side. Lad feltet stå tomt, så laves det "
                "af navnet."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.Select,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branches"].queryset = _active_branches()
        self.fields["slug"].required = False

    def clean_cvr(self):
        return clean_cvr_value(self.cleaned_data.get("cvr"))

    def clean_slug(self):
        slug = (self.cleaned_data.get("slug") or "").strip()
        if slug and slug != slugify(slug):
            raise forms.ValidationError(
                _("Brug kun små bogstaver (a-z), tal og bindestreg, fx 'taarnby-laeseforening'.")
            )
        return slug

    def validate_unique(self):
        # The service makes the short name unique (and says so when a typed one is taken).
        pass

    def service_arguments(self) -> dict:
        cleaned = self.cleaned_data
        arguments = {name: cleaned[name] for name in PARTNER_FIELDS if name in cleaned}
        arguments["branches"] = list(cleaned["branches"])
        return arguments


class ContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = list(CONTACT_FIELDS)
        labels = {"name": _("Navn"), "email": _("E-mail"), "phone": _("Telefon")}
        help_texts = {
            "role": _("Fx formand, skoleleder eller projektleder."),
            "may_sign": _(
                "Sæt kun kryds, hvis personen har ret til at skrive under på en "
                "samarbejdsaftale for organisationen."
            ),
            "is_primary": _("Den, vi skriver til først. Der er én primær kontaktperson."),
        }

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


YES_NO = [("", _("Alle")), ("ja", _("Ja")), ("nej", _("Nej"))]
ACTIVE_CHOICES = [("", _("Aktive")), ("arkiv", _("Arkiverede")), ("alle", _("Alle"))]


class PartnerFilterForm(forms.Form):
    """The staff list's filters (GET). An invalid filter is shown with its error and left out."""

    q = forms.CharField(label=_("Søg"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Alle typer")), *PartnerKind.choices], required=False
    )
    branch = branch_filter_field()
    public = forms.ChoiceField(label=_("Offentlig"), choices=YES_NO, required=False)
    active = forms.ChoiceField(label=_("Vis"), choices=ACTIVE_CHOICES, required=False)

    KEYS = ("q", "kind", "branch", "public", "active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = _active_branches()

    def filter(self, partners):
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            text = data["q"].strip()
            partners = partners.filter(
                Q(name__icontains=text)
                | Q(cvr__icontains=text)
                | Q(city__icontains=text)
                | Q(contacts__name__icontains=text)
                | Q(contacts__email__icontains=text)
            ).distinct()
        if data.get("kind"):
            partners = partners.filter(kind=data["kind"])
        if data.get("branch"):
            partners = partners.filter(branches=data["branch"])
        if data.get("public") == "ja":
            partners = partners.filter(is_public=True)
        elif data.get("public") == "nej":
            partners = partners.filter(is_public=False)
        active = data.get("active")
        if active == "arkiv":
            partners = partners.filter(is_active=False)
        elif active != "alle":
            partners = partners.filter(is_active=True)
        return partners

    @property
    def filtered(self) -> bool:
        return any(self.data.get(key) for key in self.KEYS)


# --- Staff: answering enquiries ------------------------------------------------------------------


class EnquiryAcceptForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Er organisationen allerede partner?"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("Nej – opret en ny partner"),
        help_text=_("Vælg partneren, hvis den findes, så bliver afsenderen kontaktperson dér."),
    )
    reply = forms.CharField(
        label=_("Hilsen til afsenderen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        help_text=_("Kommer med i velkomstmailen. Fx hvem der kontakter dem, og hvornår."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True).order_by("name")


class EnquiryDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse til afsenderen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Sendes på e-mail. Skriv venligt og konkret, og henvis gerne videre."),
        error_messages={"required": _("Skriv hvorfor, så afsenderen får et ordentligt svar.")},
    )


# --- Staff: links --------------------------------------------------------------------------------

# The link forms sit on the initiative and activity pages next to their own forms.
LINK_PREFIX = "partnerlink"


class LinkPartnerForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Samarbejdspartner"),
        queryset=Partner.objects.none(),
        empty_label=_("Vælg en partner"),
        error_messages={"required": _("Vælg en samarbejdspartner.")},
    )

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (
            Partner.objects.filter(is_active=True).exclude(pk__in=exclude).order_by("name")
        )


class InitiativeLinkForm(LinkPartnerForm):
    note = forms.CharField(label=_("Hvad bidrager partneren med?"), max_length=200, required=False)


# --- Public ---------------------------------------------------------------------------------------


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Søg"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Alle typer")), *PartnerKind.choices], required=False
    )

    KEYS = ("q", "type")

    def filter(self, partners):
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            text = data["q"].strip()
            partners = partners.filter(Q(name__icontains=text) | Q(description__icontains=text))
        if data.get("type"):
            partners = partners.filter(kind=data["type"])
        return partners

    @property
    def filtered(self) -> bool:
        return any(self.data.get(key) for key in self.KEYS)


class EnquiryForm(PublicForm):
    """'Bliv samarbejdspartner': the organisation's own website is a real field here, so the
    honeypot has another name."""

    TRAP_FIELD = "url"
    FIELDSETS = [
        (
            "organisation",
            _("Om jeres organisation"),
            "",
            ["organisation_name", "kind", "cvr", "website"],
        ),
        (
            "idea",
            _("Jeres idé"),
            _("Vi spørger altid: Sammen med hvem? Fortæl, hvem I er, og hvem I gerne vil nå."),
            ["idea", "branch"],
        ),
        (
            "you",
            _("Om dig"),
            _("Vi bruger kun dine oplysninger til at svare jer og tale om et samarbejde."),
            ["contact_name", "contact_role", "email", "phone"],
        ),
        ("consent", _("Samtykke"), "", ["consent"]),
    ]

    organisation_name = forms.CharField(label=_("Organisationens navn"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Hvad slags organisation er I?"),
        choices=[("", _("Vælg")), *PartnerKind.choices],
    )
    cvr = _cvr_field()
    website = _website_field(_("Jeres hjemmeside"))
    idea = forms.CharField(
        label=_("Hvad vil I gerne lave sammen med biblioteket?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_(
            "Fortæl med jeres egne ord: hvad I gerne vil, hvem det er for, og hvad I selv kan "
            "bidrage med. Det er fint, hvis idéen ikke er færdig."
        ),
    )
    branch = forms.ModelChoiceField(
        label=_("Hvilket bibliotek?"),
        queryset=Branch.objects.none(),
        required=False,
        empty_label=_("Det er lige meget"),
    )
    contact_name = forms.CharField(label=_("Dit navn"), max_length=200)
    contact_role = forms.CharField(
        label=_("Din rolle i organisationen"),
        max_length=120,
        required=False,
        help_text=_("Fx formand, lærer eller projektleder."),
    )
    email = forms.EmailField(
        label=_("Din e-mail"), help_text=_("Vi sender en kvittering og svarer dig her.")
    )
    phone = forms.CharField(label=_("Dit telefonnummer"), max_length=30, required=False)

    def __init__(self, data=None, *, consent_text, **kwargs):
        super().__init__(data, consent_text=consent_text, **kwargs)
        self.fields["branch"].queryset = _active_branches()

    def clean_cvr(self):
        return clean_cvr_value(self.cleaned_data.get("cvr"))

    def enquiry_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ENQUIRY_FIELDS}
