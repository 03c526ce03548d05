"""Factories for partnerships tests. Agreement factories build on the agreement models that
the data migration puts in place (partnerships/migrations/0002_*)."""

import factory
from django.utils import timezone

from accounts.models import ConsentText
from partnerships.models import Partner, PartnerContact, PartnerEnquiry, PartnerKind


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Tårnby Læseforening {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = PartnerKind.ASSOCIATION
    description = "En forening for læselystne borgere."
    is_public = True


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Kontakt Person {n}")
    role = "Formand"
    email = factory.Sequence(lambda n: f"kontakt{n}@forening.example.dk")
    may_sign = True
    is_primary = True


class PartnerEnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerEnquiry

    organisation_name = factory.Sequence(lambda n: f"Kastrup Skakklub {n}")
    kind = PartnerKind.ASSOCIATION
    contact_name = "Henrik Bruun"
    contact_role = "Formand"
    email = factory.Sequence(lambda n: f"henrik{n}@skak.example.dk")
    idea = "En skakcafé hver anden lørdag for børn og voksne."
    consent_text = factory.LazyFunction(lambda: ConsentText.current("partner_enquiry"))
    consented_at = factory.LazyFunction(timezone.now)


# --- Agreements (P2): built through the real services, so sections and versions exist -------


def agreement_template(kind="standard"):
    from partnerships.models import AgreementTemplate

    return AgreementTemplate.objects.get(kind=kind)


def make_agreement(partner=None, kind="standard", status=None, owner=None, branch=None, **fields):
    """A draft made by ``agreement_create`` (version 1), then ``fields`` set through
    ``agreement_update`` (a second version when they change anything). ``status`` is then
    written straight to the row (tests of locked agreements need no workflow)."""
    from partnerships.models import Agreement
    from partnerships.services.drafting import agreement_create, agreement_update
    from tests.factories import StaffFactory

    if partner is None:
        partner = PartnerFactory()
        PartnerContactFactory(partner=partner, name="Anne Formand", role="Formand")
    acting_user = owner or StaffFactory()
    agreement = agreement_create(
        partner=partner,
        template=agreement_template(kind),
        title=fields.pop("title", "Læseklub for seniorer"),
        owner=acting_user,
        branch=branch,
        acting_user=acting_user,
    )
    if fields:
        agreement = agreement_update(agreement=agreement, acting_user=acting_user, **fields)
    if status is not None:
        Agreement.objects.filter(pk=agreement.pk).update(status=status)
        agreement.refresh_from_db()
    return agreement


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def pdf_upload(name="bilag.pdf", content=PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")
