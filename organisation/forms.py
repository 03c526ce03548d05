from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image

from accounts.models import STAFF_ROLES, User

from .models import Branch, FocusArea, FocusTarget, Library, Team

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def staff_users():
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("name", "email")


def clean_slug(form, model, taken_message) -> str:
    """The short name in the address: typed, or made from the name; unique per model."""
    if not form.cleaned_data.get("slug") and "name" not in form.cleaned_data:
        return ""  # the name has its own error; the short name follows it once it is fixed
    slug = form.cleaned_data.get("slug") or slugify(form.cleaned_data.get("name", ""))
    if not slug:
        raise ValidationError(_("Skriv et kort navn med bogstaver eller tal."))
    if model.objects.filter(slug=slug).exclude(pk=form.instance.pk).exists():
        raise ValidationError(taken_message)
    return slug


def branch_filter_field(**kwargs) -> forms.ModelChoiceField:
    """The "Bibliotek" filter of a list (GET); the view sets the queryset."""
    kwargs = {
        "queryset": Branch.objects.none(),
        "required": False,
        "label": _("Bibliotek"),
        "empty_label": _("Alle biblioteker"),
        **kwargs,
    }
    return forms.ModelChoiceField(**kwargs)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.email})" if obj.name else obj.email


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name or obj.email


class BranchForm(forms.ModelForm):
    tovholder = StaffChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Tovholder"),
        empty_label=_("Ingen tovholder endnu"),
        help_text=Branch._meta.get_field("tovholder").help_text,
    )

    class Meta:
        model = Branch
        fields = [
            "name",
            "slug",
            "kind",
            "address",
            "postcode",
            "city",
            "email",
            "phone",
            "opening_hours",
            "description",
            "tovholder",
            "is_active",
        ]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, can_assign_lead: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tovholder"].queryset = staff_users()
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Udfyldes automatisk ud fra navnet, hvis du lader det stå tomt."
        )
        if not can_assign_lead:
            # A tovholder edits their own branch but does not hand it over: a manager's call.
            self.fields["tovholder"].disabled = True
            self.fields["is_active"].disabled = True

    def clean_slug(self):
        return clean_slug(self, Branch, _("Der findes allerede en filial med det korte navn."))


class TeamForm(forms.ModelForm):
    koordinator = StaffChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Koordinator"),
        empty_label=_("Ingen koordinator endnu"),
    )
    members = StaffMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Medlemmer"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Team
        fields = ["name", "description", "branch", "koordinator", "members", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, can_assign_lead: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["koordinator"].queryset = staff_users()
        self.fields["members"].queryset = staff_users()
        self.fields["branch"].queryset = Branch.objects.filter(is_active=True)
        self.fields["branch"].empty_label = _("På tværs af filialer")
        if not can_assign_lead:
            self.fields["koordinator"].disabled = True


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = [
            "name",
            "slug",
            "summary",
            "description",
            "starts_on",
            "ends_on",
            "order",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Udfyldes automatisk ud fra navnet, hvis du lader det stå tomt."
        )

    def clean_slug(self):
        return clean_slug(
            self, FocusArea, _("Der findes allerede et indsatsområde med det korte navn.")
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Slutdatoen skal ligge efter startdatoen."))
        return cleaned


class FocusTargetForm(forms.ModelForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = FocusTarget
        fields = ["description", "target_value", "unit", "period"]


FocusTargetFormSet = forms.formset_factory(
    FocusTargetForm, extra=2, can_delete=True, max_num=20, validate_max=True
)


class LibraryForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Hjemmeside"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Library
        fields = [
            "name",
            "municipality",
            "address",
            "postcode",
            "city",
            "email",
            "phone",
            "website",
            "dpo_email",
            "cvr",
            "ean",
            "initiative_response_days",
            "logo",
        ]
        widgets = {
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo  # unchanged or cleared
        if logo.size > LOGO_MAX_BYTES:
            raise ValidationError(_("Logoet må højst fylde 2 MB."))
        # Checked by content, not by name: Pillow must recognise and fully decode the image.
        try:
            logo.seek(0)
            with Image.open(logo) as image:
                image_format = image.format
                image.verify()
        except Exception as exc:
            raise ValidationError(_("Filen er ikke et billede, vi kan læse.")) from exc
        if image_format not in LOGO_FORMATS:
            raise ValidationError(_("Logoet skal være PNG, JPEG eller WebP."))
        logo.seek(0)
        base = slugify(self.cleaned_data.get("name") or "logo") or "logo"
        logo.name = f"{base}.{LOGO_FORMATS[image_format]}"
        return logo
