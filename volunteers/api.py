"""The volunteers API: open roles (public), shifts, sign-ups and hours.

Who sees what (the same rules as the pages, volunteers/access.py):
- roles: anyone, only roles open for applications;
- shifts: a volunteer sees upcoming shifts in the roles they are approved for; staff see all;
- sign-ups and hours: a volunteer sees only their own; staff see all. Someone else's object is
  a 404; an action the person may see but not do is a 403.
Every write goes through the services (volunteers/services/); a broken rule is a 400 with
{"detail": "<Danish message>"}.
"""

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import filters, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.access import is_library_staff
from organisation.models import Branch, FocusArea, TargetGroup, TargetGroupKind

from .access import access_hours_entry, access_signup, can_decide_hours
from .models import (
    HoursEntry,
    HoursStatus,
    RoleQuestion,
    RoleStatus,
    Shift,
    Signup,
    SignupStatus,
    Volunteer,
    VolunteerRole,
)
from .services import VolunteerError
from .services import hours as hours_services
from .services import shifts as shift_services


class VolunteerErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in Danish, for the person.")


def _error(exc: VolunteerError) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)


def _volunteer_of(user) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user).first()


ERROR_400 = OpenApiResponse(
    VolunteerErrorSerializer,
    description='A rule refused it: {"detail": "<Danish message>"}, or a field was invalid: '
    '{"<field>": ["<message>"]}.',
)


# --- Small nested objects -----------------------------------------------------------------------


class OwnRowsMixin:
    """Staff see every row; a volunteer only their own (someone else's row is a 404).
    Subclasses give ``rows()``: the full queryset with what the serializer needs joined."""

    def get_queryset(self):
        rows = self.rows()
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return rows.none()
        if is_library_staff(self.request.user):
            return rows
        return rows.filter(volunteer__user=self.request.user)


class VolunteerBranchRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Branch
        fields = ["id", "slug", "name"]


class VolunteerRoleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = VolunteerRole
        fields = ["id", "slug", "title"]


class RoleTargetGroupSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TargetGroup
        fields = ["kind", "label"]


class RoleFocusAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = FocusArea
        fields = ["slug", "name"]


class RoleQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleQuestion
        fields = ["id", "text", "required"]


# --- Roles (public) -----------------------------------------------------------------------------


class VolunteerRoleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="volunteers:role_detail",
        lookup_field="slug",
        help_text="The role's public page, where a person applies.",
    )
    branch = VolunteerBranchRefSerializer(read_only=True)
    team = serializers.CharField(source="team.name", read_only=True, allow_null=True, default=None)
    contact_person = serializers.CharField(
        source="contact_person.name", read_only=True, help_text="The contact person's name."
    )
    target_groups = RoleTargetGroupSerializer(many=True, read_only=True)
    focus_areas = RoleFocusAreaSerializer(many=True, read_only=True)
    questions = RoleQuestionSerializer(
        many=True, read_only=True, help_text="Extra questions an applicant answers."
    )

    class Meta:
        model = VolunteerRole
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "purpose",
            "tasks",
            "time_commitment",
            "skills_wanted",
            "library_offers",
            "branch",
            "team",
            "contact_person",
            "target_groups",
            "focus_areas",
            "involves_children",
            "minimum_age",
            "questions",
        ]


class VolunteerRoleFilter(django_filters.FilterSet):
    branch = django_filters.CharFilter(
        field_name="branch__slug", help_text="A branch's slug, e.g. 'vestamager'."
    )
    target_group = django_filters.ChoiceFilter(
        field_name="target_groups__kind",
        choices=TargetGroupKind.choices,
        help_text="A target group's kind.",
    )
    focus_area = django_filters.CharFilter(
        field_name="focus_areas__slug", help_text="A focus area's slug, e.g. 'frivillighed'."
    )

    class Meta:
        model = VolunteerRole
        fields = ["branch", "target_group", "focus_area"]


@extend_schema_view(
    list=extend_schema(
        summary="Open volunteer roles",
        description="Roles (opgavebeskrivelser) open for applications. No login needed.",
    ),
    retrieve=extend_schema(
        summary="One open volunteer role",
        description="A role open for applications; a paused or closed role is 404 here.",
    ),
)
class VolunteerRoleViewSet(viewsets.ReadOnlyModelViewSet):
    """Volunteer roles open for applications (public)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    serializer_class = VolunteerRoleSerializer
    filterset_class = VolunteerRoleFilter
    search_fields = ["title", "purpose", "tasks"]
    ordering_fields = ["title"]
    # Five queries for a page of any length: the count; roles joined with branch, team and
    # contact person; then target groups, focus areas and questions.
    queryset = (
        VolunteerRole.objects.filter(status=RoleStatus.OPEN)
        .select_related("branch", "team", "contact_person")
        .prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("order")),
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "name")),
            Prefetch("questions", queryset=RoleQuestion.objects.order_by("order", "pk")),
        )
        .order_by("title", "pk")
        .distinct()
    )


# --- Shifts -------------------------------------------------------------------------------------


class ShiftSerializer(serializers.ModelSerializer):
    role = VolunteerRoleRefSerializer(read_only=True)
    branch = VolunteerBranchRefSerializer(source="role.branch", read_only=True)
    confirmed = serializers.IntegerField(source="confirmed_count", read_only=True)
    offered = serializers.IntegerField(
        source="offered_count", read_only=True, help_text="Places offered from the waitlist."
    )
    waitlisted = serializers.IntegerField(source="waitlist_count", read_only=True)
    free_places = serializers.SerializerMethodField()
    my_status = serializers.SerializerMethodField(
        help_text="The caller's own live sign-up on the shift (volunteers only), else null."
    )
    my_signup = serializers.SerializerMethodField(
        help_text="The id of the caller's own live sign-up, else null."
    )

    class Meta:
        model = Shift
        fields = [
            "id",
            "role",
            "branch",
            "activity",
            "series",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "notes",
            "cancelled_at",
            "confirmed",
            "offered",
            "waitlisted",
            "free_places",
            "my_status",
            "my_signup",
        ]

    def get_free_places(self, obj) -> int:
        return shift_services.free_places(obj)

    @extend_schema_field(serializers.ChoiceField(choices=SignupStatus.choices, allow_null=True))
    def get_my_status(self, obj):
        return getattr(obj, "my_status", None)

    def get_my_signup(self, obj) -> int | None:
        return getattr(obj, "my_signup_id", None)


class ShiftFilter(django_filters.FilterSet):
    role = django_filters.NumberFilter(field_name="role_id", help_text="A role's id.")
    branch = django_filters.NumberFilter(field_name="role__branch_id", help_text="A branch's id.")
    understaffed = django_filters.BooleanFilter(
        method="filter_understaffed",
        help_text="true: upcoming, not cancelled shifts with fewer confirmed than places.",
    )

    class Meta:
        model = Shift
        fields = ["role", "branch", "understaffed"]

    def filter_understaffed(self, queryset, name, value):
        if value:
            return shift_services.understaffed(queryset)
        return queryset


# "from" and "to" are Python keywords, so they are added after the class is made.
ShiftFilter.base_filters["from"] = django_filters.DateFilter(
    field_name="starts_at",
    lookup_expr="date__gte",
    help_text="Shifts starting on or after this date (YYYY-MM-DD). Without from/to, the list "
    "holds only shifts that have not ended.",
)
ShiftFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="starts_at",
    lookup_expr="date__lte",
    help_text="Shifts starting on or before this date (YYYY-MM-DD).",
)


@extend_schema_view(
    list=extend_schema(
        summary="Shifts",
        description="Volunteers: upcoming, not cancelled shifts in the roles they are approved "
        "for, with their own sign-up. Staff: every shift (without from/to, those not ended).",
    ),
    retrieve=extend_schema(summary="One shift"),
)
class ShiftViewSet(viewsets.ReadOnlyModelViewSet):
    """Shifts (vagter) with their places and waitlist."""

    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]

    serializer_class = ShiftSerializer
    filterset_class = ShiftFilter
    ordering_fields = ["starts_at"]
    ordering = ["starts_at", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Shift.objects.none()
        user = self.request.user
        # Two queries for a page of any length (plus the count): the session's user, then the
        # shifts with role and branch joined and the sign-up counts (and, for a volunteer, their
        # own sign-up) annotated in the same query.
        if is_library_staff(user):
            return shift_services.with_counts(
                Shift.objects.select_related("role__branch")
            ).order_by("starts_at", "pk")
        volunteer = _volunteer_of(user)
        if volunteer is None:
            return Shift.objects.none()
        return shift_services.shifts_for_volunteer(volunteer)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        if self.action == "list" and not (params.get("from") or params.get("to")):
            queryset = queryset.filter(ends_at__gt=timezone.now())
        return queryset


# --- Sign-ups -----------------------------------------------------------------------------------


class SignupShiftSerializer(serializers.ModelSerializer):
    role = VolunteerRoleRefSerializer(read_only=True)
    branch = VolunteerBranchRefSerializer(source="role.branch", read_only=True)

    class Meta:
        model = Shift
        fields = ["id", "role", "branch", "starts_at", "ends_at", "place", "cancelled_at"]


class VolunteerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="user.name")


class SignupSerializer(serializers.ModelSerializer):
    shift = SignupShiftSerializer(read_only=True)
    volunteer = VolunteerRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Signup
        fields = [
            "id",
            "shift",
            "volunteer",
            "status",
            "status_display",
            "offer_expires_at",
            "attended",
            "created_at",
        ]


class SignupCreateSerializer(serializers.Serializer):
    shift = serializers.PrimaryKeyRelatedField(
        queryset=Shift.objects.all(), help_text="The id of the shift to sign up for."
    )


class SignupFilter(django_filters.FilterSet):
    shift = django_filters.NumberFilter(field_name="shift_id", help_text="A shift's id.")
    status = django_filters.MultipleChoiceFilter(choices=SignupStatus.choices)
    upcoming = django_filters.BooleanFilter(
        method="filter_upcoming", help_text="true: only sign-ups for shifts not yet begun."
    )

    class Meta:
        model = Signup
        fields = ["shift", "status", "upcoming"]

    def filter_upcoming(self, queryset, name, value):
        if value is None:
            return queryset
        now = timezone.now()
        return (
            queryset.filter(shift__starts_at__gt=now)
            if value
            else queryset.filter(shift__starts_at__lte=now)
        )


@extend_schema_view(
    list=extend_schema(
        summary="Sign-ups",
        description="Volunteers: their own sign-ups. Staff: every sign-up.",
    ),
    retrieve=extend_schema(summary="One sign-up"),
)
class SignupViewSet(
    OwnRowsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Sign-ups for shifts (tilmeldinger): confirmed, on the waitlist, or offered a place."""

    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]

    serializer_class = SignupSerializer
    filterset_class = SignupFilter
    ordering_fields = ["created_at"]

    def rows(self):
        # Two queries for a page of any length (plus the count and the session's user): the
        # sign-ups with shift, role, branch, volunteer and user joined.
        return Signup.objects.select_related("shift__role__branch", "volunteer__user").order_by(
            "shift__starts_at", "pk"
        )

    @extend_schema(
        summary="Sign up for a shift",
        description="Confirmed if there is a free place, otherwise on the waitlist. Only for "
        "the caller's own volunteer profile, in a role they are approved for.",
        request=SignupCreateSerializer,
        responses={201: SignupSerializer, 400: ERROR_400},
    )
    def create(self, request):
        payload = SignupCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        volunteer = _volunteer_of(request.user)
        if volunteer is None:
            return _error(VolunteerError("Du er ikke registreret som frivillig."))
        try:
            signup = shift_services.shift_sign_up(
                shift=payload.validated_data["shift"], volunteer=volunteer
            )
        except VolunteerError as exc:
            return _error(exc)
        signup = self.get_queryset().get(pk=signup.pk)
        return Response(SignupSerializer(signup).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cancel a sign-up",
        description="The volunteer cancels their own (staff who manage the role's shifts may "
        "cancel any). A freed place is offered to the next on the waitlist.",
        request=None,
        responses={200: SignupSerializer, 400: ERROR_400},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request, pk=None):
        signup = access_signup(request.user, pk, write=True)
        try:
            shift_services.signup_cancel(signup=signup, acting_user=request.user)
        except VolunteerError as exc:
            return _error(exc)
        return Response(SignupSerializer(self.get_queryset().get(pk=signup.pk)).data)

    @extend_schema(
        summary="Take an offered place",
        description="Only the volunteer the place was offered to.",
        request=None,
        responses={200: SignupSerializer, 400: ERROR_400},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        signup = self._own(request, pk)
        try:
            shift_services.offer_accept(signup=signup)
        except VolunteerError as exc:
            return _error(exc)
        return Response(SignupSerializer(self.get_queryset().get(pk=signup.pk)).data)

    @extend_schema(
        summary="Decline an offered place",
        description="Only the volunteer the place was offered to. The place goes to the next.",
        request=None,
        responses={200: SignupSerializer, 400: ERROR_400},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decline(self, request, pk=None):
        signup = self._own(request, pk)
        try:
            shift_services.offer_decline(signup=signup)
        except VolunteerError as exc:
            return _error(exc)
        return Response(SignupSerializer(self.get_queryset().get(pk=signup.pk)).data)

    def _own(self, request, pk) -> Signup:
        signup = access_signup(request.user, pk)
        if signup.volunteer.user_id != request.user.pk:
            self.permission_denied(request, message="Kun den frivillige selv kan svare.")
        return signup


# --- Hours --------------------------------------------------------------------------------------


class HoursDeciderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HoursEntrySerializer(serializers.ModelSerializer):
    volunteer = serializers.SerializerMethodField(
        help_text="null for hours of a volunteer whose data was erased (Tidligere frivillige)."
    )
    role = VolunteerRoleRefSerializer(read_only=True)
    branch = VolunteerBranchRefSerializer(source="role.branch", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    from_shift = serializers.SerializerMethodField(
        help_text="true: made by attendance on a shift (approved at once)."
    )
    decided_by = HoursDeciderSerializer(read_only=True, allow_null=True)
    may_decide = serializers.SerializerMethodField(
        help_text="true: the caller may approve or reject these hours now."
    )

    class Meta:
        model = HoursEntry
        fields = [
            "id",
            "volunteer",
            "role",
            "branch",
            "date",
            "hours",
            "description",
            "status",
            "status_display",
            "from_shift",
            "decided_by",
            "decided_at",
            "reject_reason",
            "created_at",
            "may_decide",
        ]

    @extend_schema_field(VolunteerRefSerializer(allow_null=True))
    def get_volunteer(self, obj):
        if obj.volunteer is None:
            return None
        return VolunteerRefSerializer(obj.volunteer).data

    def get_from_shift(self, obj) -> bool:
        return obj.signup_id is not None

    def get_may_decide(self, obj) -> bool:
        request = self.context.get("request")
        return bool(
            request
            and obj.status == HoursStatus.PENDING
            and can_decide_hours(request.user, obj.role)
        )


class HoursReportSerializer(serializers.Serializer):
    role = serializers.PrimaryKeyRelatedField(
        queryset=VolunteerRole.objects.all(), help_text="A role the volunteer is approved for."
    )
    date = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=hours_services.MIN_HOURS,
        max_value=hours_services.MAX_HOURS,
    )
    description = serializers.CharField(max_length=300, help_text="What the volunteer did.")


class HoursRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Emailed to the volunteer.")


class HoursFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=HoursStatus.choices)
    role = django_filters.NumberFilter(field_name="role_id", help_text="A role's id.")
    branch = django_filters.NumberFilter(field_name="role__branch_id", help_text="A branch's id.")
    volunteer = django_filters.NumberFilter(
        field_name="volunteer_id", help_text="A volunteer's id (staff)."
    )

    class Meta:
        model = HoursEntry
        fields = ["status", "role", "branch", "volunteer"]


HoursFilter.base_filters["from"] = django_filters.DateFilter(
    field_name="date", lookup_expr="gte", help_text="On or after this date (YYYY-MM-DD)."
)
HoursFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="date", lookup_expr="lte", help_text="On or before this date (YYYY-MM-DD)."
)


@extend_schema_view(
    list=extend_schema(
        summary="Hours",
        description="Volunteers: their own hours. Staff: every entry, including those of "
        "volunteers whose data was erased (volunteer is null).",
    ),
    retrieve=extend_schema(summary="One hours entry"),
)
class HoursViewSet(
    OwnRowsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Hours given by volunteers: from attended shifts, and reported by the volunteer."""

    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]

    serializer_class = HoursEntrySerializer
    filterset_class = HoursFilter
    ordering_fields = ["date", "created_at"]

    def rows(self):
        # Two queries for a page of any length (plus the count and the session's user): the
        # entries with volunteer, user, role, branch, team and decider joined.
        return HoursEntry.objects.select_related(
            "volunteer__user", "role__branch", "role__team", "decided_by"
        ).order_by("-date", "-pk")

    @extend_schema(
        summary="Report hours",
        description="A volunteer reports hours outside the shifts, in a role they are "
        "approved for. They wait for approval.",
        request=HoursReportSerializer,
        responses={201: HoursEntrySerializer, 400: ERROR_400},
    )
    def create(self, request):
        payload = HoursReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        volunteer = _volunteer_of(request.user)
        if volunteer is None:
            return _error(VolunteerError("Du er ikke registreret som frivillig."))
        try:
            entry = hours_services.hours_report(
                volunteer=volunteer, acting_user=request.user, **payload.validated_data
            )
        except VolunteerError as exc:
            return _error(exc)
        entry = self.get_queryset().get(pk=entry.pk)
        data = HoursEntrySerializer(entry, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Approve reported hours",
        description="The tovholder of the role's branch, the koordinator of its team or a "
        "manager. The volunteer is emailed.",
        request=None,
        responses={200: HoursEntrySerializer, 400: ERROR_400},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        entry = access_hours_entry(request.user, pk, write=True)
        try:
            hours_services.hours_approve(entry=entry, acting_user=request.user)
        except VolunteerError as exc:
            return _error(exc)
        return self._entry(pk)

    @extend_schema(
        summary="Reject reported hours",
        description="As for approving; the reason is emailed to the volunteer.",
        request=HoursRejectSerializer,
        responses={200: HoursEntrySerializer, 400: ERROR_400},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        entry = access_hours_entry(request.user, pk, write=True)
        payload = HoursRejectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            hours_services.hours_reject(
                entry=entry, acting_user=request.user, reason=payload.validated_data["reason"]
            )
        except VolunteerError as exc:
            return _error(exc)
        return self._entry(pk)

    def _entry(self, pk) -> Response:
        entry = self.get_queryset().get(pk=pk)
        return Response(HoursEntrySerializer(entry, context=self.get_serializer_context()).data)
