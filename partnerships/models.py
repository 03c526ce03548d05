"""Partners, agreement models (templates), agreements, their versions, review and signatures.

The life of a samarbejdsaftale (ARCHITECTURE.md "Partnership agreement"):

- A ``Partner`` is an organisation the library works with; its ``PartnerContact`` rows are the
  people we write to, and ``may_sign`` says who may sign on the organisation's behalf.
- An ``AgreementTemplate`` (a "model": hensigtserklæring, samarbejdsaftale, arrangementsaftale,
  lokaleaftale) has immutable ``AgreementTemplateVersion`` rows; each version is a list of
  ``TemplateSection`` with default clause text and ``SectionVariant`` texts per partner kind.
  Managers change a model by publishing a new version; agreements keep the version they were
  drafted from.
- An ``Agreement`` is drafted from a template version. Its working text lives in
  ``AgreementSection`` and ``ResponsibilityItem`` rows; every save makes an
  ``AgreementVersion`` with a full JSON snapshot, so any two versions can be compared.
- Status changes go through one service (``services.workflow``) and are logged in
  ``AgreementEvent``.
- Signing: when an agreement is ready to sign, the PDF of its latest version is rendered once and
  stored on that ``AgreementVersion`` (``pdf`` + ``pdf_sha256``); each ``Signature`` records the
  hash of exactly those bytes. After both parties signed, the final PDF (with the signature
  blocks and the audit trail attached) is rendered once into ``Agreement.final_pdf``.
  Invariant: those bytes never change; ``final_pdf_sha256`` is the hash of the stored file, and
  a signed agreement's content cannot be changed (a change means a new agreement version to be
  signed again, made by ``services.workflow``).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def validate_cvr(value: str) -> None:
    """A Danish CVR number: 8 digits, the first not 0, passing the modulus-11 check."""
    digits = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"[1-9]\d{7}", digits):
        raise ValidationError(_("Et CVR-nummer er 8 cifre, fx 12345674."), code="cvr_format")
    if sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS, strict=True)) % 11:
        raise ValidationError(
            _("CVR-nummeret findes ikke (kontrolcifferet passer ikke). Tjek det på virk.dk."),
            code="cvr_checksum",
        )


class PartnerKind(models.TextChoices):
    ASSOCIATION = "association", _("Forening")
    SCHOOL = "school", _("Skole")
    DAYCARE = "daycare", _("Dagtilbud")
    EDUCATION = "education", _("Uddannelsesinstitution")
    COMPANY = "company", _("Virksomhed")
    MUNICIPAL = "municipal", _("Kommunal enhed")
    PUBLIC = "public", _("Anden offentlig myndighed")
    VOLUNTEER_GROUP = "volunteer_group", _("Frivilliggruppe")


class Partner(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn i adressen"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, validators=[validate_cvr])
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postnummer"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Et postnummer er 4 cifre."))],
    )
    city = models.CharField(_("by"), max_length=80, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    description = models.TextField(
        _("beskrivelse"),
        blank=True,
        help_text=_("Vises i oversigten over samarbejdspartnere, hvis partneren er offentlig."),
    )
    notes = models.TextField(_("interne noter"), blank=True)
    branches = models.ManyToManyField(
        "organisation.Branch", blank=True, related_name="partners", verbose_name=_("filialer")
    )
    is_public = models.BooleanField(
        _("vis i oversigten over samarbejdspartnere"),
        default=False,
        help_text=_("Kun når partneren har sagt ja til at blive vist."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("samarbejdspartner")
        verbose_name_plural = _("samarbejdspartnere")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle/titel"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    may_sign = models.BooleanField(_("må underskrive på organisationens vegne"), default=False)
    is_primary = models.BooleanField(_("primær kontaktperson"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["-is_primary", "name"]

    def __str__(self):
        return f"{self.name} ({self.partner})"


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("Ny")
    ACCEPTED = "accepted", _("Oprettet som partner")
    DECLINED = "declined", _("Afvist")


class PartnerEnquiry(models.Model):
    """'Bliv samarbejdspartner': an organisation asks to work with the library.

    Retention: SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS after it was answered (or, unanswered,
    after it arrived) the sender's personal data is erased by ``apply_partner_retention``;
    organisation, kind, status and dates stay for statistics."""

    organisation_name = models.CharField(_("organisationens navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, validators=[validate_cvr])
    website = models.URLField(_("hjemmeside"), blank=True)
    contact_name = models.CharField(_("dit navn"), max_length=200)
    contact_role = models.CharField(_("din rolle"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    idea = models.TextField(_("hvad vil I gerne lave sammen med biblioteket?"))
    branch = models.ForeignKey(
        "organisation.Branch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bibliotek"),
    )
    consent_text = models.ForeignKey(
        "accounts.ConsentText", null=True, on_delete=models.PROTECT, related_name="+"
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    # A keyed hash of the sender's IP address, only for the per-IP rate limit.
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    reply = models.TextField(_("svar"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Set when the sender's personal data was erased after the retention period
    # (services.partners.enquiries_apply_retention); the row stays for statistics.
    erased_at = models.DateTimeField(_("personoplysninger slettet"), null=True, blank=True)

    class Meta:
        verbose_name = _("henvendelse fra mulig partner")
        verbose_name_plural = _("henvendelser fra mulige partnere")
        ordering = ["-created_at"]

    def __str__(self):
        return self.organisation_name


class InitiativePartner(models.Model):
    """A partner named under "Sammen med hvem?" on an initiative."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="partner_links"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="initiative_links")
    note = models.CharField(_("hvad bidrager partneren med?"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner på initiativ")
        verbose_name_plural = _("partnere på initiativer")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "partner"], name="initiative_partner_once"
            )
        ]

    def __str__(self):
        return f"{self.partner} → {self.initiative}"


class ActivityPartner(models.Model):
    """A partner co-hosting an activity. The service also keeps an ActivityCoHost row of kind
    'partner' (``cohost``) so the public calendar shows the partner like any other co-host."""

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="partner_links"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="activity_links")
    cohost = models.OneToOneField(
        "activities.ActivityCoHost",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_link",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner på aktivitet")
        verbose_name_plural = _("partnere på aktiviteter")
        constraints = [
            models.UniqueConstraint(fields=["activity", "partner"], name="activity_partner_once")
        ]

    def __str__(self):
        return f"{self.partner} → {self.activity}"


# --- Agreement models (templates) ----------------------------------------------------------------


class AgreementKind(models.TextChoices):
    INTENT = "intent", _("Hensigtserklæring")
    STANDARD = "standard", _("Samarbejdsaftale")
    EVENT = "event", _("Arrangementsaftale")
    ROOMS = "rooms", _("Lokaleaftale")


class AgreementTemplate(models.Model):
    """An agreement model. Its content lives in immutable versions."""

    kind = models.CharField(_("type"), max_length=10, choices=AgreementKind.choices, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("hvornår bruges modellen?"), blank=True)
    binding = models.BooleanField(
        _("juridisk bindende"),
        default=True,
        help_text=_("En hensigtserklæring er ikke bindende; det står tydeligt på dokumentet."),
    )
    is_active = models.BooleanField(_("kan vælges"), default=True)

    class Meta:
        verbose_name = _("aftalemodel")
        verbose_name_plural = _("aftalemodeller")
        ordering = ["kind"]

    def __str__(self):
        return self.name

    def current_version(self) -> "AgreementTemplateVersion | None":
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()


class AgreementTemplateVersion(models.Model):
    """Invariant: a published version never changes (agreements point at it); a manager's edit
    is a new draft version that replaces it when published."""

    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    change_note = models.CharField(_("hvad er ændret?"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("udgivet"), null=True, blank=True)

    class Meta:
        verbose_name = _("version af aftalemodel")
        verbose_name_plural = _("versioner af aftalemodeller")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_once")
        ]

    def __str__(self):
        return f"{self.template} v{self.number}"


class TemplateSection(models.Model):
    version = models.ForeignKey(
        AgreementTemplateVersion, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    key = models.SlugField(_("nøgle"), max_length=60)
    title = models.CharField(_("overskrift"), max_length=160)
    guidance = models.TextField(_("vejledning til den, der skriver aftalen"), blank=True)
    default_text = models.TextField(_("standardtekst"), blank=True)
    required = models.BooleanField(_("skal med"), default=True)

    class Meta:
        verbose_name = _("afsnit i aftalemodel")
        verbose_name_plural = _("afsnit i aftalemodeller")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="template_section_key_once")
        ]

    def __str__(self):
        return self.title

    def text_for(self, partner_kind: str) -> str:
        """The clause text for a partner of this kind: its variant if there is one."""
        for variant in self.variants.all():
            if variant.partner_kind == partner_kind:
                return variant.text
        return self.default_text


class SectionVariant(models.Model):
    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="variants")
    partner_kind = models.CharField(_("partnertype"), max_length=20, choices=PartnerKind.choices)
    text = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("variant af afsnit")
        verbose_name_plural = _("varianter af afsnit")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "partner_kind"], name="section_variant_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.section} ({self.get_partner_kind_display()})"


# --- Agreements ----------------------------------------------------------------------------------


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    IN_REVIEW = "in_review", _("Til gennemsyn hos partner")
    READY_TO_SIGN = "ready_to_sign", _("Klar til underskrift")
    SIGNED = "signed", _("Underskrevet")
    ACTIVE = "active", _("Aktiv")
    EXPIRED = "expired", _("Udløbet")
    TERMINATED = "terminated", _("Opsagt")


# Invariant: in these statuses the agreement's content is frozen (what was signed is what holds).
LOCKED_STATUSES = frozenset(
    {
        AgreementStatus.READY_TO_SIGN,
        AgreementStatus.SIGNED,
        AgreementStatus.ACTIVE,
        AgreementStatus.EXPIRED,
        AgreementStatus.TERMINATED,
    }
)
SIGNED_STATUSES = frozenset(
    {
        AgreementStatus.SIGNED,
        AgreementStatus.ACTIVE,
        AgreementStatus.EXPIRED,
        AgreementStatus.TERMINATED,
    }
)


class Agreement(models.Model):
    number = models.CharField(_("aftalenummer"), max_length=20, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements")
    template_version = models.ForeignKey(
        AgreementTemplateVersion,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("aftalemodel"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=AgreementKind.choices)
    binding = models.BooleanField(_("juridisk bindende"), default=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )
    branch = models.ForeignKey(
        "organisation.Branch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
        verbose_name=_("filial"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_agreements",
        verbose_name=_("ansvarlig medarbejder"),
    )
    partner_signatory = models.ForeignKey(
        PartnerContact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements_to_sign",
        verbose_name=_("underskriver hos partneren"),
    )
    start_date = models.DateField(_("gælder fra"), null=True, blank=True)
    end_date = models.DateField(_("gælder til"), null=True, blank=True)
    notice_months = models.PositiveSmallIntegerField(_("opsigelsesvarsel (måneder)"), default=3)
    evaluation_date = models.DateField(_("evalueres"), null=True, blank=True)
    focus_areas = models.ManyToManyField(
        "organisation.FocusArea",
        blank=True,
        related_name="agreements",
        verbose_name=_("indsatsområder"),
    )
    activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="agreements",
        verbose_name=_("aktiviteter"),
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        blank=True,
        related_name="agreements",
        verbose_name=_("initiativer"),
    )
    # The answers from "Skal det formaliseres?" that led to this model, if the questionnaire
    # was used: {"money": true, ...}.
    formalisation_answers = models.JSONField(default=dict, blank=True)
    renewed_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
        verbose_name=_("fornyelse af"),
    )
    # The final PDF, rendered once after both signatures. Invariant: never re-rendered or
    # overwritten; final_pdf_sha256 is the SHA-256 of the stored bytes.
    final_pdf = models.FileField(upload_to="partnerships/signed/", blank=True)
    final_pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    signed_at = models.DateTimeField(_("underskrevet af begge"), null=True, blank=True)
    terminated_at = models.DateTimeField(_("opsagt"), null=True, blank=True)
    termination_reason = models.TextField(_("begrundelse for opsigelse"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("samarbejdsaftale")
        verbose_name_plural = _("samarbejdsaftaler")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED_STATUSES

    def latest_version(self) -> "AgreementVersion | None":
        return self.versions.order_by("-number").first()


class AgreementSection(models.Model):
    """The agreement's working text of one section (what the next version will snapshot)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    template_section = models.ForeignKey(
        TemplateSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("overskrift"), max_length=160)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="agreement_section_key_once")
        ]

    def __str__(self):
        return self.title


class Responsible(models.TextChoices):
    LIBRARY = "library", _("Biblioteket")
    PARTNER = "partner", _("Partneren")
    BOTH = "both", _("Begge")


class ResponsibilityItem(models.Model):
    """One row of the responsibility matrix: task × library / partner / both."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="responsibilities"
    )
    order = models.PositiveSmallIntegerField(default=0)
    task = models.CharField(_("opgave"), max_length=200)
    responsible = models.CharField(_("ansvarlig"), max_length=10, choices=Responsible.choices)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        ordering = ["agreement", "order", "pk"]

    def __str__(self):
        return f"{self.task} ({self.get_responsible_display()})"


class AgreementAppendix(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="appendices")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("fil (PDF)"), upload_to="partnerships/appendices/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        ordering = ["agreement", "created_at"]

    def __str__(self):
        return self.title


class AgreementVersion(models.Model):
    """A snapshot taken at every save. ``content`` holds everything the document shows:
    {"title", "kind", "binding", "partner": {...}, "library": {...}, "period": {...},
    "sections": [{"key", "title", "text"}], "responsibilities": [{"task", "responsible",
    "note"}], "appendices": [{"title", "sha256"}], "links": {...}}.

    Invariant: a version never changes after it is created, except that the PDF to be signed
    is stored on it once (``pdf``, ``pdf_sha256``) when the agreement becomes ready to sign."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField()
    note = models.CharField(_("hvad er ændret?"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_contact = models.ForeignKey(
        PartnerContact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    pdf = models.FileField(upload_to="partnerships/to-sign/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("version af aftale")
        verbose_name_plural = _("versioner af aftaler")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_once")
        ]

    def __str__(self):
        return f"{self.agreement.number} v{self.number}"


class AgreementEvent(models.Model):
    """The agreement's history: every status change and every meaningful action."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_contact = models.ForeignKey(
        PartnerContact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=15, blank=True)
    to_status = models.CharField(max_length=15, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["agreement", "at", "pk"]

    def __str__(self):
        return f"{self.agreement.number} {self.action} {self.at:%Y-%m-%d %H:%M}"


class ReviewInvitation(models.Model):
    """A partner contact's access to review and sign one agreement. The link carries a signed
    token naming this row; revoking or expiring the row kills the link."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="review_invitations"
    )
    contact = models.ForeignKey(
        PartnerContact, on_delete=models.CASCADE, related_name="review_invitations"
    )
    nonce = models.CharField(max_length=43, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "-created_at"]

    def __str__(self):
        return f"{self.agreement.number} → {self.contact}"


class SectionComment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="comments")
    section_key = models.SlugField(max_length=60)
    text = models.TextField(_("kommentar"))
    contact = models.ForeignKey(
        PartnerContact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "created_at", "pk"]

    def __str__(self):
        return f"{self.agreement.number} §{self.section_key}: {self.text[:40]}"


class SignatureParty(models.TextChoices):
    LIBRARY = "library", _("Biblioteket")
    PARTNER = "partner", _("Partneren")


class Signature(models.Model):
    """Simple electronic signature with its evidence. Never changed or deleted."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.CharField(max_length=10, choices=SignatureParty.choices)
    typed_name = models.CharField(_("navn"), max_length=200)
    signer_role = models.CharField(_("rolle"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        PartnerContact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    document_sha256 = models.CharField(max_length=64)
    consent_text = models.TextField()

    class Meta:
        ordering = ["agreement", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"], name="one_signature_per_party_per_version"
            )
        ]

    def __str__(self):
        return f"{self.typed_name} ({self.get_party_display()}) {self.signed_at:%Y-%m-%d}"


class ReminderKind(models.TextChoices):
    EXPIRY = "expiry", _("Udløber snart")
    EVALUATION = "evaluation", _("Evaluering")
    REVIEW_WAITING = "review_waiting", _("Venter på partneren")


class AgreementReminder(models.Model):
    """One row per reminder sent; the unique key makes the daily command idempotent."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    # What the reminder is about, e.g. the end date or the evaluation date it was sent for.
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "key"], name="agreement_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.agreement.number} {self.kind} {self.key}"
