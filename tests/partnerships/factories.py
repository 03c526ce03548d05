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


def fill_in_text(text: str) -> str:
    """The text with each fill-in marker ("[beløb]") replaced by its own words ("beløb"), as a
    drafter fills it in; a marker inside a marker takes two rounds. Also used by the browser
    tests on the text boxes."""
    from partnerships.services.drafting import FILL_IN_MARKER

    while FILL_IN_MARKER.search(text):
        text = FILL_IN_MARKER.sub(lambda match: match.group(0)[1:-1], text)
    return text


def filled_sections(agreement) -> dict[str, str]:
    """{key: text} for the sections that still have fill-in markers, filled in
    (``fill_in_text``). For ``agreement_update(sections=...)``."""
    filled = {}
    for section in agreement.sections.all():
        text = fill_in_text(section.text)
        if text != section.text:
            filled[section.key] = text
    return filled


def fill_in_agreement(agreement, acting_user=None):
    """Fill every marker left in the agreement's text through the real drafting service (a new
    version when there was any). Returns the agreement."""
    from partnerships.services.drafting import agreement_update

    sections = filled_sections(agreement)
    if sections:
        agreement_update(
            agreement=agreement,
            acting_user=acting_user or agreement.owner,
            sections=sections,
            note="Felterne er udfyldt",
        )
        agreement.refresh_from_db()
    return agreement


def make_agreement(
    partner=None, kind="standard", status=None, owner=None, branch=None, fill_in=False, **fields
):
    """A draft made by ``agreement_create`` (version 1), then ``fields`` set through
    ``agreement_update`` (a second version when they change anything). ``status`` is then
    written straight to the row (tests of locked agreements need no workflow).

    ``fill_in=True``: the model's fill-in markers ("[beløb]") are filled in the same update
    (see ``filled_sections``; sections given in ``fields`` win), so the agreement can be sent
    all the way to signing (the lifecycle fixture ``agreement`` does). Without it the markers
    stay, as in a fresh draft, and the version numbers are those of the drafting tests."""
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
    if fill_in:
        sections = {**filled_sections(agreement), **fields.get("sections", {})}
        if sections:
            fields["sections"] = sections
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
