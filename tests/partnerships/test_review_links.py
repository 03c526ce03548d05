"""The partner's review link: refused when tampered, expired, revoked or used for another
agreement; the contact sees only their agreement, comments per section, and accepts."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgreementStatus, SectionComment
from partnerships.services.workflow import (
    comment_reply,
    review_invite,
    review_revoke,
    review_token,
)
from tests.partnerships.factories import PartnerContactFactory, PartnerFactory, make_agreement
from tests.partnerships.lifecycle import (
    token_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(agreement, signer, staff_user):
    return review_invite(agreement=agreement, contact=signer, acting_user=staff_user)


def test_the_contact_reads_the_draft_through_the_link(invitation, agreement, anonymous):
    response = anonymous.get(token_url(invitation))
    assert response.status_code == 200
    body = response.content.decode()
    assert agreement.title in body
    for section in agreement.latest_version().content["sections"]:
        assert section["title"] in body
    assert "Godkend til underskrift" in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    invitation.refresh_from_db()
    assert invitation.last_opened_at is not None


def test_the_contact_sees_only_their_own_agreement(invitation, agreement, anonymous, staff_user):
    other = make_agreement(
        partner=PartnerFactory(name="Kastrup Skakklub"), owner=staff_user, title="Skakcafé"
    )
    body = anonymous.get(token_url(invitation)).content.decode()
    assert "Skakcafé" not in body and "Kastrup Skakklub" not in body
    # Another agreement's version through this link: refused.
    other_version = other.latest_version()
    url = reverse("partnerships:review_pdf", args=[review_token(invitation), other_version.pk])
    assert anonymous.get(url).status_code == 404


def test_a_tampered_link_is_refused_with_a_friendly_page(invitation, anonymous):
    token = review_token(invitation)
    for bad in [token[:-1] + ("A" if token[-1] != "A" else "B"), "x" + token, "ikke-et-token"]:
        response = anonymous.get(reverse("partnerships:review", args=[bad]))
        assert response.status_code == 404
        assert "Linket virker ikke" in response.content.decode()


def test_an_expired_link_is_refused(invitation, anonymous):
    url = token_url(invitation)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        response = anonymous.get(url)
    assert response.status_code == 410
    assert "udløbet" in response.content.decode()
    assert anonymous.get(url).status_code == 200  # still valid today


def test_a_revoked_link_is_refused_and_a_resent_one_works(
    invitation, agreement, anonymous, staff_user
):
    old_url = token_url(invitation)
    review_revoke(invitation=invitation, acting_user=staff_user)
    response = anonymous.get(old_url)
    assert response.status_code == 410
    assert "virker ikke længere" in response.content.decode()
    from partnerships.services.workflow import review_resend

    new = review_resend(invitation=invitation, acting_user=staff_user)
    assert anonymous.get(token_url(new)).status_code == 200
    assert anonymous.post(old_url + "godkend/").status_code == 410


def test_a_token_of_another_invitation_opens_that_agreement_only(invitation, anonymous, staff_user):
    other_partner = PartnerFactory(name="Kastrup Skakklub")
    other_contact = PartnerContactFactory(partner=other_partner, name="Carl Skak")
    other = make_agreement(partner=other_partner, owner=staff_user, title="Skakcafé")
    other_invitation = review_invite(agreement=other, contact=other_contact, acting_user=staff_user)
    body = anonymous.get(token_url(other_invitation)).content.decode()
    assert "Skakcafé" in body and "Læseklub for seniorer" not in body


def test_the_partner_comments_per_section_and_sees_the_staff_reply(
    invitation, agreement, anonymous, staff_user, django_capture_on_commit_callbacks
):
    section = agreement.latest_version().content["sections"][1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            token_url(invitation, "_comment"),
            {"section_key": section["key"], "text": "Kan vi starte en uge senere?"},
        )
    assert response.status_code == 302
    comment = SectionComment.objects.get()
    assert comment.section_key == section["key"] and comment.contact == invitation.contact
    assert comment.version == agreement.latest_version()
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert section["title"] in mail.outbox[0].body
    comment_reply(
        agreement=agreement,
        section_key=section["key"],
        text="Ja, det retter vi.",
        acting_user=staff_user,
    )
    body = anonymous.get(token_url(invitation)).content.decode()
    assert "Kan vi starte en uge senere?" in body
    assert "Ja, det retter vi." in body


def test_a_comment_needs_a_section_and_text_and_keeps_what_was_typed(invitation, anonymous):
    response = anonymous.post(
        token_url(invitation, "_comment"), {"section_key": "findes-ikke", "text": "Min tekst"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Min tekst" in body
    assert "Vælg" in body
    assert not SectionComment.objects.exists()


def test_the_partner_accepts_for_signing(
    invitation, agreement, anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(token_url(invitation, "_accept"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.READY_TO_SIGN
    assert agreement.latest_version().pdf_sha256
    body = anonymous.get(token_url(invitation)).content.decode()
    assert agreement.latest_version().pdf_sha256 in body  # the PDF to sign, with its hash
    # Accepting twice: a message, never a 500.
    assert anonymous.post(token_url(invitation, "_accept"), follow=True).status_code == 200


def test_the_partner_asks_for_changes(invitation, agreement, anonymous):
    response = anonymous.post(token_url(invitation, "_changes"), {"note": ""})
    assert response.status_code == 200
    assert "Skriv, hvad I gerne vil have ændret" in response.content.decode()
    response = anonymous.post(token_url(invitation, "_changes"), {"note": "Ret perioden"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_review_pages_refuse_get_on_post_only_urls(invitation, anonymous):
    for suffix in ["_comment", "_accept", "_changes", "_sign"]:
        assert anonymous.get(token_url(invitation, suffix)).status_code == 405


def test_each_section_has_a_comment_link_that_preselects_it(invitation, agreement, anonymous):
    sections = agreement.latest_version().content["sections"]
    url = token_url(invitation)

    body = anonymous.get(url).content.decode()
    for number, section in enumerate(sections, start=1):
        assert f'href="{url}?afsnit={section["key"]}#comment-heading">Kommentér § {number}' in body

    chosen = sections[2]["key"]
    page = anonymous.get(f"{url}?afsnit={chosen}").content.decode()
    assert f'<option value="{chosen}" selected>' in page


def test_comment_links_close_once_the_agreement_is_ready_to_sign(
    invitation, agreement, anonymous, staff_user
):
    from partnerships.services.workflow import agreement_mark_ready

    agreement_mark_ready(agreement=agreement, acting_user=staff_user)

    assert "Kommentér §" not in anonymous.get(token_url(invitation)).content.decode()
