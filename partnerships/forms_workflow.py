"""Input for the agreement's workflow: review invitations, status changes, signing, the
partner's comments, and the public verification page. The rules live in services/workflow.py
and services/signing.py: these forms check the shape of the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agreement, PartnerContact
from .services.signing import SHA256_HEX

NOTE_MAX = 2000
VERIFY_MAX_MB = 25


class InviteForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Kontaktperson hos partneren"),
        queryset=PartnerContact.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_(
            "Personen får et personligt link på e-mail. Kun kontaktpersoner, der må underskrive "
            "på organisationens vegne, kan underskrive."
        ),
        error_messages={"required": _("Vælg en kontaktperson.")},
    )
    days = forms.IntegerField(
        label=_("Linket virker i (dage)"),
        min_value=1,
        max_value=90,
        initial=14,
        error_messages={
            "required": _("Skriv, hvor mange dage linket skal virke."),
            "min_value": _("Linket skal virke i mindst 1 dag."),
            "max_value": _("Linket kan højst virke i 90 dage."),
            "invalid": _("Skriv et helt antal dage."),
        },
    )
    note = forms.CharField(
        label=_("Besked til kontaktpersonen (valgfri)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        contacts = agreement.partner.contacts.order_by("-is_primary", "name")
        self.fields["contact"].queryset = contacts
        self.fields["contact"].label_from_instance = _contact_label
        if agreement.partner_signatory_id and not self.is_bound:
            self.initial.setdefault("contact", agreement.partner_signatory_id)


def _contact_label(contact: PartnerContact) -> str:
    label = f"{contact.name}, {contact.role}" if contact.role else contact.name
    label = f"{label} ({contact.email})"
    if contact.may_sign:
        label += " – " + str(_("må underskrive"))
    return label


class StatusNoteForm(forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Bemærkning (valgfri)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse for opsigelsen"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Partneren får begrundelsen på e-mail. Husk opsigelsesvarslet."),
        error_messages={"required": _("Skriv en begrundelse for opsigelsen.")},
    )


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Dit fulde navn"),
        max_length=200,
        help_text=_("Det svarer til din underskrift."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Skriv dit fulde navn. Det svarer til din underskrift.")},
    )
    consent = forms.BooleanField(
        label=_(
            "Jeg har læst aftalen og underskriver den elektronisk. Min underskrift gælder som en "
            "underskrift på papir."
        ),
        error_messages={"required": _("Sæt kryds for at bekræfte, at du underskriver aftalen.")},
    )


class SectionChoiceMixin:
    def _set_sections(self, version):
        sections = (version.content or {}).get("sections", []) if version else []
        self.fields["section_key"].choices = [("", _("Vælg afsnit"))] + [
            (section["key"], section["title"]) for section in sections
        ]


class CommentForm(SectionChoiceMixin, forms.Form):
    section_key = forms.ChoiceField(
        label=_("Afsnit"), error_messages={"required": _("Vælg det afsnit, du kommenterer.")}
    )
    text = forms.CharField(
        label=_("Kommentar"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv en kommentar.")},
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_sections(version)


class ChangesForm(forms.Form):
    note = forms.CharField(
        label=_("Hvad vil I gerne have ændret?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv, hvad I gerne vil have ændret.")},
    )


class VerifyForm(forms.Form):
    """Upload a PDF or paste its SHA-256. The file is checked by its content, not its name."""

    file = forms.FileField(
        label=_("PDF-fil"),
        required=False,
        help_text=_("Vælg aftalen som PDF. Filen bliver ikke gemt."),
    )
    sha256 = forms.CharField(
        label=_("Eller kontrolsum (SHA-256)"),
        required=False,
        max_length=200,
        help_text=_("64 tegn med tallene 0-9 og bogstaverne a-f."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        limit = VERIFY_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("Filen er for stor. En aftale fylder højst %(mb)s MB."),
                params={"mb": VERIFY_MAX_MB},
            )
        upload.seek(0)
        data = upload.read(limit + 1)
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("Filen er ikke en PDF. Vælg aftalen som PDF-fil."))
        return data

    def clean_sha256(self):
        value = "".join((self.cleaned_data.get("sha256") or "").split()).lower()
        if value and not SHA256_HEX.match(value):
            raise forms.ValidationError(
                _("En SHA-256 består af 64 tegn, kun tallene 0-9 og bogstaverne a-f.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("sha256"):
            raise forms.ValidationError(_("Vælg en PDF-fil, eller indsæt en kontrolsum."))
        return cleaned
