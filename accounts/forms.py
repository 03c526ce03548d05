from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupNameForm(forms.Form):
    """Extra field on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=_("Dit navn"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "phone"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
        }
