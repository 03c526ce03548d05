"""Staff API for agreements and agreement models (registered through api.ROUTES).

Agreements: the list with the back office's filters (filters_agreements.AgreementFilter), the
detail with sections, responsibility matrix, appendices and versions, and creating and changing
drafts through the same services as the pages (services.drafting). A locked agreement (ready to
sign or signed) answers 409 with the Danish reason; any other refused change 400.
Agreement models are read-only here; managers edit them in the back office.

The workflow (send for review, take back, mark ready, reopen, terminate, renew, amend) goes
through the same services as the buttons on the agreement's page (services.workflow); the
history, the signatures with their evidence and the signed PDF are read like on that page.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from activities.models import Activity
from initiatives.api import FocusAreaRefSerializer
from initiatives.models import Initiative
from organisation.api import IsLibraryStaff, PersonSerializer
from organisation.forms import staff_users
from organisation.models import Branch, FocusArea

from .access import access_agreement
from .filters_agreements import AgreementFilter
from .models import (
    Agreement,
    AgreementEvent,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    AgreementTemplateVersion,
    AgreementVersion,
    Partner,
    PartnerContact,
    Responsible,
    SectionVariant,
    Signature,
    TemplateSection,
)
from .services import PartnershipError
from .services.drafting import agreement_create, agreement_update
from .services.workflow import (
    REVIEW_DAYS,
    agreement_amend,
    agreement_mark_ready,
    agreement_renew,
    agreement_reopen,
    agreement_terminate,
    review_invite,
)
from .views.workflow import final_pdf_response


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in Danish, for the person.")


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgreementListSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    partner = RefSerializer(read_only=True)
    branch = RefSerializer(read_only=True, allow_null=True)
    owner = PersonSerializer(read_only=True, allow_null=True)
    focus_areas = FocusAreaRefSerializer(many=True, read_only=True)
    is_locked = serializers.BooleanField(
        read_only=True, help_text="Ready to sign or signed: the content can no longer change."
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "number",
            "title",
            "kind",
            "kind_display",
            "binding",
            "status",
            "status_display",
            "is_locked",
            "partner",
            "branch",
            "owner",
            "start_date",
            "end_date",
            "notice_months",
            "evaluation_date",
            "focus_areas",
            "created_at",
            "updated_at",
        ]


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()


class ResponsibilitySerializer(serializers.Serializer):
    task = serializers.CharField(max_length=200)
    responsible = serializers.ChoiceField(choices=Responsible.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AppendixSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class VersionSerializer(serializers.ModelSerializer):
    created_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgreementVersion
        fields = ["number", "created_at", "note", "created_by"]


class AgreementDetailSerializer(AgreementListSerializer):
    template = serializers.SerializerMethodField()
    partner_signatory = serializers.PrimaryKeyRelatedField(read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    responsibilities = ResponsibilitySerializer(many=True, read_only=True)
    appendices = AppendixSerializer(many=True, read_only=True)
    activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    initiatives = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta(AgreementListSerializer.Meta):
        fields = [
            *AgreementListSerializer.Meta.fields,
            "template",
            "partner_signatory",
            "formalisation_answers",
            "sections",
            "responsibilities",
            "appendices",
            "activities",
            "initiatives",
            "versions",
        ]

    def get_template(self, obj) -> dict:
        version = obj.template_version
        return {
            "kind": version.template.kind,
            "name": version.template.name,
            "version": version.number,
        }


class AgreementCreateSerializer(serializers.Serializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.filter(is_active=True))
    kind = serializers.ChoiceField(
        choices=AgreementKind.choices, help_text="The agreement model; its current version is used."
    )
    title = serializers.CharField(max_length=200)
    branch = serializers.PrimaryKeyRelatedField(
        queryset=Branch.objects.all(), required=False, allow_null=True, default=None
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=staff_users(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The library's contact; the caller when left out.",
    )
    partner_signatory = serializers.PrimaryKeyRelatedField(
        queryset=PartnerContact.objects.all(), required=False, allow_null=True, default=None
    )
    formalisation_answers = serializers.DictField(required=False, default=dict)


class AgreementUpdateSerializer(serializers.Serializer):
    """Every field is optional: only what is sent changes. Lists replace what is there."""

    title = serializers.CharField(max_length=200, required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=staff_users(), required=False, allow_null=True
    )
    branch = serializers.PrimaryKeyRelatedField(
        queryset=Branch.objects.all(), required=False, allow_null=True
    )
    partner_signatory = serializers.PrimaryKeyRelatedField(
        queryset=PartnerContact.objects.all(), required=False, allow_null=True
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    notice_months = serializers.IntegerField(required=False, min_value=0, max_value=36)
    evaluation_date = serializers.DateField(required=False, allow_null=True)
    sections = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text='Section texts by key, e.g. {"baggrund": "..."}. Sections not named keep theirs.',
    )
    responsibilities = ResponsibilitySerializer(
        many=True, required=False, help_text="The whole responsibility matrix, in order."
    )
    activities = serializers.PrimaryKeyRelatedField(
        queryset=Activity.objects.all(), many=True, required=False
    )
    initiatives = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), many=True, required=False
    )
    focus_areas = serializers.PrimaryKeyRelatedField(
        queryset=FocusArea.objects.all(), many=True, required=False
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# --- The workflow ------------------------------------------------------------------------------


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why, in a few words; kept in the agreement's history.",
    )


class SendForReviewSerializer(serializers.Serializer):
    contact = serializers.PrimaryKeyRelatedField(
        queryset=PartnerContact.objects.all(),
        help_text="The partner's contact who gets a personal link by email.",
    )
    days = serializers.IntegerField(
        required=False, default=REVIEW_DAYS, help_text="How many days the link works (1-90)."
    )
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="A message to the contact, in the email.",
    )


class TerminateSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        help_text="Why the agreement ends; sent to the partner and kept in the history.",
    )


class ContactRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    actor = PersonSerializer(read_only=True, allow_null=True, help_text="Staff who did it.")
    actor_contact = ContactRefSerializer(
        read_only=True, allow_null=True, help_text="The partner's contact who did it."
    )
    from_status_display = serializers.SerializerMethodField()
    to_status_display = serializers.SerializerMethodField()

    class Meta:
        model = AgreementEvent
        fields = [
            "id",
            "at",
            "action",
            "from_status",
            "from_status_display",
            "to_status",
            "to_status_display",
            "note",
            "actor",
            "actor_contact",
        ]

    def _display(self, value: str) -> str:
        return str(AgreementStatus(value).label) if value in AgreementStatus.values else value

    def get_from_status_display(self, obj) -> str:
        return self._display(obj.from_status)

    def get_to_status_display(self, obj) -> str:
        return self._display(obj.to_status)


class SignatureSerializer(serializers.ModelSerializer):
    """As the agreement's staff page shows it, to every staff member: the evidence includes the
    signer's IP address and browser (the partner-facing verification page shows neither)."""

    party_display = serializers.CharField(source="get_party_display", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    user = PersonSerializer(read_only=True, allow_null=True, help_text="The library's signer.")
    contact = ContactRefSerializer(
        read_only=True, allow_null=True, help_text="The partner's signer."
    )

    class Meta:
        model = Signature
        fields = [
            "id",
            "party",
            "party_display",
            "typed_name",
            "signer_role",
            "signed_at",
            "version",
            "document_sha256",
            "ip_address",
            "user_agent",
            "user",
            "contact",
        ]


def _refused(agreement: Agreement, exc: PartnershipError) -> Response:
    agreement.refresh_from_db(fields=["status"])
    code = status.HTTP_409_CONFLICT if agreement.is_locked else status.HTTP_400_BAD_REQUEST
    return Response({"detail": str(exc)}, status=code)


def _workflow_refused(agreement: Agreement, exc: PartnershipError) -> Response:
    """A refused step of the workflow is 400, except reopening what one party has signed: 409,
    like changing a locked agreement."""
    agreement.refresh_from_db(fields=["status"])
    signed_by_one = (
        agreement.status == AgreementStatus.READY_TO_SIGN and agreement.signatures.exists()
    )
    code = status.HTTP_409_CONFLICT if signed_by_one else status.HTTP_400_BAD_REQUEST
    return Response({"detail": str(exc)}, status=code)


REFUSED = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input or a broken rule."),
    409: OpenApiResponse(
        ErrorSerializer, description="The agreement is locked (ready to sign or signed)."
    ),
}
WORKFLOW_REFUSED = {
    400: OpenApiResponse(
        ErrorSerializer,
        description='The workflow refused the change: {"detail": "<Danish message>"}, or a field '
        'was invalid: {"<field>": ["<message>"]}.',
    ),
    403: OpenApiResponse(
        ErrorSerializer, description="Staff who are not the owner, tovholder or a manager."
    ),
}


@extend_schema_view(
    list=extend_schema(summary="Agreements, with the back office's filters"),
    retrieve=extend_schema(summary="One agreement with sections, matrix, appendices, versions"),
    create=extend_schema(
        summary="Draft a new agreement from a model",
        request=AgreementCreateSerializer,
        responses={201: AgreementDetailSerializer, 400: REFUSED[400]},
    ),
    partial_update=extend_schema(
        summary="Change a draft (a new version when anything changed)",
        request=AgreementUpdateSerializer,
        responses={200: AgreementDetailSerializer, **REFUSED},
    ),
    update=extend_schema(
        summary="Change a draft (same as PATCH: only the fields sent change)",
        request=AgreementUpdateSerializer,
        responses={200: AgreementDetailSerializer, **REFUSED},
    ),
)
class AgreementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Samarbejdsaftaler (staff only). Changing, and every step of the workflow, is for the
    owner, the branch's tovholder and managers; every staff member may read.

    Signing is not in the API: the library signs on the agreement's page, where a manager types
    their name and gives consent to the text they see. That ceremony is the signature (with its
    evidence: time, IP address, browser, the hash of the PDF signed), so no token or script can
    sign for the library. The partner signs through their personal review link."""

    permission_classes = [IsLibraryStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AgreementFilter
    # List queries: the count, the page (partner, branch, owner joined) and the focus areas.
    queryset = (
        Agreement.objects.select_related("partner", "branch", "owner")
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("name")))
        .order_by("-created_at", "-pk")
    )

    def get_serializer_class(self):
        if self.action == "list":
            return AgreementListSerializer
        return AgreementDetailSerializer

    def _detail(self, pk) -> Agreement:
        return (
            self.get_queryset()
            .select_related("template_version__template")
            .prefetch_related(
                "sections",
                "responsibilities",
                "appendices",
                "activities",
                "initiatives",
                Prefetch(
                    "versions",
                    queryset=AgreementVersion.objects.select_related("created_by").order_by(
                        "-number"
                    ),
                ),
            )
            .get(pk=pk)
        )

    def retrieve(self, request, pk=None):
        agreement = access_agreement(request.user, pk)
        return Response(AgreementDetailSerializer(self._detail(agreement.pk)).data)

    def create(self, request):
        payload = AgreementCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            template = AgreementTemplate.objects.get(kind=data["kind"])
            agreement = agreement_create(
                partner=data["partner"],
                template=template,
                title=data["title"],
                owner=data["owner"] or request.user,
                branch=data["branch"],
                acting_user=request.user,
                formalisation_answers=data["formalisation_answers"],
                partner_signatory=data["partner_signatory"],
            )
        except AgreementTemplate.DoesNotExist:
            return Response(
                {"kind": ["Aftalemodellen findes ikke."]}, status=status.HTTP_400_BAD_REQUEST
            )
        except PartnershipError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            AgreementDetailSerializer(self._detail(agreement.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request, pk=None, partial=False):
        agreement = access_agreement(request.user, pk, write=True)
        payload = AgreementUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        note = changes.pop("note", "")
        if "responsibilities" in changes:
            changes["responsibilities"] = [dict(row) for row in changes["responsibilities"]]
        try:
            agreement_update(agreement=agreement, acting_user=request.user, note=note, **changes)
        except PartnershipError as exc:
            return _refused(agreement, exc)
        return Response(AgreementDetailSerializer(self._detail(agreement.pk)).data)

    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    # --- The workflow: the same services as the buttons on the agreement's page -------------

    def _step(
        self, request, pk, service, payload_class=None, *, expected="", wrong_status="", copy=False
    ) -> Response:
        """Access check (change), validate, call the service; a refusal is its Danish reason.
        ``expected``: the status the step starts from, when the service serves more than one
        step. ``copy``: the service returns a new agreement (201)."""
        agreement = access_agreement(request.user, pk, write=True)
        data = {}
        if payload_class is not None:
            payload = payload_class(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
        try:
            if expected and agreement.status != expected:
                raise PartnershipError(wrong_status)
            result = service(agreement=agreement, acting_user=request.user, **data)
        except PartnershipError as exc:
            return _workflow_refused(agreement, exc)
        if copy:
            return Response(
                AgreementDetailSerializer(self._detail(result.pk)).data,
                status=status.HTTP_201_CREATED,
            )
        return Response(AgreementDetailSerializer(self._detail(agreement.pk)).data)

    @extend_schema(
        summary="Send to the partner for review (emails the contact a personal link)",
        description="A draft goes to review with the first link; an agreement in review or ready "
        "to sign may get more links (to other contacts). The link itself is only in the email.",
        request=SendForReviewSerializer,
        responses={200: AgreementDetailSerializer, **WORKFLOW_REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="send-for-review", filter_backends=[])
    def send_for_review(self, request, pk=None):
        return self._step(request, pk, review_invite, SendForReviewSerializer)

    @extend_schema(
        summary="Take a draft back from the partner (in review -> draft)",
        request=NoteSerializer,
        responses={200: AgreementDetailSerializer, **WORKFLOW_REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="take-back", filter_backends=[])
    def take_back(self, request, pk=None):
        return self._step(
            request,
            pk,
            agreement_reopen,
            NoteSerializer,
            expected=AgreementStatus.IN_REVIEW,
            wrong_status=_("Kun en aftale, der er til gennemsyn hos partneren, kan tages tilbage."),
        )

    @extend_schema(
        summary="Mark as ready to sign (in review -> ready to sign; the PDF to sign is made)",
        request=NoteSerializer,
        responses={200: AgreementDetailSerializer, **WORKFLOW_REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="mark-ready", filter_backends=[])
    def mark_ready(self, request, pk=None):
        return self._step(request, pk, agreement_mark_ready, NoteSerializer)

    @extend_schema(
        summary="Reopen as a draft (ready to sign -> draft, while nobody has signed)",
        request=NoteSerializer,
        responses={
            200: AgreementDetailSerializer,
            **WORKFLOW_REFUSED,
            409: OpenApiResponse(
                ErrorSerializer, description="One party has signed: it cannot be reopened."
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="reopen", filter_backends=[])
    def reopen(self, request, pk=None):
        return self._step(
            request,
            pk,
            agreement_reopen,
            NoteSerializer,
            expected=AgreementStatus.READY_TO_SIGN,
            wrong_status=_(
                "Kun en aftale, der er klar til underskrift, kan åbnes igen som kladde."
            ),
        )

    @extend_schema(
        summary="Terminate a signed or active agreement (emails the partner and the owner)",
        request=TerminateSerializer,
        responses={200: AgreementDetailSerializer, **WORKFLOW_REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="terminate", filter_backends=[])
    def terminate(self, request, pk=None):
        return self._step(request, pk, agreement_terminate, TerminateSerializer)

    @extend_schema(
        summary="Renew: a new draft for the next period (the original is not changed)",
        request=None,
        responses={201: AgreementDetailSerializer, **WORKFLOW_REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="renew", filter_backends=[])
    def renew(self, request, pk=None):
        return self._step(request, pk, agreement_renew, copy=True)

    @extend_schema(
        summary="Amend: a new draft with the same period, to change and sign again",
        description="The original holds until the new agreement is signed; then it ends.",
        request=None,
        responses={201: AgreementDetailSerializer, **WORKFLOW_REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="amend", filter_backends=[])
    def amend(self, request, pk=None):
        return self._step(request, pk, agreement_amend, copy=True)

    @extend_schema(
        summary="The agreement's history, newest first",
        responses=EventSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="events",
        filter_backends=[],
        pagination_class=None,
    )
    def events(self, request, pk=None):
        agreement = access_agreement(request.user, pk)
        # Queries: the events with their staff actor and partner contact joined (one query).
        events = agreement.events.select_related("actor", "actor_contact").order_by("-at", "-pk")
        return Response(EventSerializer(events, many=True).data)

    @extend_schema(
        summary="The signatures with their evidence (as on the agreement's staff page)",
        responses=SignatureSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="signatures",
        filter_backends=[],
        pagination_class=None,
    )
    def signatures(self, request, pk=None):
        agreement = access_agreement(request.user, pk)
        signatures = agreement.signatures.select_related("version", "user", "contact").order_by(
            "signed_at", "pk"
        )
        return Response(SignatureSerializer(signatures, many=True).data)

    @extend_schema(
        summary="The signed agreement as stored (PDF/A), with its SHA-256 in X-Content-SHA256",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The stored bytes; never rendered again."
            ),
            404: OpenApiResponse(ErrorSerializer, description="Not signed (yet)."),
        },
    )
    @action(detail=True, methods=["get"], url_path="pdf", filter_backends=[])
    def pdf(self, request, pk=None):
        return final_pdf_response(access_agreement(request.user, pk))


class VariantSerializer(serializers.ModelSerializer):
    class Meta:
        model = SectionVariant
        fields = ["partner_kind", "text"]


class TemplateSectionSerializer(serializers.ModelSerializer):
    variants = VariantSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateSection
        fields = ["key", "order", "title", "guidance", "default_text", "required", "variants"]


class TemplateVersionSerializer(serializers.ModelSerializer):
    sections = TemplateSectionSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementTemplateVersion
        fields = ["number", "change_note", "published_at", "sections"]


class AgreementModelSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = AgreementTemplate
        fields = [
            "id",
            "kind",
            "kind_display",
            "name",
            "description",
            "binding",
            "is_active",
            "current_version",
        ]

    def get_current_version(self, obj) -> int | None:
        published = getattr(obj, "published", None)
        return published[0].number if published else None


class AgreementModelDetailSerializer(AgreementModelSerializer):
    current = serializers.SerializerMethodField(
        help_text="The current published version with its sections and variants."
    )

    class Meta(AgreementModelSerializer.Meta):
        fields = [*AgreementModelSerializer.Meta.fields, "current"]

    @extend_schema_field(TemplateVersionSerializer(allow_null=True))
    def get_current(self, obj):
        published = getattr(obj, "published", None)
        return TemplateVersionSerializer(published[0]).data if published else None


@extend_schema_view(
    list=extend_schema(summary="Agreement models and their current version numbers"),
    retrieve=extend_schema(summary="One agreement model with its current sections and variants"),
)
class AgreementModelViewSet(viewsets.ReadOnlyModelViewSet):
    """Agreement models (read-only; managers edit them in the back office)."""

    permission_classes = [IsLibraryStaff]
    pagination_class = None

    def get_queryset(self):
        published = AgreementTemplateVersion.objects.filter(published_at__isnull=False).order_by(
            "-number"
        )
        if self.action == "retrieve":
            published = published.prefetch_related(
                Prefetch(
                    "sections",
                    queryset=TemplateSection.objects.prefetch_related("variants").order_by(
                        "order", "pk"
                    ),
                )
            )
        # Queries: the models, and their published versions (newest first) in one prefetch.
        return AgreementTemplate.objects.prefetch_related(
            Prefetch("versions", queryset=published, to_attr="published")
        ).order_by("kind")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AgreementModelDetailSerializer
        return AgreementModelSerializer
