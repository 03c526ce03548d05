"""The staff filters for initiatives: one FilterSet shared by the triage list, the board and the
API, so a filter means the same thing everywhere (and is tested once)."""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Branch, FocusArea, TargetGroup

from .models import Initiative, Status

OWNER_ME = "me"
OWNER_NONE = "none"

AGE_CHOICES = [
    ("7", _("Modtaget de sidste 7 dage")),
    ("30", _("Modtaget de sidste 30 dage")),
    ("90", _("Modtaget de sidste 90 dage")),
    ("older", _("Ældre end 90 dage")),
]

SORT_NEWEST = "newest"
SORT_CHOICES = [
    (SORT_NEWEST, _("Nyeste først")),
    ("oldest", _("Ældste først")),
    ("deadline", _("Svarfrist, tidligste først")),
]


def overdue_q(today: datetime.date | None = None) -> Q:
    """Initiative.is_overdue as a query: received, not answered, and the deadline has passed."""
    return Q(
        status=Status.RECEIVED,
        first_responded_at__isnull=True,
        first_response_due__lt=today or timezone.localdate(),
    )


def overdue_initiatives(today: datetime.date | None = None) -> QuerySet:
    return Initiative.objects.filter(overdue_q(today))


class BoardFilter(django_filters.FilterSet):
    """The filters the board has: branch, focus area, owner."""

    branch = django_filters.ModelChoiceFilter(
        field_name="preferred_branch",
        queryset=Branch.objects.order_by("kind", "name"),
        label=_("Bibliotek"),
        empty_label=_("Alle biblioteker"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        field_name="focus_areas",
        queryset=FocusArea.objects.order_by("-is_active", "order", "name"),
        label=_("Indsatsområde"),
        empty_label=_("Alle indsatsområder"),
    )
    owner = django_filters.CharFilter(
        method="filter_owner",
        label=_("Ansvarlig"),
        help_text=_("'me' (mig), 'none' (ingen ansvarlig) eller en medarbejders id."),
    )

    class Meta:
        model = Initiative
        fields: list[str] = []

    def filter_owner(self, queryset, name, value):
        value = (value or "").strip()
        if value == OWNER_ME:
            user = getattr(self.request, "user", None)
            if user is None or not user.is_authenticated:
                return queryset.none()
            return queryset.filter(owner=user)
        if value == OWNER_NONE:
            return queryset.filter(owner__isnull=True)
        if value.isdigit():
            return queryset.filter(owner_id=int(value))
        return queryset


class InitiativeFilter(BoardFilter):
    """Everything the triage list and GET /api/initiatives/ filter on."""

    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, label=_("Status"), widget=forms.CheckboxSelectMultiple
    )
    target_group = django_filters.ModelChoiceFilter(
        field_name="target_groups",
        queryset=TargetGroup.objects.order_by("order"),
        label=_("Målgruppe"),
        empty_label=_("Alle målgrupper"),
    )
    age = django_filters.ChoiceFilter(
        choices=AGE_CHOICES, method="filter_age", label=_("Alder"), empty_label=_("Alle")
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Kun overskredne svarfrister"),
        widget=forms.CheckboxInput,
    )
    q = django_filters.CharFilter(method="filter_search", label=_("Søg i titel og beskrivelse"))
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_sort", label=_("Sortering"), empty_label=None
    )

    def filter_age(self, queryset, name, value):
        now = timezone.now()
        if value == "older":
            return queryset.filter(created_at__lt=now - datetime.timedelta(days=90))
        if value in {"7", "30", "90"}:
            return queryset.filter(created_at__gte=now - datetime.timedelta(days=int(value)))
        return queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(title__icontains=value) | Q(description__icontains=value)
        number = value.removeprefix("#")
        if number.isdigit():
            match |= Q(pk=int(number))
        return queryset.filter(match)

    def filter_sort(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("created_at", "pk")
        if value == "deadline":
            return queryset.order_by(
                F("first_response_due").asc(nulls_last=True), "created_at", "pk"
            )
        return queryset.order_by("-created_at", "-pk")
