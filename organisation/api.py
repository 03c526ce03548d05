import django_filters
from django.http import Http404
from rest_framework import permissions, serializers, viewsets

from accounts.access import is_library_staff

from .models import Branch, FocusArea, FocusTarget, Team


class IsLibraryStaff(permissions.BasePermission):
    """Anonymous: 401/403 from DRF. Logged-in citizens: 404, as for the back office pages."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if not is_library_staff(request.user):
            raise Http404
        return True


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()


class BranchSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    tovholder = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Branch
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "kind_display",
            "address",
            "postcode",
            "city",
            "email",
            "phone",
            "opening_hours",
            "tovholder",
            "is_active",
        ]


class TeamSerializer(serializers.ModelSerializer):
    koordinator = PersonSerializer(read_only=True, allow_null=True)
    members = PersonSerializer(many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "description", "branch", "koordinator", "members", "is_active"]


class FocusTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = FocusTarget
        fields = ["id", "description", "target_value", "unit", "period"]


class FocusAreaSerializer(serializers.ModelSerializer):
    targets = FocusTargetSerializer(many=True, read_only=True)

    class Meta:
        model = FocusArea
        fields = [
            "id",
            "name",
            "slug",
            "summary",
            "description",
            "starts_on",
            "ends_on",
            "is_active",
            "targets",
        ]


class BranchFilter(django_filters.FilterSet):
    class Meta:
        model = Branch
        fields = ["kind", "is_active", "tovholder"]


class BranchViewSet(viewsets.ReadOnlyModelViewSet):
    """The library's branches, including the mobile library (bogbus)."""

    permission_classes = [IsLibraryStaff]
    serializer_class = BranchSerializer
    filterset_class = BranchFilter
    search_fields = ["name", "city", "address"]
    ordering_fields = ["name", "kind"]
    # One query for the page, one for the count; the tovholder is joined.
    queryset = Branch.objects.select_related("tovholder").order_by("kind", "name")


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    """Teams (hold) with their koordinator and members."""

    permission_classes = [IsLibraryStaff]
    serializer_class = TeamSerializer
    filterset_fields = ["branch", "koordinator", "is_active"]
    search_fields = ["name", "description"]
    ordering_fields = ["name"]
    queryset = (
        Team.objects.select_related("koordinator").prefetch_related("members").order_by("name")
    )


class FocusAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """The strategy's focus areas (indsatsområder) with their measurable targets."""

    permission_classes = [IsLibraryStaff]
    serializer_class = FocusAreaSerializer
    filterset_fields = ["is_active"]
    search_fields = ["name", "summary"]
    ordering_fields = ["order", "name"]
    queryset = FocusArea.objects.prefetch_related("targets").order_by("order", "name")
