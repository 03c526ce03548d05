"""The public activity calendar as an API: read-only, no login, only what citizens may see."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from organisation.models import Branch, FocusArea, TargetGroup, TargetGroupKind

from .models import Activity, ActivityCoHost
from .queries import with_public_details


class PublicBranchSerializer(serializers.ModelSerializer):
    address = serializers.CharField(source="full_address", read_only=True)

    class Meta:
        model = Branch
        # No "kind": BranchKind in a second schema component would collide with the staff
        # API's Branch.kind in drf-spectacular's enum naming (a warning without a settings
        # override), and citizens can do without it.
        fields = ["id", "slug", "name", "address"]


class TargetGroupSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TargetGroup
        fields = ["kind", "label"]


class PublicFocusAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = FocusArea
        fields = ["slug", "name"]


class PublicCoHostSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityCoHost
        fields = ["kind", "name"]


class PublicActivitySerializer(serializers.ModelSerializer):
    """Only public facts: no attendance, evaluation, creator or internal flags."""

    url = serializers.HyperlinkedIdentityField(
        view_name="activities:detail", help_text="The activity's public page."
    )
    ical_url = serializers.HyperlinkedIdentityField(
        view_name="activities:ical_event", help_text="The activity as an iCalendar file."
    )
    branch = PublicBranchSerializer(read_only=True)
    target_groups = TargetGroupSerializer(many=True, read_only=True)
    focus_areas = PublicFocusAreaSerializer(many=True, read_only=True)
    cohosts = PublicCoHostSerializer(
        source="public_cohosts",
        many=True,
        read_only=True,
        help_text="Who makes the activity with the library, where they agreed to be named.",
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "url",
            "ical_url",
            "title",
            "description",
            "branch",
            "place",
            "starts_at",
            "ends_at",
            "target_groups",
            "focus_areas",
            "cohosts",
        ]


class PublicActivityFilter(django_filters.FilterSet):
    branch = django_filters.CharFilter(
        field_name="branch__slug", help_text="A branch's slug, e.g. 'hovedbiblioteket'."
    )
    target_group = django_filters.ChoiceFilter(
        field_name="target_groups__kind",
        choices=TargetGroupKind.choices,
        help_text="A target group's kind.",
    )
    focus_area = django_filters.CharFilter(
        field_name="focus_areas__slug", help_text="A focus area's slug, e.g. 'samskabelse'."
    )
    starts_after = django_filters.DateTimeFilter(
        field_name="starts_at",
        lookup_expr="gte",
        help_text="Activities starting at or after this date or time (ISO 8601). Without "
        "this or starts_before, the list holds only activities that have not ended.",
    )
    starts_before = django_filters.DateTimeFilter(
        field_name="starts_at",
        lookup_expr="lte",
        help_text="Activities starting at or before this date or time (ISO 8601).",
    )

    class Meta:
        model = Activity
        fields = ["branch", "target_group", "focus_area", "starts_after", "starts_before"]


@extend_schema_view(
    list=extend_schema(
        summary="List public activities",
        description="The library's public calendar: activities that are public and not "
        "cancelled, ordered by start. Without a time filter, only those that have not ended.",
    ),
    retrieve=extend_schema(
        summary="One public activity",
        description="A public, not cancelled activity. Anything else is 404.",
    ),
)
class PublicActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """The public activity calendar (arrangementer). No login needed."""

    # Nobody logs in here: no session or token lookups, and no CSRF on reads.
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicActivitySerializer
    filterset_class = PublicActivityFilter
    search_fields = ["title", "description", "place"]
    ordering_fields = ["starts_at"]
    ordering = ["starts_at", "pk"]
    # Four queries for a page of any length, plus the count: activities joined with their
    # branch, then target groups, focus areas and public co-hosts (queries.with_public_details).
    queryset = with_public_details(Activity.objects.public()).order_by("starts_at", "pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        if self.action == "list" and not (
            params.get("starts_after") or params.get("starts_before")
        ):
            queryset = queryset.upcoming()
        return queryset
