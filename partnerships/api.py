"""API views; ROUTES is registered on the one router in portal/api_urls.py."""

from .api_agreements import AgreementModelViewSet, AgreementViewSet
from .api_partners import PartnerViewSet, PublicPartnerViewSet

# (prefix, viewset, basename)
ROUTES = [
    ("partners", PartnerViewSet, "partner"),
    ("public-partners", PublicPartnerViewSet, "publicpartner"),
    ("agreements", AgreementViewSet, "agreement"),
    ("agreement-models", AgreementModelViewSet, "agreementmodel"),
]
