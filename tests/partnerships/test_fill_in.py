"""Fill-in markers ("[beløb]") from the agreement models: found in the text, highlighted on
screen (never in the PDF), listed for staff, and an agreement with one left never becomes
ready to sign – neither through the partner's "Godkend til underskrift" nor staff's button.
Sending it for review stays allowed. The demo signs nothing with "[" in it."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organisation import demo as organisation_demo
from partnerships.demo_agreements import AGREEMENTS, _fill_in, seed_agreements
from partnerships.models import Agreement, AgreementStatus, AgreementVersion, PartnerKind
from partnerships.pdf import version_html
from partnerships.services import PartnershipError
from partnerships.services.drafting import (
    agreement_update,
    content_unfilled_fields,
    fill_in_markers,
    unfilled_fields,
)
from partnerships.services.workflow import agreement_mark_ready, review_accept, review_invite
from tests.conftest import _client_for
from tests.partnerships.factories import (
    PartnerContactFactory,
    PartnerFactory,
    fill_in_agreement,
    make_agreement,
)
from tests.partnerships.lifecycle import pdf_text, stored, token_url

pytestmark = pytest.mark.django_db

REFUSED = "Aftalen kan ikke underskrives, før alle felter i [firkantede parenteser] er udfyldt"


def _period():
    today = timezone.localdate()
    return {
        "start_date": today,
        "end_date": today + datetime.timedelta(days=365),
        "evaluation_date": today + datetime.timedelta(days=180),
    }


@pytest.fixture
def draft(partner, signer, staff_user):
    """A standard agreement with its period set but the model's markers left, as drafted."""
    return make_agreement(partner=partner, owner=staff_user, title="Skakcafé", **_period())


def assert_warned(html, agreement):
    """The staff warning: how many markers are left, and the markers themselves highlighted."""
    html = html if isinstance(html, str) else html.content.decode()
    assert f"{len(unfilled_fields(agreement))} felter mangler at blive udfyldt" in html
    assert '<mark class="fill-in">[beskriv, hvad I vil opnå for borgerne]</mark>' in html


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Finding them ---------------------------------------------------------------------------


def test_markers_are_found_and_nothing_else():
    assert fill_in_markers("Vi betaler [beløb] kr. senest [dato].") == ["[beløb]", "[dato]"]
    assert fill_in_markers("Lokale: [lokale, fx mødelokale 1 på Tårnby Hovedbibliotek].") == [
        "[lokale, fx mødelokale 1 på Tårnby Hovedbibliotek]"
    ]
    # Not markers: paragraph signs, plain text, empty or multi-line brackets, too long ones.
    assert fill_in_markers("Se § 3 og § 7, stk. 2.") == []
    assert fill_in_markers("Biblioteket betaler kaffen.") == []
    assert fill_in_markers("Tomme [] parenteser") == []
    assert fill_in_markers("[første linje\nanden linje]") == []
    assert fill_in_markers("[" + "x" * 121 + "]") == []
    assert fill_in_markers("[" + "x" * 120 + "]") == ["[" + "x" * 120 + "]"]
    # No nested brackets: the inner one first; the outer one once that is filled.
    nested = "[Beskriv honoraret, fx [beløb] kr.]"
    assert fill_in_markers(nested) == ["[beløb]"]
    assert fill_in_markers(nested.replace("[beløb]", "2.000")) == [
        "[Beskriv honoraret, fx 2.000 kr.]"
    ]


def test_the_agreement_lists_its_markers_by_numbered_section(draft):
    fields = unfilled_fields(draft)
    assert ("§ 2 Baggrund og formål", "[beskriv, hvad I vil opnå for borgerne]") in [
        (f.section, f.marker) for f in fields
    ]
    assert {f.key for f in fields} >= {"baggrund", "maalgruppe", "indhold"}
    # The same as in the stored version (what would be signed).
    assert content_unfilled_fields(draft.latest_version().content) == fields
    assert unfilled_fields(fill_in_agreement(draft)) == []


def test_an_unset_period_counts_as_a_marker(partner, signer, staff_user):
    agreement = make_agreement(partner=partner, owner=staff_user, fill_in=True)
    markers = [f.marker for f in unfilled_fields(agreement)]
    assert "[startdato ikke udfyldt]" in markers
    agreement = agreement_update(agreement=agreement, acting_user=staff_user, **_period())
    assert unfilled_fields(agreement) == []


# --- Ready to sign is refused ---------------------------------------------------------------


def test_the_partner_cannot_accept_with_markers_left_and_is_told_which(
    draft, signer, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = review_invite(agreement=draft, contact=signer, acting_user=staff_user)
    mail.outbox.clear()
    client = Client()
    page = client.get(token_url(invitation))
    assert page.status_code == 200
    html = page.content.decode()
    assert "stadig i [firkantede parenteser]" in html  # the short note
    assert '<mark class="fill-in">[beskriv, hvad I vil opnå for borgerne]</mark>' in html

    response = client.post(token_url(invitation, "_accept"))
    assert response.status_code == 302
    (message,) = _messages(response)
    assert message.startswith(REFUSED)
    assert "§ 2 Baggrund og formål ([beskriv, hvad I vil opnå for borgerne])" in message
    assert "§ 3 Målgruppe ([målgruppe, fx børnefamilier i Tårnby], [antal]" in message
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.IN_REVIEW
    assert not draft.latest_version().pdf  # nothing rendered to sign
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_staff_cannot_mark_it_ready_with_markers_left(
    draft, signer, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review_invite(agreement=draft, contact=signer, acting_user=staff_user)
    response = _client_for(staff_user).post(
        reverse("partnerships:agreement_status", args=[draft.pk]),
        {"to_status": AgreementStatus.READY_TO_SIGN},
    )
    assert response.status_code == 302
    (message,) = _messages(response)
    assert message.startswith(REFUSED)
    assert "§ 2 Baggrund og formål" in message
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.IN_REVIEW
    with pytest.raises(PartnershipError, match=r"\[beløb\]|\[antal\]"):
        agreement_mark_ready(agreement=draft, acting_user=staff_user)


def test_once_filled_in_it_can_be_accepted(
    draft, signer, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = review_invite(agreement=draft, contact=signer, acting_user=staff_user)
        # Back to draft to fill in what the partner told us, then to review again.
        from partnerships.services.workflow import agreement_reopen

        agreement_reopen(agreement=draft, acting_user=staff_user)
        fill_in_agreement(draft, staff_user)
        invitation = review_invite(agreement=draft, contact=signer, acting_user=staff_user)
        review_accept(invitation=invitation)
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.READY_TO_SIGN
    assert "[" not in pdf_text(stored(draft.latest_version().pdf))


# --- Sending for review is allowed, with the warning ------------------------------------------


def test_sending_for_review_is_allowed_and_staff_see_the_warning(draft, signer, staff_user):
    client = _client_for(staff_user)
    invite_url = reverse("partnerships:agreement_invite", args=[draft.pk])
    html = client.get(invite_url).content.decode()
    assert_warned(html, draft)
    assert "§ 2 Baggrund og formål: " in html

    detail = client.get(reverse("partnerships:agreement_detail", args=[draft.pk]))
    html = detail.content.decode()
    assert "felter mangler at blive udfyldt" in html
    assert '<mark class="fill-in">[antal]</mark>' in html  # in the document too

    response = client.post(invite_url, {"contact": signer.pk, "days": 14, "note": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.IN_REVIEW


def test_no_warning_when_everything_is_filled(agreement, staff_user):
    client = _client_for(staff_user)
    for name in ("agreement_invite", "agreement_detail"):
        html = client.get(reverse(f"partnerships:{name}", args=[agreement.pk])).content.decode()
        assert "fill-in-summary" not in html
        assert "<mark" not in html


# --- Highlighting while drafting -------------------------------------------------------------


def test_the_drafting_step_and_the_live_preview_highlight_and_count(draft, staff_user):
    client = _client_for(staff_user)
    assert_warned(client.get(reverse("partnerships:draft_text", args=[draft.pk])), draft)

    # The htmx preview of unsaved text: typed markup is escaped, then the marker is marked.
    preview = reverse("partnerships:agreement_preview", args=[draft.pk, "tekst"])
    sections = {s.key: s.text for s in draft.sections.all()}
    data = {f"section_{key}": text for key, text in sections.items()}
    data["section_baggrund"] = "Vi vil <b>[formål]</b> sammen."
    response = client.post(preview, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'Vi vil &lt;b&gt;<mark class="fill-in">[formål]</mark>&lt;/b&gt; sammen.' in html
    assert "<b>" not in html

    # Everything filled in the form: the preview says so.
    from tests.partnerships.factories import filled_sections

    data = {f"section_{key}": text for key, text in sections.items()}
    data.update({f"section_{key}": text for key, text in filled_sections(draft).items()})
    html = client.post(preview, data, HTTP_HX_REQUEST="true").content.decode()
    assert "Alle felter i [firkantede parenteser] er udfyldt." in html
    assert "<mark" not in html
    draft.refresh_from_db()
    assert unfilled_fields(draft)  # nothing was saved


def test_the_pdf_html_never_marks(draft):
    html = version_html(draft.latest_version())
    assert "[beskriv, hvad I vil opnå for borgerne]" in html  # a draft's version, unmarked
    assert "<mark" not in html
    assert "fill-in" not in html


# --- The demo ---------------------------------------------------------------------------------


def test_the_demo_signs_nothing_with_a_marker_and_keeps_one_draft_with_them(
    django_capture_on_commit_callbacks,
):
    users, branches = organisation_demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        seed_agreements(users=users, branches=branches)
    beyond_draft = Agreement.objects.exclude(status=AgreementStatus.DRAFT)
    assert beyond_draft.exists()
    for agreement in beyond_draft:
        assert unfilled_fields(agreement) == [], agreement.title
    pdfs = [stored(a.final_pdf) for a in beyond_draft.exclude(final_pdf="")]
    pdfs += [stored(v.pdf) for v in AgreementVersion.objects.exclude(pdf="")]
    assert len(pdfs) >= 5
    for data in pdfs:
        text = pdf_text(data)
        assert "[" not in text and "]" not in text
    drafts_with_markers = [
        a for a in Agreement.objects.filter(status=AgreementStatus.DRAFT) if unfilled_fields(a)
    ]
    assert [a.title for a in drafts_with_markers] == ["Lektiecafé om eftermiddagen"]


@pytest.mark.parametrize("kind", PartnerKind.values)
def test_the_demo_fills_every_model_variant_whatever_the_partner(kind, staff_user):
    """The demo picks whatever partners exist: its values must cover each model's variant for
    every kind of partner (or it stops with the marker it does not know)."""
    partner = PartnerFactory(kind=kind)
    contact = PartnerContactFactory(partner=partner)
    start = timezone.localdate()
    for title, model, target, _start, _length in AGREEMENTS:
        if target == AgreementStatus.DRAFT:
            continue
        agreement = make_agreement(
            partner=partner, kind=model, owner=staff_user, partner_signatory=contact, **_period()
        )
        Agreement.objects.filter(pk=agreement.pk).update(title=title)
        agreement.refresh_from_db()
        assert unfilled_fields(_fill_in(agreement, staff_user, start)) == [], (kind, model)
