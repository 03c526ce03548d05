"""The agreement PDFs read back: parties, sections, matrix, signatures, page numbers, metadata
(title, language), PDF/A, and the audit trail attached as JSON."""

import io

import pytest
from pypdf import PdfReader

from partnerships.pdf import AUDIT_FILENAME
from tests.partnerships.lifecycle import (
    make_ready,
    pdf_audit,
    pdf_text,
    sign_both,
    stored,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    return sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_final_pdf_names_the_parties_sections_matrix_and_signatures(signed):
    content = signed.signatures.first().version.content
    text = _flat(pdf_text(stored(signed.final_pdf)))
    assert "Tårnby Læseforening" in text
    assert content["library"]["name"] in text
    assert "Læseklub for seniorer" in text
    for section in content["sections"]:
        assert _flat(section["title"]) in text
    for row in content["responsibilities"]:
        assert _flat(row["task"]) in text
    assert "Birgitte Chef" in text
    assert "Anne Formand" in text
    assert "Formand, Tårnby Læseforening" in text
    assert signed.signatures.first().document_sha256 in text.replace(" ", "")
    assert "UTC" in text
    assert "192.0.2.10" not in text  # no IP on the visible pages


def test_every_page_says_side_x_af_y_with_number_version_and_status(signed):
    reader = PdfReader(io.BytesIO(stored(signed.final_pdf)))
    pages = len(reader.pages)
    assert pages >= 2
    version = signed.signatures.first().version.number
    for number, page in enumerate(reader.pages, start=1):
        text = _flat(page.extract_text())
        assert f"Side {number} af {pages}" in text
        assert f"Aftale {signed.number} · version {version} · Underskrevet" in text


def test_metadata_title_language_and_pdfa(signed):
    reader = PdfReader(io.BytesIO(stored(signed.final_pdf)))
    assert reader.metadata.title == f"{signed.number} Læseklub for seniorer"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root  # tagged
    assert root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp and "3" in xmp


def test_the_audit_trail_is_attached_as_json_with_the_full_evidence(signed):
    audit = pdf_audit(stored(signed.final_pdf))
    assert audit["agreement"]["number"] == signed.number
    by_party = {s["party"]: s for s in audit["signatures"]}
    assert by_party["library"]["typed_name"] == "Birgitte Chef"
    assert by_party["library"]["ip_address"] == "192.0.2.10"
    assert by_party["partner"]["user_agent"].startswith("Mozilla/5.0 (Formand)")
    assert by_party["partner"]["signed_at_utc"].endswith("Z")
    sha = signed.signatures.first().version.pdf_sha256
    assert {s["document_sha256"] for s in audit["signatures"]} == {sha}
    assert audit["signed_document"]["sha256"] == sha
    actions = [event["action"] for event in audit["events"]]
    assert "review_invited" in actions and actions.count("signed") == 2
    statuses = [e["to_status"] for e in audit["events"] if e["action"] == "status"]
    assert statuses == ["in_review", "ready_to_sign", "signed", "active"]
    assert AUDIT_FILENAME == "revisionsspor.json"


def test_the_pdf_to_sign_has_no_signatures_and_says_klar_til_underskrift(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    data = stored(agreement.latest_version().pdf)
    text = _flat(pdf_text(data))
    assert "Klar til underskrift" in text
    assert "Side 1 af" in text
    assert "Tårnby Læseforening" in text
    assert AUDIT_FILENAME not in PdfReader(io.BytesIO(data)).attachments


def test_the_library_logo_is_in_the_pdf(
    agreement, signer, staff_user, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from PIL import Image

    from organisation.models import Library

    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 90, 160)).save(buffer, format="PNG")
    library = Library.load()
    library.logo.save("logo.png", ContentFile(buffer.getvalue()), save=True)
    make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(stored(agreement.latest_version().pdf)))
    images = [image for page in reader.pages for image in page.images]
    assert images, "the logo should be drawn on the first page"
