"""The toolbox API: method cards, session plans and experience logs (read-only).

Who sees what (the same rules as the pages, toolbox/access.py):
- methods: staff see every card, drafts too; everyone else sees published cards only, and only
  when the library shows them to the public (ToolboxSettings.public_methods) - otherwise 404;
- session plans and experience logs: staff only (anonymous 401/403, citizens 404).
The method list takes the browser's filters (category, phase, level, duration, group, setting,
area, q; several values of one filter widen the choice), see toolbox/services/browse.py.
ROUTES is registered on the one router in portal/api_urls.py.
"""

import django_filters
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import NotFound

from accounts.access import is_library_staff
from organisation.api import IsLibraryStaff

from .models import (
    LEVEL_CHOICES,
    CompetenceArea,
    ExperienceLog,
    Method,
    MethodStep,
    SessionItem,
    SessionPlan,
)
from .services.browse import FACETS, browse
from .services.plans import schedule


class MethodStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = MethodStep
        fields = ["title", "description", "minutes"]


class MethodSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text="The card's page: the staff page for staff, the public page for others."
    )
    participation_level = serializers.CharField(
        help_text="The participation ladder as on initiatives (inform, consult, involve, "
        "cocreate, citizen_led) or 'internal'."
    )
    phases = serializers.ListField(child=serializers.CharField(), help_text="Phase keys.")
    materials = serializers.ListField(child=serializers.CharField())
    steps = MethodStepSerializer(many=True, read_only=True)
    related = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    competence_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="key")

    class Meta:
        model = Method
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "summary",
            "purpose",
            "when_to_use",
            "when_not_to_use",
            "category",
            "phases",
            "participation_level",
            "duration_min",
            "duration_max",
            "group_min",
            "group_max",
            "facilitators",
            "setting",
            "preparation",
            "materials",
            "steps",
            "tips",
            "pitfalls",
            "library_example",
            "variations",
            "related",
            "competence_areas",
            "sources",
            "status",
            "last_reviewed",
        ]

    def get_url(self, method) -> str:
        request = self.context.get("request")
        if request is None or is_library_staff(request.user):
            path = method.get_absolute_url()
        else:
            path = reverse("toolbox:public_detail", args=[method.slug])
        return request.build_absolute_uri(path) if request else path


FILTER_PARAMETERS = [
    OpenApiParameter(
        name, OpenApiTypes.STR, many=True, description=f"Browser filter '{name}' (repeatable)."
    )
    for name in FACETS
] + [OpenApiParameter("q", OpenApiTypes.STR, description="Search title, summary and steps.")]


@extend_schema_view(
    list=extend_schema(
        summary="Method cards",
        description="Staff: every card. Others: published cards when the library shows them "
        "to the public, else 404.",
        parameters=FILTER_PARAMETERS,
    ),
    retrieve=extend_schema(summary="One method card"),
)
class MethodViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    serializer_class = MethodSerializer
    lookup_field = "slug"
    filter_backends = []

    def get_queryset(self):
        from .access import public_methods_shown

        # Five queries for a page of any length: the count, the cards, then steps, related
        # cards and competence areas (plus three for the browser's filters when given).
        methods = Method.objects.prefetch_related(
            Prefetch("steps", queryset=MethodStep.objects.order_by("order", "pk")),
            Prefetch("related", queryset=Method.objects.only("pk", "slug")),
            Prefetch("competence_areas", queryset=CompetenceArea.objects.only("pk", "key")),
        ).order_by("title", "pk")
        if getattr(self, "swagger_fake_view", False):
            return methods
        if not is_library_staff(self.request.user):
            if not public_methods_shown():
                raise NotFound
            methods = methods.published()
        params = self.request.query_params
        if self.action == "list" and any(params.getlist(name) for name in [*FACETS, "q"]):
            methods = methods.filter(pk__in=browse(methods, params).ids)
        return methods


class SessionItemSerializer(serializers.ModelSerializer):
    method = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)

    class Meta:
        model = SessionItem
        fields = ["id", "order", "kind", "method", "title", "minutes", "notes"]


class SessionPlanSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.name", read_only=True)
    items = SessionItemSerializer(many=True, read_only=True)
    total_minutes = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField(help_text="Clock time at the end ('HH:MM').")

    class Meta:
        model = SessionPlan
        fields = [
            "id",
            "title",
            "date",
            "start_time",
            "audience",
            "goal",
            "initiative",
            "activity",
            "owner",
            "items",
            "total_minutes",
            "ends_at",
            "created_at",
        ]

    def get_total_minutes(self, plan) -> int:
        return sum(item.minutes for item in plan.items.all())

    def get_ends_at(self, plan) -> str | None:
        if plan.start_time is None:
            return None
        return schedule(plan, plan.items.all())[2]


class PlanFilter(django_filters.FilterSet):
    class Meta:
        model = SessionPlan
        fields = ["initiative", "activity", "owner"]


@extend_schema_view(
    list=extend_schema(summary="Session plans", description="Staff only."),
    retrieve=extend_schema(summary="One session plan"),
)
class SessionPlanViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsLibraryStaff]
    serializer_class = SessionPlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["date", "created_at", "title"]
    # Three queries for a page of any length: the count, the plans with their owner, the items
    # with their method.
    queryset = (
        SessionPlan.objects.select_related("owner")
        .prefetch_related(
            Prefetch(
                "items", queryset=SessionItem.objects.select_related("method").order_by("order")
            )
        )
        .order_by("-date", "-created_at", "-pk")
    )


class ExperienceLogSerializer(serializers.ModelSerializer):
    method = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    level_reached = serializers.ChoiceField(choices=LEVEL_CHOICES, allow_blank=True)
    target_groups = serializers.SlugRelatedField(many=True, read_only=True, slug_field="kind")
    author = serializers.CharField(source="author.name", read_only=True, default=None)

    class Meta:
        model = ExperienceLog
        fields = [
            "id",
            "method",
            "session_item",
            "date",
            "initiative",
            "activity",
            "participants",
            "target_groups",
            "participants_note",
            "what_worked",
            "what_to_change",
            "rating",
            "level_reached",
            "author",
            "created_at",
        ]


class LogFilter(django_filters.FilterSet):
    method = django_filters.CharFilter(field_name="method__slug", help_text="The card's slug.")

    class Meta:
        model = ExperienceLog
        fields = ["method", "initiative", "activity"]


@extend_schema_view(
    list=extend_schema(summary="Experience logs", description="Staff only."),
    retrieve=extend_schema(summary="One experience log"),
)
class ExperienceLogViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsLibraryStaff]
    serializer_class = ExperienceLogSerializer
    filterset_class = LogFilter
    ordering_fields = ["date", "rating"]
    # Three queries for a page of any length: the count, the logs with method and author, the
    # target groups.
    queryset = (
        ExperienceLog.objects.select_related("method", "author")
        .prefetch_related("target_groups")
        .order_by("-date", "-pk")
    )


# (prefix, viewset, basename)
ROUTES = [
    ("methods", MethodViewSet, "method"),
    ("session-plans", SessionPlanViewSet, "sessionplan"),
    ("experience-logs", ExperienceLogViewSet, "experiencelog"),
]
