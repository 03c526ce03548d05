"""Forms on the citizen's side: the proposal, a message on the tracking page, the withdrawal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import Branch, TargetGroup
from portal.spam import PublicForm

from .models import CitizenRole, Format
from .uploads import AttachmentsField, attachment_help_text

NEEDS = [
    ("needs_room", _("Et lokale")),
    ("needs_equipment", _("Udstyr, fx projektor, højttalere, borde eller materialer")),
    ("needs_marketing", _("Hjælp til at fortælle om det (plakater, hjemmeside, sociale medier)")),
    ("needs_staff_help", _("Hjælp fra en medarbejder")),
]


class ProposeForm(PublicForm):
    FIELDSETS = [
        (
            "idea",
            _("Din idé"),
            _("Fortæl med dine egne ord. Du kan altid tilføje mere senere."),
            ["title", "description", "format", "citizen_role"],
        ),
        (
            "when",
            _("Hvem, hvor og hvornår"),
            _("Det er fint at gætte eller lade felterne stå tomme."),
            ["target_groups", "preferred_branch", "preferred_time", "expected_participants"],
        ),
        (
            "needs",
            _("Hvad skal biblioteket hjælpe med?"),
            "",
            ["needs", "needs_other"],
        ),
        ("together", _("Sammen med hvem?"), "", ["together_with"]),
        ("files", _("Billeder og filer"), "", ["attachments"]),
        (
            "you",
            _("Om dig"),
            _("Vi bruger kun dine oplysninger til at tale med dig om idéen."),
            ["contact_name", "contact_email", "contact_phone", "name_may_be_shown"],
        ),
        ("consent", _("Samtykke"), "", ["consent"]),
    ]

    title = forms.CharField(
        label=_("Hvad skal idéen hedde?"),
        max_length=200,
        help_text=_("En kort overskrift, fx 'Strikkecafé for begyndere' eller 'Scenen er din'."),
    )
    description = forms.CharField(
        label=_("Beskriv din idé"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hvad skal der ske, og hvorfor er det en god idé? Hvem får glæde af det?"),
    )
    format = forms.ChoiceField(
        label=_("Hvad slags aktivitet er det?"),
        choices=Format.choices,
        widget=forms.RadioSelect,
        help_text=_("Vælg det, der passer bedst. Er du i tvivl, så vælg 'Andet'."),
    )
    citizen_role = forms.ChoiceField(
        label=_("Hvad vil du selv gerne?"),
        choices=CitizenRole.choices,
        widget=forms.RadioSelect,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Hvem er det for?"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sæt gerne flere krydser."),
    )
    preferred_branch = forms.ModelChoiceField(
        label=_("Hvilket bibliotek?"),
        queryset=Branch.objects.none(),
        required=False,
        empty_label=_("Det er lige meget"),
    )
    preferred_time = forms.CharField(
        label=_("Hvornår?"),
        max_length=200,
        required=False,
        help_text=_("Fx 'hverdage efter kl. 16', 'i vinterferien' eller 'en gang om måneden'."),
    )
    expected_participants = forms.IntegerField(
        label=_("Hvor mange tror du, der kommer?"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("Et gæt er fint."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Det har jeg brug for"),
        choices=NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sæt kryds ved det, der passer."),
    )
    needs_other = forms.CharField(
        label=_("Andet, vi skal vide"),
        max_length=300,
        required=False,
        help_text=_("Fx adgang for kørestol, strøm til en symaskine eller kaffe på kanden."),
    )
    together_with = forms.CharField(
        label=_("Hvem kunne være med til at skabe det?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Vi spørger altid: Sammen med hvem? Tænk på andre, der kunne være med – naboer, "
            "venner, en forening, en skole, et plejehjem eller en lokal virksomhed. Skriv navne, "
            "hvis du kender nogen. Ved du det ikke, så lad feltet stå tomt. Så finder vi ud af "
            "det sammen."
        ),
    )
    attachments = AttachmentsField(label=_("Vedhæft billeder eller PDF"))
    contact_name = forms.CharField(label=_("Dit navn"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Din e-mail"),
        help_text=_("Vi sender en kvittering med et personligt link, hvor du kan følge din idé."),
    )
    contact_phone = forms.CharField(
        label=_("Dit telefonnummer"),
        max_length=30,
        required=False,
        help_text=_("Hvis du hellere vil ringes op."),
    )
    name_may_be_shown = forms.BooleanField(
        label=_("Mit navn må gerne vises på portalen, hvis idéen bliver til noget"),
        required=False,
        help_text=_(
            "Så kan andre se, hvem der stod bag, på siden 'Det har vi skabt sammen'. "
            "Lader du feltet stå tomt, viser vi kun idéen."
        ),
    )

    def __init__(self, data=None, files=None, *, consent_text, **kwargs):
        super().__init__(data, files, consent_text=consent_text, **kwargs)
        self.fields["preferred_branch"].queryset = Branch.objects.filter(is_active=True).order_by(
            "kind", "name"
        )
        self.fields["attachments"].help_text = attachment_help_text()

    # --- for the view ---

    def initiative_data(self) -> dict:
        """The fields for services.initiative_submit's ``data``."""
        cd = self.cleaned_data
        data = {
            name: cd[name]
            for name in (
                "title",
                "description",
                "format",
                "citizen_role",
                "preferred_branch",
                "preferred_time",
                "expected_participants",
                "needs_other",
                "together_with",
                "contact_name",
                "contact_email",
                "contact_phone",
                "name_may_be_shown",
            )
        }
        for need, _label in NEEDS:
            data[need] = need in cd["needs"]
        return data

    def rejected_file_names(self) -> list[str]:
        return [f.name for f in self.files.getlist("attachments") if f] if self.files else []


class MessageForm(forms.Form):
    """The citizen answers staff or adds information, with files if they like."""

    body = forms.CharField(
        label=_("Din besked"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Svar på vores spørgsmål, eller fortæl os noget nyt om idéen."),
    )
    attachments = AttachmentsField(label=_("Vedhæft billeder eller PDF"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_help_text()

    def clean(self):
        cleaned = super().clean()
        empty = not (cleaned.get("body") or "").strip() and not cleaned.get("attachments")
        # A refused file has its own error; "write something" would be beside the point.
        if empty and "attachments" not in self.errors:
            self.add_error("body", _("Skriv en besked eller vedhæft en fil."))
        return cleaned

    def rejected_file_names(self) -> list[str]:
        return [f.name for f in self.files.getlist("attachments") if f] if self.files else []


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Vil du fortælle os hvorfor?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Det hjælper os til at blive bedre. Du behøver ikke skrive noget."),
    )
