"""The workflow's staff views: outsiders, readers, GET on POST-only views, and the happy paths
that are not covered by the service tests."""

import pytest
from django.urls import reverse

from partnerships.models import AgreementStatus, ReviewInvitation, SectionComment
from partnerships.services.workflow import review_comment, review_invite
from tests.conftest import _client_for
from tests.factories import StaffFactory
from tests.partnerships.lifecycle import (
    make_ready,
    sign_both,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(agreement, signer, staff_user):
    return review_invite(agreement=agreement, contact=signer, acting_user=staff_user)


@pytest.fixture
def comment(invitation, agreement):
    key = agreement.latest_version().content["sections"][0]["key"]
    return review_comment(invitation=invitation, section_key=key, text="Et spørgsmål")


def post_urls(agreement, invitation, comment):
    pk = agreement.pk
    return [
        reverse("partnerships:agreement_status", args=[pk]),
        reverse("partnerships:agreement_invitation_revoke", args=[pk, invitation.pk]),
        reverse("partnerships:agreement_invitation_resend", args=[pk, invitation.pk]),
        reverse("partnerships:agreement_comment_reply", args=[pk]),
        reverse("partnerships:agreement_comment_resolve", args=[pk, comment.pk]),
        reverse("partnerships:agreement_renew", args=[pk]),
        reverse("partnerships:agreement_amend", args=[pk]),
    ]


def form_urls(agreement):
    pk = agreement.pk
    return [
        reverse("partnerships:agreement_invite", args=[pk]),
        reverse("partnerships:agreement_terminate", args=[pk]),
    ]


def test_post_only_views_refuse_get(agreement, invitation, comment, staff_user):
    client = _client_for(staff_user)
    for url in post_urls(agreement, invitation, comment):
        assert client.get(url).status_code == 405, url


def test_outsiders_and_readers_are_kept_out(agreement, invitation, comment, anonymous, citizen):
    reader = _client_for(StaffFactory())  # staff, but not the owner, tovholder or a manager
    for url in post_urls(agreement, invitation, comment) + form_urls(agreement):
        assert anonymous.post(url).status_code == 302, url
        assert "/konto/login/" in anonymous.post(url)["Location"]
        assert citizen.post(url).status_code == 404, url
        assert reader.post(url).status_code == 403, url
    sign = reverse("partnerships:agreement_sign", args=[agreement.pk])
    assert citizen.get(sign).status_code == 404
    assert reader.get(sign).status_code == 403
    assert ReviewInvitation.objects.get().revoked_at is None
    assert SectionComment.objects.count() == 1


def test_pdfs_are_for_staff_only(
    agreement,
    signer,
    staff_user,
    manager_user,
    anonymous,
    citizen,
    django_capture_on_commit_callbacks,
):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)
    version = agreement.signatures.first().version
    urls = [
        reverse("partnerships:agreement_final_pdf", args=[agreement.pk]),
        reverse("partnerships:agreement_version_pdf", args=[agreement.pk, version.pk]),
    ]
    reader = _client_for(StaffFactory())  # every staff member may read agreements
    for url in urls:
        assert anonymous.get(url).status_code == 302
        assert citizen.get(url).status_code == 404
        response = reader.get(url)
        assert response.status_code == 200
        assert response["X-Content-SHA256"]


def test_staff_reply_revoke_resend_and_resolve(agreement, invitation, comment, staff_user):
    client = _client_for(staff_user)
    pk = agreement.pk
    key = comment.section_key
    response = client.post(
        reverse("partnerships:agreement_comment_reply", args=[pk]),
        {"section_key": key, "text": "Godt spørgsmål – vi retter det."},
    )
    assert response.status_code == 302
    assert SectionComment.objects.filter(author=staff_user, section_key=key).exists()
    client.post(reverse("partnerships:agreement_comment_resolve", args=[pk, comment.pk]))
    comment.refresh_from_db()
    assert comment.resolved_at is not None
    client.post(reverse("partnerships:agreement_invitation_resend", args=[pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert ReviewInvitation.objects.filter(revoked_at__isnull=True).count() == 1
    page = client.get(reverse("partnerships:agreement_detail", args=[pk]))
    body = page.content.decode()
    assert "Links til partneren" in body and "Godt spørgsmål" in body


def test_terminate_page_needs_a_reason(agreement, staff_user):
    type(agreement).objects.filter(pk=agreement.pk).update(status=AgreementStatus.ACTIVE)
    client = _client_for(staff_user)
    url = reverse("partnerships:agreement_terminate", args=[agreement.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert "Skriv en begrundelse for opsigelsen" in response.content.decode()
    response = client.post(url, {"reason": "Samarbejdet er slut"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED


def test_the_review_page_queries_do_not_grow_with_comments(
    invitation, agreement, anonymous, django_assert_max_num_queries
):
    from tests.partnerships.lifecycle import token_url

    key = agreement.latest_version().content["sections"][0]["key"]
    review_comment(invitation=invitation, section_key=key, text="Første")
    url = token_url(invitation)
    # Queries (6): the invitation with its agreement, partner and contact; the opened-at
    # update; the latest version; the comments with contact and author (one query however
    # many); the signatures; the library for the page layout.
    with django_assert_max_num_queries(6):
        assert anonymous.get(url).status_code == 200
    for number in range(49):
        review_comment(invitation=invitation, section_key=key, text=f"Kommentar {number}")
    with django_assert_max_num_queries(6):
        assert anonymous.get(url).status_code == 200
