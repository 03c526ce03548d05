from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

cvr_validator = RegexValidator(r"^\d{8}$", _("Et CVR-nummer er 8 cifre."))
ean_validator = RegexValidator(r"^\d{13}$", _("Et EAN-nummer er 13 cifre."))
postcode_validator = RegexValidator(r"^\d{4}$", _("Et postnummer er 4 cifre."))


class Library(models.Model):
    """The one library this installation serves (a single row, see ``load``)."""

    name = models.CharField(_("navn"), max_length=150, default="Biblioteket")
    municipality = models.CharField(_("kommune"), max_length=100, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postnummer"), max_length=4, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("by"), max_length=100, blank=True)
    email = models.EmailField(_("kontakt-e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="library/",
        blank=True,
        help_text=_("PNG, JPEG eller WebP, højst 2 MB. Vises i sidehovedet og på aftaler."),
    )
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, validators=[cvr_validator])
    ean = models.CharField(_("EAN-nummer"), max_length=13, blank=True, validators=[ean_validator])
    dpo_email = models.EmailField(
        _("databeskyttelsesrådgiverens e-mail"),
        blank=True,
        help_text=_("Vises på siden om behandling af personoplysninger."),
    )
    initiative_response_days = models.PositiveSmallIntegerField(
        _("svarfrist for nye initiativer (arbejdsdage)"),
        default=5,
        help_text=_("Så mange arbejdsdage har vi til at give borgeren et første svar."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    SINGLETON_PK = 1

    class Meta:
        verbose_name = _("bibliotek")
        verbose_name_plural = _("bibliotek")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Invariant: one row only. Every save writes the row with the fixed primary key.
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    def logo_content_type(self) -> str:
        # The upload form only accepts these formats, checked by content (see LibraryForm).
        suffix = self.logo.name.rsplit(".", 1)[-1].lower() if self.logo else ""
        return {"png": "image/png", "webp": "image/webp"}.get(suffix, "image/jpeg")

    @classmethod
    def load(cls) -> "Library":
        library = cls.objects.filter(pk=cls.SINGLETON_PK).first()
        return library or cls(pk=cls.SINGLETON_PK)


class BranchKind(models.TextChoices):
    MAIN = "main", _("Hovedbibliotek")
    BRANCH = "branch", _("Filial")
    MOBILE = "mobile", _("Bogbus")


class Branch(models.Model):
    name = models.CharField(_("navn"), max_length=120, unique=True)
    slug = models.SlugField(_("kort navn i adressen"), max_length=60, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=BranchKind.choices)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postnummer"), max_length=4, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("by"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    opening_hours = models.TextField(
        _("åbningstider"),
        blank=True,
        help_text=_("Fx 'Man-fre 10-19, lør 10-14'. For bogbussen: ruten og holdepladserne."),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    tovholder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tovholder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_branches",
        help_text=_("Medarbejderen med ansvar for filialen. Godkender frivillige og timer her."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("filial")
        verbose_name_plural = _("filialer")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff:branch_detail", args=[self.pk])

    @property
    def full_address(self) -> str:
        place = " ".join(part for part in [self.postcode, self.city] if part)
        return ", ".join(part for part in [self.address, place] if part)


class Team(models.Model):
    """A hold: a group of staff working on something together, led by a koordinator."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    description = models.TextField(_("formål"), blank=True)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("filial"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
        help_text=_("Tom, hvis holdet går på tværs af filialer."),
    )
    koordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("koordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_teams",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("medlemmer"), blank=True, related_name="teams"
    )
    is_active = models.BooleanField(_("aktivt"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("hold")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff:team_detail", args=[self.pk])


class FocusArea(models.Model):
    """A strategic focus area (indsatsområde) with its period and measurable targets."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    slug = models.SlugField(_("kort navn i adressen"), max_length=60, unique=True)
    summary = models.CharField(_("kort beskrivelse"), max_length=250)
    description = models.TextField(_("beskrivelse"), blank=True)
    starts_on = models.DateField(_("fra"), null=True, blank=True)
    ends_on = models.DateField(_("til"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    is_active = models.BooleanField(_("aktivt"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indsatsområde")
        verbose_name_plural = _("indsatsområder")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="focus_area_period_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff:focus_area_detail", args=[self.pk])


class TargetPeriod(models.TextChoices):
    YEAR = "year", _("om året")
    STRATEGY = "strategy", _("i strategiperioden")


class FocusTarget(models.Model):
    """A measurable target, e.g. 'reach 10,000 children a year'."""

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indsatsområde")
    )
    description = models.CharField(
        _("mål"), max_length=200, help_text=_("Fx 'Børn, der deltager i arrangementer'.")
    )
    target_value = models.PositiveIntegerField(_("målværdi"))
    unit = models.CharField(_("enhed"), max_length=40, help_text=_("Fx 'børn', 'frivillige'."))
    period = models.CharField(
        _("periode"), max_length=10, choices=TargetPeriod.choices, default=TargetPeriod.YEAR
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.description}: {self.target_value} {self.unit} {self.get_period_display()}"


class TargetGroupKind(models.TextChoices):
    CHILDREN_0_5 = "children-0-5", _("Børn 0-5 år")
    CHILDREN_6_14 = "children-6-14", _("Børn 6-14 år")
    YOUNG_15_24 = "young-15-24", _("Unge 15-24 år")
    ADULTS = "adults", _("Voksne")
    SENIORS = "seniors", _("Seniorer")
    FAMILIES = "families", _("Familier")
    EVERYONE = "everyone", _("Alle")


class TargetGroup(models.Model):
    """Who an initiative, activity or volunteer role is for: a fixed, ordered vocabulary, kept
    as rows so that lists can filter and prefetch on it (created by a data migration)."""

    kind = models.CharField(max_length=20, choices=TargetGroupKind.choices, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        ordering = ["order"]

    def __str__(self):
        return str(self.get_kind_display())

    @property
    def is_children(self) -> bool:
        return self.kind in {TargetGroupKind.CHILDREN_0_5, TargetGroupKind.CHILDREN_6_14}
