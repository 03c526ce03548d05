from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ConsentText
from activities.models import Activity
from organisation.models import Branch, FocusArea, TargetGroup, Team

CONSENT_PURPOSE = "volunteer"


# --- The written volunteer model --------------------------------------------------------------


class InsuranceBasis(models.TextChoices):
    MUNICIPAL = "municipal", _("Kommunens forsikring efter serviceloven § 18 a")
    OTHER = "other", _("Anden forsikring")


class VolunteerModel(models.Model):
    """The library's written model for volunteering. Versioned: a change is a new row, and every
    expectation agreement records the version it was made from."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    introduction = models.TextField(_("indledning"))
    value_contexts = models.TextField(
        _("hvor frivillige tilfører værdi"),
        help_text=_("De sammenhænge, hvor frivillige gør bibliotekets tilbud bedre."),
    )
    supplement_principle = models.TextField(
        _("frivillige supplerer – de erstatter ikke"),
        help_text=_("Princippet om, at frivillige supplerer og aldrig erstatter ansatte."),
    )
    library_offers = models.TextField(
        _("det tilbyder biblioteket"),
        help_text=_("Kontaktperson, introduktion og oplæring, udgifter, forsikring."),
    )
    library_expects = models.TextField(_("det forventer biblioteket"))
    insurance_basis = models.CharField(
        _("forsikring"), max_length=10, choices=InsuranceBasis.choices
    )
    insurance_details = models.TextField(_("om forsikringen"), blank=True)
    med_agreed_on = models.DateField(_("godkendt i MED-udvalget"), null=True, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("frivillighedsmodel")
        verbose_name_plural = _("frivillighedsmodeller")
        ordering = ["-version"]

    def __str__(self):
        return f"Frivillighedsmodel v{self.version}"

    @classmethod
    def current(cls) -> "VolunteerModel | None":
        return cls.objects.order_by("-version").first()


# --- Roles ----------------------------------------------------------------------------------


class RoleStatus(models.TextChoices):
    OPEN = "open", _("Åben for ansøgninger")
    PAUSED = "paused", _("Sat på pause")
    CLOSED = "closed", _("Lukket")


class VolunteerRole(models.Model):
    """An opgavebeskrivelse: what a volunteer does in one role, and what the library offers."""

    title = models.CharField(_("titel"), max_length=150)
    slug = models.SlugField(_("kort navn i adressen"), max_length=80, unique=True)
    purpose = models.TextField(_("formål"))
    tasks = models.TextField(_("opgaver"))
    time_commitment = models.CharField(
        _("tidsforbrug"), max_length=200, help_text=_("Fx '2 timer om ugen, helst et halvt år'.")
    )
    skills_wanted = models.TextField(_("det er godt, hvis du"), blank=True)
    library_offers = models.TextField(_("det får du"), blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kontaktperson"),
        on_delete=models.PROTECT,
        related_name="volunteer_roles",
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("filial"), on_delete=models.PROTECT, related_name="volunteer_roles"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("hold"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_roles",
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("målgrupper, du møder"), blank=True, related_name="+"
    )
    involves_children = models.BooleanField(
        _("fast kontakt med børn under 15 år"),
        default=False,
        help_text=_("Så skal der indhentes børneattest, før den frivillige får vagter."),
    )
    minimum_age = models.PositiveSmallIntegerField(_("mindstealder"), default=15)
    status = models.CharField(
        _("status"), max_length=10, choices=RoleStatus.choices, default=RoleStatus.OPEN
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("indsatsområder"), blank=True, related_name="volunteer_roles"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("knyttet til aktivitet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_roles",
    )
    # Bumped by services when the content an agreement is built from changes.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opgavebeskrivelse")
        verbose_name_plural = _("opgavebeskrivelser")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("volunteers:role_detail", args=[self.slug])


class RoleQuestion(models.Model):
    """An extra question an applicant for this role answers."""

    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("spørgsmål"), max_length=300)
    required = models.BooleanField(_("skal besvares"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class OnboardingItem(models.Model):
    """One step of a role's onboarding checklist (e.g. house tour, confidentiality)."""

    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="onboarding")
    text = models.CharField(_("punkt"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


# --- Volunteers and applications -------------------------------------------------------------


class Volunteer(models.Model):
    """A person's volunteer profile (one per account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer"
    )
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    languages = models.CharField(_("sprog"), max_length=200, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kontaktperson/mentor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_volunteers",
    )
    ical_key = models.CharField(max_length=64, blank=True, db_index=True)
    ended_at = models.DateTimeField(_("stoppet"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("frivillig")
        verbose_name_plural = _("frivillige")
        ordering = ["user__name"]

    def __str__(self):
        return str(self.user)

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Modtaget")
    ON_HOLD = "on_hold", _("Sat i bero")
    APPROVED = "approved", _("Godkendt")
    DECLINED = "declined", _("Afvist")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")
    ENDED = "ended", _("Stoppet")


ACTIVE_APPLICATION = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ON_HOLD,
    ApplicationStatus.APPROVED,
]


class Application(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="applications")
    role = models.ForeignKey(VolunteerRole, on_delete=models.PROTECT, related_name="applications")
    motivation = models.TextField(_("hvorfor vil du være frivillig her?"))
    experience = models.TextField(_("relevant erfaring"), blank=True)
    availability = models.CharField(_("hvornår kan du?"), max_length=300)
    languages = models.CharField(_("sprog, du taler"), max_length=200, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    consented_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ansøgning")
        verbose_name_plural = _("ansøgninger")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Invariant: one live application per person and role.
            models.UniqueConstraint(
                fields=["volunteer", "role"],
                condition=Q(status__in=["submitted", "on_hold", "approved"]),
                name="one_active_application_per_role",
            )
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.role}"


class ScreeningNote(models.Model):
    """Staff's notes from the talk with an applicant (never shown to the applicant)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note {self.created_at:%Y-%m-%d}: {self.application}"


# --- Expectation agreement -------------------------------------------------------------------


class Agreement(models.Model):
    """A forventningsafstemning between the library and one volunteer in one role.

    Its text is frozen when drafted (from the model version and the role version); a changed
    model or role yields a new version to accept again. Accepted versions stay readable.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="agreements"
    )
    version = models.PositiveIntegerField()
    model = models.ForeignKey(VolunteerModel, on_delete=models.PROTECT, related_name="+")
    role_version = models.PositiveIntegerField()
    sections = models.JSONField(default=list)  # [{"heading": str, "body": str}]
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up_on = models.DateField(_("opfølgning senest"))
    volunteer_accepted_at = models.DateTimeField(null=True, blank=True)
    volunteer_accepted_name = models.CharField(max_length=150, blank=True)
    staff_accepted_at = models.DateTimeField(null=True, blank=True)
    staff_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(upload_to="agreements/%Y/", blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forventningsafstemning")
        verbose_name_plural = _("forventningsafstemninger")
        ordering = ["application", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="agreement_version")
        ]

    def __str__(self):
        return f"Forventningsafstemning v{self.version}: {self.application}"

    @property
    def is_accepted(self) -> bool:
        return bool(self.volunteer_accepted_at and self.staff_accepted_at)


class TalkKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Opfølgningssamtale")
    EXIT = "exit", _("Exitsamtale")


class Talk(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="talks")
    kind = models.CharField(max_length=10, choices=TalkKind.choices)
    scheduled_for = models.DateField(_("planlagt til"))
    held_on = models.DateField(_("holdt"), null=True, blank=True)
    notes = models.TextField(_("kort referat"), blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbejder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When staff were reminded of the talk coming up (once; see volunteer_reminders).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        ordering = ["scheduled_for", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.scheduled_for}: {self.volunteer}"


# --- Børneattest (never the attest's content, never a CPR number) ----------------------------


class CertificateStatus(models.TextChoices):
    NOT_REQUESTED = "not_requested", _("Ikke indhentet")
    CONSENT_REQUESTED = "consent_requested", _("Samtykke er bedt om")
    IN_ORDER = "in_order", _("I orden")
    NOT_IN_ORDER = "not_in_order", _("Ikke i orden")


class ChildCertificate(models.Model):
    volunteer = models.OneToOneField(
        Volunteer, on_delete=models.CASCADE, related_name="child_certificate"
    )
    status = models.CharField(
        max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.NOT_REQUESTED
    )
    consent_requested_on = models.DateField(null=True, blank=True)
    checked_on = models.DateField(_("fundet i orden den"), null=True, blank=True)
    renewal_due = models.DateField(_("skal fornyes senest"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Børneattest: {self.volunteer} ({self.get_status_display()})"

    def is_valid_on(self, day) -> bool:
        return (
            self.status == CertificateStatus.IN_ORDER
            and self.renewal_due is not None
            and day <= self.renewal_due
        )


class OnboardingStep(models.Model):
    """A ticked item of a volunteer's onboarding checklist."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="onboarding"
    )
    item = models.ForeignKey(OnboardingItem, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="onboarding_item_once")
        ]

    def __str__(self):
        return f"{self.item} ({self.application})"


# --- Shifts ----------------------------------------------------------------------------------


class ShiftSeries(models.Model):
    """A weekly recurring shift; its shifts can be changed or cancelled singly or together."""

    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="series")
    weekday = models.PositiveSmallIntegerField(_("ugedag"))  # 0 = Monday
    start_time = models.TimeField(_("fra"))
    end_time = models.TimeField(_("til"), help_text=_("Før starttiden betyder næste dag."))
    starts_on = models.DateField(_("første dato"))
    ends_on = models.DateField(_("sidste dato"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("antal frivillige"))
    notes = models.TextField(_("noter"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["weekday", "start_time"]

    def __str__(self):
        return f"{self.role}: ugedag {self.weekday} kl. {self.start_time:%H.%M}"


class Shift(models.Model):
    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="shifts")
    series = models.ForeignKey(
        ShiftSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="shifts"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("antal frivillige"))
    notes = models.TextField(_("noter"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # RFC 5545 SEQUENCE: raised on every change a calendar must pick up (time, place, cancel),
    # so apps update an event the volunteer has already imported.
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vagt")
        verbose_name_plural = _("vagter")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="shift_has_a_place"),
        ]

    def __str__(self):
        return f"{self.role}: {timezone.localtime(self.starts_at):%d.%m.%Y %H.%M}"


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Tilmeldt")
    WAITLISTED = "waitlisted", _("På venteliste")
    OFFERED = "offered", _("Tilbudt en plads")
    CANCELLED = "cancelled", _("Afmeldt")
    OFFER_EXPIRED = "expired", _("Tilbud udløbet")
    SHIFT_CANCELLED = "shift_cancelled", _("Vagten er aflyst")


# A place on the shift is taken by a confirmed sign-up or by an open offer.
HOLDS_A_PLACE = [SignupStatus.CONFIRMED, SignupStatus.OFFERED]
LIVE_SIGNUP = [SignupStatus.CONFIRMED, SignupStatus.OFFERED, SignupStatus.WAITLISTED]


class Signup(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=16, choices=SignupStatus.choices)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        ordering = ["created_at", "pk"]
        constraints = [
            # Invariant: no duplicate live sign-up for one person on one shift.
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(status__in=["confirmed", "offered", "waitlisted"]),
                name="one_live_signup_per_shift",
            )
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.shift} ({self.status})"


# --- Hours -----------------------------------------------------------------------------------


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("Venter på godkendelse")
    APPROVED = "approved", _("Godkendt")
    REJECTED = "rejected", _("Afvist")


class HoursEntry(models.Model):
    """Hours given. From an attended shift (approved at once) or reported by the volunteer."""

    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="hours"
    )
    role = models.ForeignKey(VolunteerRole, on_delete=models.PROTECT, related_name="hours")
    signup = models.OneToOneField(
        Signup, null=True, blank=True, on_delete=models.SET_NULL, related_name="hours_entry"
    )
    date = models.DateField(_("dato"))
    hours = models.DecimalField(_("timer"), max_digits=5, decimal_places=2)
    description = models.CharField(_("hvad lavede du?"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=HoursStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("timer")
        verbose_name_plural = _("timer")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="hours_within_a_day"
            )
        ]

    def __str__(self):
        return f"{self.hours} t {self.date} ({self.get_status_display()})"
