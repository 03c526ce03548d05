"""The toolbox (værktøjskasse): method cards, session plans, experience logs and competence.

- ``Method`` is a card. Its phases and materials are short JSON lists (fixed vocabulary / free
  lines); its steps are rows (``MethodStep``) because they are ordered and have their own time.
- ``SessionPlan`` chains methods and breaks (``SessionItem``) into a timed agenda.
- ``ExperienceLog`` is what staff learned from using a method in a real session; the card
  aggregates them (times used, where, average rating, latest learnings).
- ``CompetenceArea`` rows come from a data migration (0002); ``SelfAssessment`` is one staff
  member's own rating per area (never shown to anyone else; managers see counts only).
- ``ToolboxSettings`` is the toolbox's own one-row settings: whether published cards are shown
  to the public at /metoder/ (off by default). Kept in the toolbox rather than on
  organisation.Library, so the organisation app does not depend on the toolbox.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from initiatives.models import Initiative, ParticipationLevel
from organisation.models import TargetGroup


class Category(models.TextChoices):
    COCREATION_CITIZENS = "cocreation_citizens", _("Samskabelse med borgere")
    VOLUNTEERS = "volunteers", _("Arbejdet med frivillige")
    PARTNERS = "partners", _("Arbejdet med samarbejdspartnere")
    DIALOGUE_HOSTING = "dialogue_hosting", _("Dialog og værtskab")
    EVALUATION_LEARNING = "evaluation_learning", _("Evaluering og læring")
    INTERNAL_DEVELOPMENT = "internal_development", _("Intern udvikling")


class Phase(models.TextChoices):
    UNDERSTAND = "understand", _("Forstå")
    IDEAS = "ideas", _("Idéer")
    TRY_OUT = "try_out", _("Afprøve")
    CARRY_OUT = "carry_out", _("Gennemføre")
    EVALUATE = "evaluate", _("Evaluere")


INTERNAL_LEVEL = "internal"
# The initiatives' five-step participation ladder, plus "internal" for staff-only methods.
LEVEL_CHOICES = [*ParticipationLevel.choices, (INTERNAL_LEVEL, _("Internt"))]


class Setting(models.TextChoices):
    PHYSICAL = "physical", _("Fysisk")
    ONLINE = "online", _("Online")
    BOTH = "both", _("Fysisk eller online")


class MethodStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PUBLISHED = "published", _("Udgivet")


class CompetenceArea(models.Model):
    key = models.SlugField(_("nøgle"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kompetenceområde")
        verbose_name_plural = _("kompetenceområder")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class MethodQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=MethodStatus.PUBLISHED)


class Method(models.Model):
    slug = models.SlugField(_("kort navn i adressen"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=150)
    summary = models.CharField(_("kort fortalt"), max_length=300)
    purpose = models.TextField(_("formål"), blank=True)
    when_to_use = models.TextField(_("hvornår den passer"), blank=True)
    when_not_to_use = models.TextField(_("hvornår den ikke passer"), blank=True)
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    # A subset of Phase values, in Phase order (see services.methods.clean_phases).
    phases = models.JSONField(_("faser"), default=list, blank=True)
    participation_level = models.CharField(
        _("deltagelsesniveau"), max_length=12, choices=LEVEL_CHOICES
    )
    duration_min = models.PositiveIntegerField(_("varighed fra (minutter)"))
    duration_max = models.PositiveIntegerField(_("varighed til (minutter)"))
    group_min = models.PositiveIntegerField(_("deltagere fra"))
    group_max = models.PositiveIntegerField(_("deltagere til"))
    facilitators = models.PositiveSmallIntegerField(_("facilitatorer"), default=1)
    setting = models.CharField(
        _("fysisk eller online"), max_length=10, choices=Setting.choices, default=Setting.PHYSICAL
    )
    preparation = models.TextField(_("forberedelse"), blank=True)
    materials = models.JSONField(_("materialer"), default=list, blank=True)
    tips = models.TextField(_("gode råd til facilitatoren"), blank=True)
    pitfalls = models.TextField(_("faldgruber"), blank=True)
    library_example = models.TextField(_("eksempel fra biblioteket"), blank=True)
    variations = models.TextField(_("variationer"), blank=True)
    sources = models.TextField(_("kilder og ophav"), blank=True)
    related = models.ManyToManyField(
        "self", verbose_name=_("kan kombineres med"), blank=True, symmetrical=True
    )
    competence_areas = models.ManyToManyField(
        CompetenceArea, verbose_name=_("træner"), blank=True, related_name="methods"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MethodStatus.choices, default=MethodStatus.DRAFT
    )
    last_reviewed = models.DateField(_("senest gennemgået"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MethodQuerySet.as_manager()

    class Meta:
        verbose_name = _("metode")
        verbose_name_plural = _("metoder")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("toolbox:method_detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == MethodStatus.PUBLISHED

    def phase_labels(self) -> list[str]:
        labels = dict(Phase.choices)
        return [str(labels[p]) for p in self.phases if p in labels]

    def get_participation_level_display(self):
        return dict(LEVEL_CHOICES).get(self.participation_level, self.participation_level)

    @property
    def duration_label(self) -> str:
        if self.duration_min == self.duration_max:
            return f"{self.duration_min} min"
        return f"{self.duration_min}-{self.duration_max} min"

    @property
    def group_label(self) -> str:
        if self.group_min == self.group_max:
            return str(self.group_min)
        return f"{self.group_min}-{self.group_max}"


class MethodStep(models.Model):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("trin"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    minutes = models.PositiveIntegerField(_("minutter"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class SessionPlan(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    date = models.DateField(_("dato"), null=True, blank=True)
    start_time = models.TimeField(_("starttidspunkt"), null=True, blank=True)
    audience = models.CharField(_("deltagere"), max_length=300, blank=True)
    goal = models.TextField(_("mål"), blank=True)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiativ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session_plans",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("aktivitet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session_plans",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ejer"),
        on_delete=models.PROTECT,
        related_name="session_plans",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("procesplan")
        verbose_name_plural = _("procesplaner")
        ordering = ["-date", "-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("toolbox:plan_detail", args=[self.pk])


class ItemKind(models.TextChoices):
    METHOD = "method", _("Metode")
    BREAK = "break", _("Pause")
    OTHER = "other", _("Andet")


class SessionItem(models.Model):
    plan = models.ForeignKey(SessionPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=10, choices=ItemKind.choices)
    method = models.ForeignKey(
        Method, null=True, blank=True, on_delete=models.SET_NULL, related_name="session_items"
    )
    title = models.CharField(_("titel"), max_length=200)
    minutes = models.PositiveIntegerField(
        _("minutter"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    notes = models.TextField(_("noter"), blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class ExperienceLog(models.Model):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="logs")
    session_item = models.ForeignKey(
        SessionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="logs"
    )
    date = models.DateField(_("dato"))
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiativ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="method_logs",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("aktivitet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="method_logs",
    )
    participants = models.PositiveIntegerField(_("antal deltagere"), null=True, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("målgrupper"), blank=True, related_name="+"
    )
    participants_note = models.CharField(_("hvem deltog"), max_length=300, blank=True)
    what_worked = models.TextField(_("det virkede"), blank=True)
    what_to_change = models.TextField(_("det gør vi anderledes"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("vurdering"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    level_reached = models.CharField(
        _("opnået deltagelsesniveau"), max_length=12, choices=LEVEL_CHOICES, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="method_logs",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("erfaring")
        verbose_name_plural = _("erfaringer")
        ordering = ["-date", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.method} {self.date}"

    def get_level_reached_display(self):
        return dict(LEVEL_CHOICES).get(self.level_reached, "")


class SelfAssessment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessments"
    )
    area = models.ForeignKey(CompetenceArea, on_delete=models.CASCADE, related_name="assessments")
    level = models.PositiveSmallIntegerField(
        _("niveau"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    wants_to_develop = models.BooleanField(_("vil gerne udvikle mig her"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="one_self_assessment_per_area")
        ]

    def __str__(self):
        return f"{self.area}: {self.level}"


class ToolboxSettings(models.Model):
    """One row: the toolbox's settings (see the module docstring)."""

    public_methods = models.BooleanField(
        _("vis de udgivne metoder for alle"),
        default=False,
        help_text=_(
            "Så kan borgere, foreninger og andre biblioteker se metodekortene på /metoder/."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    SINGLETON_PK = 1

    def __str__(self):
        return "Værktøjskassens indstillinger"

    def save(self, *args, **kwargs):
        # Invariant: one row only.
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "ToolboxSettings":
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)
