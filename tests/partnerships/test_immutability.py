"""A signed agreement cannot change: no service, editing view or API call changes it, and the
PDF served is always the stored one, whose SHA-256 is the one recorded (across requests,
after reloading from the database, and from a new client as after a restart)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partnerships.models import Agreement, AgreementAppendix, AgreementStatus, SignatureParty
from partnerships.services import PartnershipError
from partnerships.services.drafting import (
    agreement_update,
    appendix_add,
    appendix_remove,
    version_create,
)
from partnerships.services.signing import agreement_sign, final_pdf_ensure
from partnerships.services.workflow import agreement_change_status, review_invite
from tests.conftest import _client_for
from tests.partnerships.lifecycle import (
    LIBRARY_META,
    make_ready,
    sign_both,
    stored,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    signed = sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
    # An appendix row as if it had been there (made directly: the services refuse now).
    AgreementAppendix.objects.create(
        agreement=signed, title="Gammelt bilag", file="x.pdf", sha256="0" * 64, size=1
    )
    return signed


def snapshot(agreement: Agreement) -> dict:
    agreement = Agreement.objects.get(pk=agreement.pk)
    return {
        "row": (
            agreement.title,
            agreement.status,
            agreement.start_date,
            agreement.end_date,
            agreement.final_pdf.name,
            agreement.final_pdf_sha256,
        ),
        "sections": list(agreement.sections.values_list("key", "title", "text")),
        "matrix": list(agreement.responsibilities.values_list("task", "responsible")),
        "versions": list(agreement.versions.values_list("number", "content", "pdf_sha256")),
        "appendices": list(agreement.appendices.values_list("title", "sha256")),
        "final_bytes": stored(agreement.final_pdf),
    }


def test_every_drafting_service_refuses_a_signed_agreement(signed, staff_user, manager_user):
    before = snapshot(signed)
    pdf = SimpleUploadedFile("bilag.pdf", stored(signed.final_pdf), "application/pdf")
    attempts = [
        lambda: agreement_update(agreement=signed, acting_user=manager_user, title="Nyt"),
        lambda: agreement_update(
            agreement=signed, acting_user=manager_user, sections={"baggrund": "Ny tekst"}
        ),
        lambda: agreement_update(
            agreement=signed,
            acting_user=manager_user,
            responsibilities=[{"task": "Ny", "responsible": "both"}],
        ),
        lambda: appendix_add(agreement=signed, acting_user=manager_user, file=pdf),
        lambda: appendix_remove(appendix=signed.appendices.get(), acting_user=manager_user),
        lambda: review_invite(
            agreement=signed, contact=signed.partner.contacts.first(), acting_user=manager_user
        ),
        lambda: agreement_change_status(
            agreement=signed, to_status=AgreementStatus.DRAFT, acting_user=manager_user
        ),
        lambda: agreement_sign(
            agreement=signed,
            party=SignatureParty.LIBRARY,
            typed_name="Birgitte Chef",
            consent=True,
            meta=LIBRARY_META,
            user=manager_user,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PartnershipError):
            attempt()
    # Even a change written straight to a section row cannot become a new version.
    signed.sections.filter(pk=signed.sections.first().pk).update(text="Smuglet ind")
    with pytest.raises(PartnershipError):
        version_create(agreement=signed, acting_user=manager_user)
    signed.sections.filter(pk=signed.sections.first().pk).update(text=before["sections"][0][2])
    assert snapshot(signed) == before


def test_the_final_pdf_is_never_rendered_again(signed):
    before = snapshot(signed)
    assert final_pdf_ensure(Agreement.objects.get(pk=signed.pk)).final_pdf_sha256 == (
        signed.final_pdf_sha256
    )
    assert signed.events.filter(action="final_pdf").count() == 1
    assert snapshot(signed) == before


def test_no_editing_view_changes_a_signed_agreement(signed, manager_user):
    before = snapshot(signed)
    client = _client_for(manager_user)
    appendix = signed.appendices.get()
    posts = {
        reverse("partnerships:draft_text", args=[signed.pk]): {"title": "Nyt", "baggrund": "x"},
        reverse("partnerships:draft_matrix", args=[signed.pk]): {
            "ansvar-TOTAL_FORMS": "1",
            "ansvar-INITIAL_FORMS": "0",
            "ansvar-0-task": "Ny",
            "ansvar-0-responsible": "both",
        },
        reverse("partnerships:draft_period", args=[signed.pk]): {
            "start_date": "2030-01-01",
            "end_date": "2031-01-01",
            "notice_months": "1",
        },
        reverse("partnerships:draft_appendices", args=[signed.pk]): {
            "title": "Nyt bilag",
            "file": SimpleUploadedFile("b.pdf", b"%PDF-1.4 x", "application/pdf"),
        },
        reverse("partnerships:draft_appendix_remove", args=[signed.pk, appendix.pk]): {},
        reverse("partnerships:agreement_status", args=[signed.pk]): {"to_status": "draft"},
        reverse("partnerships:agreement_invite", args=[signed.pk]): {
            "contact": signed.partner.contacts.first().pk,
            "days": "14",
        },
        reverse("partnerships:agreement_sign", args=[signed.pk]): {
            "typed_name": "Birgitte Chef",
            "consent": "on",
        },
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code in (200, 302, 403, 404, 409), url
    assert snapshot(signed) == before


def test_no_api_call_changes_a_signed_agreement(signed, manager_user):
    before = snapshot(signed)
    client = _client_for(manager_user)
    url = f"/api/agreements/{signed.pk}/"
    for method in (client.patch, client.put):
        response = method(
            url,
            {"title": "Nyt", "sections": {"baggrund": "Ny tekst"}},
            content_type="application/json",
        )
        assert 400 <= response.status_code < 500
    assert snapshot(signed) == before


def test_the_served_pdf_is_the_stored_one_across_requests_reloads_and_restarts(
    signed, manager_user, signer, staff_user
):
    recorded = Agreement.objects.get(pk=signed.pk).final_pdf_sha256
    url = reverse("partnerships:agreement_final_pdf", args=[signed.pk])
    hashes = set()
    for _ in range(3):
        response = _client_for(manager_user).get(url)
        body = b"".join(response.streaming_content)
        assert response["Content-Type"] == "application/pdf"
        assert f"aftale-{signed.number}.pdf" in response["Content-Disposition"]
        assert response["X-Content-SHA256"] == recorded
        hashes.add(hashlib.sha256(body).hexdigest())
    # "Restart": nothing in memory survives; a new client, the row read again from the database.
    reloaded = Agreement.objects.get(pk=signed.pk)
    response = Client()
    response.force_login(manager_user)
    body = b"".join(response.get(url).streaming_content)
    hashes.add(hashlib.sha256(body).hexdigest())
    # The partner's download through their link serves the same bytes.
    invitation = signed.review_invitations.get()
    from tests.partnerships.lifecycle import token_url

    body = b"".join(Client().get(token_url(invitation, "_final_pdf")).streaming_content)
    hashes.add(hashlib.sha256(body).hexdigest())
    assert hashes == {recorded} == {reloaded.final_pdf_sha256}
