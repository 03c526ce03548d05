from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ConsentText
from activities.models import Activity
from organisation.models import Branch, FocusArea, TargetGroup

CONSENT_PURPOSE = "initiative"


class Status(models.TextChoices):
    RECEIVED = "received", _("Modtaget")
    IN_DIALOGUE = "in_dialogue", _("I dialog")
    PLANNING = "planning", _("Under planlægning")
    SCHEDULED = "scheduled", _("Planlagt")
    HELD = "held", _("Gennemført")
    EVALUATED = "evaluated", _("Evalueret")
    DECLINED = "declined", _("Afvist / ikke nu")
    REFERRED = "referred", _("Henvist")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")
    DUPLICATE = "duplicate", _("Dublet")


OPEN_STATUSES = {Status.RECEIVED, Status.IN_DIALOGUE, Status.PLANNING, Status.SCHEDULED}
REALISED_STATUSES = {Status.HELD, Status.EVALUATED}
CLOSED_STATUSES = {Status.DECLINED, Status.REFERRED, Status.WITHDRAWN, Status.DUPLICATE}


class CitizenRole(models.TextChoices):
    RUN = "run", _("Jeg vil selv stå for det")
    HELP = "help", _("Jeg vil gerne hjælpe til")
    WISH = "wish", _("Jeg ønsker mig det")


class Format(models.TextChoices):
    TALK = "talk", _("Foredrag eller oplæg")
    WORKSHOP = "workshop", _("Workshop")
    CAFE = "cafe", _("Café eller træf")
    COURSE = "course", _("Kursus")
    EXHIBITION = "exhibition", _("Udstilling")
    READING_GROUP = "reading_group", _("Læsekreds")
    OTHER = "other", _("Andet")


class Channel(models.TextChoices):
    WEB = "web", _("Borgerens formular")
    DESK = "desk", _("Ved skranken")
    PHONE = "phone", _("Telefon")
    EVENT = "event", _("Ved et arrangement")
    EMAIL = "email", _("E-mail")
    PARTNER = "partner", _("Fra en samarbejdspartner")


class ParticipationLevel(models.TextChoices):
    """The five-step participation ladder (also used by the toolbox)."""

    INFORM = "inform", _("Informere")
    CONSULT = "consult", _("Høre")
    INVOLVE = "involve", _("Inddrage")
    COCREATE = "cocreate", _("Samskabe")
    CITIZEN_LED = "citizen_led", _("Borgerstyret")


PARTICIPATION_EXPLANATIONS = {
    ParticipationLevel.INFORM: _("Biblioteket fortæller borgerne om et tilbud."),
    ParticipationLevel.CONSULT: _("Borgerne giver deres mening til kende; biblioteket beslutter."),
    ParticipationLevel.INVOLVE: _("Borgerne er med i processen og påvirker løsningen undervejs."),
    ParticipationLevel.COCREATE: _(
        "Borgere og bibliotek skaber tilbuddet sammen som ligeværdige parter."
    ),
    ParticipationLevel.CITIZEN_LED: _(
        "Borgerne står for tilbuddet; biblioteket støtter og giver plads."
    ),
}


class Initiative(models.Model):
    """A citizen's proposal, or an idea staff heard in everyday dialogue."""

    # What is proposed
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    citizen_role = models.CharField(
        _("borgerens rolle"), max_length=10, choices=CitizenRole.choices, default=CitizenRole.WISH
    )
    format = models.CharField(
        _("form"), max_length=20, choices=Format.choices, default=Format.OTHER
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("målgrupper"), blank=True, related_name="initiatives"
    )
    preferred_branch = models.ForeignKey(
        Branch,
        verbose_name=_("ønsket bibliotek"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    preferred_time = models.CharField(_("ønsket tidspunkt"), max_length=200, blank=True)
    expected_participants = models.PositiveIntegerField(
        _("forventet antal deltagere"), null=True, blank=True
    )
    needs_room = models.BooleanField(_("lokale"), default=False)
    needs_equipment = models.BooleanField(_("udstyr"), default=False)
    needs_marketing = models.BooleanField(_("markedsføring"), default=False)
    needs_staff_help = models.BooleanField(_("hjælp fra personalet"), default=False)
    needs_other = models.CharField(_("andet, vi skal vide"), max_length=300, blank=True)
    together_with = models.TextField(
        _("Sammen med hvem?"),
        blank=True,
        help_text=_("Personer, foreninger eller samarbejdspartnere, der skal være med."),
    )

    # Who proposed it (cleared by anonymisation, see services.initiative_anonymise)
    contact_name = models.CharField(_("navn"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("borgerens konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    consent_text = models.ForeignKey(
        ConsentText, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    name_may_be_shown = models.BooleanField(
        _("borgerens navn må vises, når idéen er blevet til noget"), default=False
    )
    channel = models.CharField(
        _("kanal"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registreret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_initiatives",
    )

    # Handling
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_initiatives",
    )
    first_response_due = models.DateField(_("første svar senest"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("første svar givet"), null=True, blank=True)
    participation_level = models.CharField(
        _("deltagelsesniveau"),
        max_length=12,
        choices=ParticipationLevel.choices,
        blank=True,
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("indsatsområder"), blank=True, related_name="initiatives"
    )
    involved = models.TextField(
        _("involverede personer og partnere"),
        blank=True,
        help_text=_("Hvem er med i samskabelsen? Navne, foreninger, samarbejdspartnere."),
    )
    referred_to = models.CharField(_("henvist til"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("dublet af"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    public_summary = models.TextField(
        _("tekst til udstillingen"),
        blank=True,
        help_text=_(
            "Vises på siden 'Det har vi skabt sammen', når initiativet er gennemført. "
            "Lad feltet stå tomt, hvis det ikke skal vises."
        ),
    )
    activities = models.ManyToManyField(
        Activity, verbose_name=_("aktiviteter"), blank=True, related_name="initiatives"
    )

    # The private tracking link: revoked by replacing the key (see services.tracking_*).
    tracking_key = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=8, default="da")
    deletion_requested_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativer")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("initiatives:staff_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return (
            self.first_responded_at is None
            and self.first_response_due is not None
            and self.status == Status.RECEIVED
            and self.first_response_due < timezone.localdate()
        )

    @property
    def needs(self) -> list[str]:
        labels = []
        for field in ("needs_room", "needs_equipment", "needs_marketing", "needs_staff_help"):
            if getattr(self, field):
                labels.append(str(self._meta.get_field(field).verbose_name))
        if self.needs_other:
            labels.append(self.needs_other)
        return labels

    @property
    def public_name(self) -> str:
        return self.contact_name if self.name_may_be_shown and self.contact_name else ""


class MessageKind(models.TextChoices):
    PUBLIC_REPLY = "reply", _("Svar til borgeren")
    INTERNAL_NOTE = "note", _("Intern note")
    CITIZEN = "citizen", _("Fra borgeren")


class Message(models.Model):
    """One post in an initiative's thread. Internal notes are never shown or sent to the citizen."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    body = models.TextField(_("besked"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_visible_to_citizen(self) -> bool:
        return self.kind != MessageKind.INTERNAL_NOTE


class Attachment(models.Model):
    """An image or PDF sent with an initiative; served only through an access-checked view."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(upload_to="initiatives/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    from_citizen = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name


class StatusChange(models.Model):
    """The history: every status change with who, from, to, when and the message."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    message = models.TextField(blank=True)
    citizen_notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '–'} -> {self.to_status}"
