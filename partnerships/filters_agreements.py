"""The staff filters for agreements: one FilterSet shared by the list page, its CSV export and
GET /api/agreements/, so a filter means the same thing everywhere (and is tested once)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Branch, FocusArea

from .models import Agreement, AgreementKind, AgreementStatus, Partner

# An agreement that ended or was terminated is not "expiring".
NOT_ENDED = [
    AgreementStatus.DRAFT,
    AgreementStatus.IN_REVIEW,
    AgreementStatus.READY_TO_SIGN,
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
]
MAX_EXPIRING_DAYS = 3650


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Søg i nummer, titel og partner"))
    status = django_filters.MultipleChoiceFilter(
        choices=AgreementStatus.choices,
        label=_("Status"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    kind = django_filters.ChoiceFilter(
        choices=AgreementKind.choices, label=_("Type"), empty_label=_("Alle typer")
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=Partner.objects.order_by("name"),
        label=_("Partner"),
        empty_label=_("Alle partnere"),
    )
    branch = django_filters.ModelChoiceFilter(
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
    expiring = django_filters.NumberFilter(
        method="filter_expiring",
        label=_("Udløber inden for (dage)"),
        help_text=_("Fx 60: aftaler, hvis slutdato ligger fra i dag og 60 dage frem."),
        min_value=0,
        max_value=MAX_EXPIRING_DAYS,
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | Q(partner__name__icontains=value)
        )

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            status__in=NOT_ENDED,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=int(value)),
        )

    @property
    def qs(self):
        # Filtering on focus areas joins a many-to-many table: keep each agreement once.
        queryset = super().qs
        if self.form.is_valid() and self.form.cleaned_data.get("focus_area"):
            queryset = queryset.distinct()
        return queryset
