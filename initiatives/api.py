"""Staff API for initiatives: the triage list with the same filters as the back office, the
detail, status changes and the thread. Every write goes through services.py."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from organisation.api import IsLibraryStaff, PersonSerializer
from organisation.models import FocusArea, TargetGroup

from . import services
from .access import access_initiative
from .filters import InitiativeFilter
from .models import Initiative, Message, Status
from .services import InitiativeError


class InitiativeErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in Danish, for the person.")


class BranchRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class InitiativeTargetGroupSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TargetGroup
        fields = ["id", "kind", "name"]


class FocusAreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = FocusArea
        fields = ["id", "name", "slug"]


class InitiativeListSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    preferred_branch = BranchRefSerializer(read_only=True, allow_null=True)
    owner = PersonSerializer(read_only=True, allow_null=True)
    target_groups = InitiativeTargetGroupSerializer(many=True, read_only=True)
    focus_areas = FocusAreaRefSerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(
        read_only=True, help_text="Received, not answered, and the first-response deadline passed."
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "status",
            "status_display",
            "channel",
            "channel_display",
            "preferred_branch",
            "owner",
            "target_groups",
            "focus_areas",
            "first_response_due",
            "first_responded_at",
            "is_overdue",
            "created_at",
        ]


class InitiativeDetailSerializer(InitiativeListSerializer):
    registered_by = PersonSerializer(read_only=True, allow_null=True)
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses this initiative may move to now."
    )
    activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(InitiativeListSerializer.Meta):
        fields = [
            *InitiativeListSerializer.Meta.fields,
            "description",
            "citizen_role",
            "format",
            "preferred_time",
            "expected_participants",
            "needs_room",
            "needs_equipment",
            "needs_marketing",
            "needs_staff_help",
            "needs_other",
            "together_with",
            "contact_name",
            "contact_email",
            "contact_phone",
            "name_may_be_shown",
            "consented_at",
            "anonymised_at",
            "registered_by",
            "status_changed_at",
            "participation_level",
            "involved",
            "referred_to",
            "duplicate_of",
            "public_summary",
            "activities",
            "allowed_transitions",
            "updated_at",
        ]

    def get_allowed_transitions(self, obj) -> list[str]:
        return services.allowed_transitions(obj)


class StatusChangeRequestSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Status.choices)
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Sent to the citizen with the new status. Required for 'declined'.",
    )
    referred_to = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Where the citizen was referred. Required for 'referred'.",
    )
    duplicate_of = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The original initiative's id. Required for 'duplicate'.",
    )


class MessageSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    internal = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "kind", "kind_display", "internal", "author_name", "body", "created_at"]

    def get_internal(self, obj) -> bool:
        return not obj.is_visible_to_citizen


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField()
    internal = serializers.BooleanField(
        help_text="true: an internal note, never shown or sent to the citizen. "
        "false: a public reply, emailed to the citizen."
    )


def _error(exc: InitiativeError) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)


@extend_schema_view(
    list=extend_schema(summary="Initiatives, with the triage list's filters"),
    retrieve=extend_schema(summary="One initiative, with contact data"),
)
class InitiativeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Citizens' initiatives and ideas staff registered (staff only)."""

    permission_classes = [IsLibraryStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = InitiativeFilter
    # List queries: the count, the page (branch and owner joined), target groups, focus areas.
    queryset = Initiative.objects.select_related("preferred_branch", "owner").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("order")),
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "name")),
    )

    def get_serializer_class(self):
        if self.action == "list":
            return InitiativeListSerializer
        return InitiativeDetailSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            queryset = queryset.select_related("registered_by").prefetch_related("activities")
        return queryset

    @extend_schema(
        summary="Change the status",
        request=StatusChangeRequestSerializer,
        responses={
            200: InitiativeDetailSerializer,
            400: OpenApiResponse(
                InitiativeErrorSerializer,
                description='The workflow refused the change: {"detail": "<Danish message>"}, '
                'or a field was invalid: {"<field>": ["<message>"]}.',
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="status", filter_backends=[])
    def change_status(self, request, pk=None):
        initiative = access_initiative(request.user, pk, write=True)
        payload = StatusChangeRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.initiative_change_status(
                initiative=initiative, acting_user=request.user, **payload.validated_data
            )
        except InitiativeError as exc:
            return _error(exc)
        return Response(InitiativeDetailSerializer(initiative).data)

    @extend_schema(
        methods=["GET"],
        summary="The thread: public replies, internal notes and the citizen's messages",
        responses=MessageSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Post a public reply (emailed to the citizen) or an internal note",
        request=MessageCreateSerializer,
        responses={
            201: MessageSerializer,
            400: OpenApiResponse(InitiativeErrorSerializer, description="The message was refused."),
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="messages",
        filter_backends=[],
        pagination_class=None,
    )
    def messages(self, request, pk=None):
        initiative = access_initiative(request.user, pk, write=request.method == "POST")
        if request.method == "GET":
            thread = initiative.messages.all()
            return Response(MessageSerializer(thread, many=True).data)
        payload = MessageCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            message = services.initiative_post(
                initiative=initiative, acting_user=request.user, **payload.validated_data
            )
        except InitiativeError as exc:
            return _error(exc)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
