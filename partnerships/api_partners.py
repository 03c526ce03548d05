"""The partner API (registered through api.ROUTES).

- ``partners`` (staff): the registry with filters and search, contacts nested (read). Creating
  and changing a partner go through the same services as the pages (services.partners); a
  refused change is a 400 with {"detail": "<Danish message>"}.
- ``public-partners`` (anyone): the public directory, only public and active partners, and only
  what the public page shows (no CVR, notes or contact persons).
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from organisation.api import IsLibraryStaff
from organisation.models import Branch

from .access import access_partner
from .forms_partners import clean_cvr_value
from .models import Partner, PartnerContact, PartnerKind
from .services import PartnershipError
from .services import partners as services


class PartnerErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in Danish, for the person.")


class PartnerBranchSerializer(serializers.ModelSerializer):
    class Meta:
        model = Branch
        fields = ["id", "slug", "name"]


class PartnerContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerContact
        fields = ["id", "name", "role", "email", "phone", "may_sign", "is_primary"]


class PartnerSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    branches = PartnerBranchSerializer(many=True, read_only=True)
    contacts = PartnerContactSerializer(many=True, read_only=True)

    class Meta:
        model = Partner
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "kind_display",
            "cvr",
            "address",
            "postcode",
            "city",
            "website",
            "description",
            "notes",
            "is_public",
            "is_active",
            "branches",
            "contacts",
            "created_at",
            "updated_at",
        ]


class PartnerWriteSerializer(serializers.Serializer):
    """What staff may set. Contacts are added and changed on the partner's page."""

    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(
        max_length=80,
        required=False,
        allow_blank=True,
        help_text="The public page's address part; made from the name when left out.",
    )
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    cvr = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postcode = serializers.RegexField(r"^\d{4}$", required=False, allow_blank=True)
    city = serializers.CharField(max_length=80, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    branches = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Branch.objects.filter(is_active=True)
    )

    def validate_cvr(self, value):
        try:
            return clean_cvr_value(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class PartnerFilter(django_filters.FilterSet):
    branch = django_filters.NumberFilter(field_name="branches", help_text="A branch's id.")

    class Meta:
        model = Partner
        fields = ["kind", "branch", "is_public", "is_active"]


def _error(exc: PartnershipError) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)


ERROR_400 = OpenApiResponse(
    PartnerErrorSerializer,
    description='The change was refused: {"detail": "<Danish message>"}, or a field was '
    'invalid: {"<field>": ["<message>"]}.',
)


@extend_schema_view(
    list=extend_schema(summary="Partners, with filters and search"),
    retrieve=extend_schema(summary="One partner with its contact persons"),
    create=extend_schema(
        summary="Register a partner",
        request=PartnerWriteSerializer,
        responses={201: PartnerSerializer, 400: ERROR_400},
    ),
    update=extend_schema(
        summary="Change a partner",
        request=PartnerWriteSerializer,
        responses={200: PartnerSerializer, 400: ERROR_400},
    ),
    partial_update=extend_schema(
        summary="Change some of a partner's fields",
        request=PartnerWriteSerializer,
        responses={200: PartnerSerializer, 400: ERROR_400},
    ),
)
class PartnerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The partner registry (staff only)."""

    permission_classes = [IsLibraryStaff]
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    search_fields = ["name", "cvr", "city", "description"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "pk"]
    # List queries: the count, the page, then branches and contacts (one prefetch each).
    queryset = Partner.objects.prefetch_related(
        Prefetch("branches", queryset=Branch.objects.order_by("kind", "name")), "contacts"
    ).order_by("name", "pk")

    def create(self, request):
        payload = PartnerWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            partner = services.partner_create(acting_user=request.user, **payload.validated_data)
        except PartnershipError as exc:
            return _error(exc)
        return Response(
            PartnerSerializer(self.get_queryset().get(pk=partner.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request, pk=None, partial=False):
        partner = access_partner(request.user, pk, write=True)
        payload = PartnerWriteSerializer(data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        try:
            services.partner_update(
                partner=partner, acting_user=request.user, **payload.validated_data
            )
        except PartnershipError as exc:
            return _error(exc)
        return Response(PartnerSerializer(self.get_queryset().get(pk=partner.pk)).data)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)


class PublicPartnerSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="partnerships:public_partner",
        lookup_field="slug",
        help_text="The partner's public page.",
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    branches = PartnerBranchSerializer(
        source="active_branches", many=True, read_only=True, help_text="Where they work with us."
    )

    class Meta:
        model = Partner
        fields = [
            "slug",
            "url",
            "name",
            "kind",
            "kind_display",
            "description",
            "website",
            "city",
            "branches",
        ]


class PublicPartnerFilter(django_filters.FilterSet):
    class Meta:
        model = Partner
        fields = ["kind"]


@extend_schema_view(
    list=extend_schema(
        summary="The public partner directory",
        description="'Vores samarbejdspartnere': partners that are public and active.",
    ),
    retrieve=extend_schema(summary="One public partner", description="Anything else is 404."),
)
class PublicPartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """The library's public partners. No login needed."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicPartnerSerializer
    filterset_class = PublicPartnerFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name"]
    ordering = ["name", "pk"]
    lookup_field = "slug"
    # Queries: the count, the page, then the partners' active branches.
    queryset = (
        Partner.objects.filter(is_public=True, is_active=True)
        .prefetch_related(
            Prefetch(
                "branches",
                queryset=Branch.objects.filter(is_active=True).order_by("kind", "name"),
                to_attr="active_branches",
            )
        )
        .order_by("name", "pk")
    )
