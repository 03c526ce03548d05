from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Branch, FocusArea, TargetGroup


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Gennemført")
    CANCELLED = "cancelled", _("Aflyst")


class ActivityQuerySet(models.QuerySet):
    def public(self):
        """What citizens may see: public and not cancelled."""
        return self.filter(is_public=True).exclude(status=ActivityStatus.CANCELLED)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())


class Activity(models.Model):
    """A dated event at a branch (arrangement), often co-created from a citizen's initiative."""

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    branch = models.ForeignKey(
        Branch, verbose_name=_("filial"), on_delete=models.PROTECT, related_name="activities"
    )
    place = models.CharField(
        _("sted"), max_length=200, blank=True, help_text=_("Fx 'Salen, 1. sal' eller en adresse.")
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("målgrupper"), blank=True, related_name="activities"
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("indsatsområder"), blank=True, related_name="activities"
    )
    is_public = models.BooleanField(
        _("vis i den offentlige kalender"),
        default=True,
        help_text=_("Interne aktiviteter vises kun for personalet."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    cancel_reason = models.CharField(_("årsag til aflysning"), max_length=300, blank=True)
    attendance_total = models.PositiveIntegerField(_("deltagere i alt"), null=True, blank=True)
    attendance_children = models.PositiveIntegerField(
        _("heraf børn 0-14 år"), null=True, blank=True
    )
    evaluation = models.TextField(
        _("kort evaluering"),
        blank=True,
        help_text=_("Hvad gik godt, hvad gør vi anderledes næste gang?"),
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_activities",
    )
    # RFC 5545 SEQUENCE: raised on every change, so calendars update an imported event.
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["is_public", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(attendance_children__isnull=True)
                | models.Q(attendance_total__isnull=True)
                | models.Q(attendance_children__lte=models.F("attendance_total")),
                name="activity_children_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class CoHostKind(models.TextChoices):
    CITIZEN = "citizen", _("Borger")
    STAFF = "staff", _("Medarbejder")
    PARTNER = "partner", _("Samarbejdspartner")
    VOLUNTEER = "volunteer", _("Frivillig")


class ActivityCoHost(models.Model):
    """Who makes the activity together with the library ("Sammen med hvem?")."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="cohosts")
    kind = models.CharField(_("type"), max_length=10, choices=CoHostKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    show_publicly = models.BooleanField(
        _("vis navnet i kalenderen"),
        default=False,
        help_text=_("Kun med personens eller organisationens samtykke."),
    )

    class Meta:
        verbose_name = _("medarrangør")
        verbose_name_plural = _("medarrangører")
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"
