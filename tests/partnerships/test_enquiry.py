"""'Bliv samarbejdspartner': the public enquiry form, its spam rules, and answering it."""

import html
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ConsentText
from organisation.models import Library
from partnerships.models import EnquiryStatus, Partner, PartnerEnquiry, PartnerKind
from tests.factories import BranchFactory, ManagerFactory
from tests.html import error_summary, field_errors, form_values
from tests.partnerships.factories import PartnerEnquiryFactory, PartnerFactory

pytestmark = pytest.mark.django_db

URL = reverse("partnerships:enquiry")


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    settings.SAMMEN_FORM_MIN_SECONDS = 0  # the too-fast rule has its own test below


def text(response) -> str:
    return html.unescape(response.content.decode())


def _form_data(client, **overrides) -> dict:
    shown = form_values(client.get(URL))
    data = {
        "organisation_name": "Tårnby Skakklub",
        "kind": PartnerKind.ASSOCIATION,
        "cvr": "55807302",
        "website": "https://skak.example.dk",
        "idea": "En skakcafé hver anden lørdag for børn og voksne.",
        "contact_name": "Henrik Bruun",
        "contact_role": "Formand",
        "email": "henrik@skak.example.dk",
        "phone": "",
        "consent": "on",
        "consent_version": shown["consent_version"],
        "started": shown["started"],
        "url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _assert_typed_values_kept(response):
    values = form_values(response)
    assert values["organisation_name"] == "Tårnby Skakklub"
    assert values["idea"].strip() == "En skakcafé hver anden lørdag for børn og voksne."
    assert values["contact_name"] == "Henrik Bruun"
    assert values["email"] == "henrik@skak.example.dk"
    assert values["kind"] == PartnerKind.ASSOCIATION
    assert values["consent"] == "on"


# --- Happy path ----------------------------------------------------------------------------------


def test_an_organisation_sends_an_enquiry_gets_a_receipt_and_the_tovholder_is_told(
    anonymous, tovholder_user, own_branch, django_capture_on_commit_callbacks
):
    ManagerFactory(email="chef@example.dk")
    data = _form_data(anonymous, branch=own_branch.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(URL, data)

    assert response.status_code == 302
    assert response.url == reverse("partnerships:enquiry_thanks")
    enquiry = PartnerEnquiry.objects.get()
    assert enquiry.status == EnquiryStatus.NEW
    assert enquiry.branch == own_branch
    assert enquiry.cvr == "55807302"
    assert enquiry.consent_text == ConsentText.current("partner_enquiry")
    assert enquiry.consented_at is not None
    assert enquiry.ip_hash and "127.0.0.1" not in enquiry.ip_hash

    receipt, notice = sorted(mail.outbox, key=lambda m: m.to != ["henrik@skak.example.dk"])
    assert receipt.to == ["henrik@skak.example.dk"]
    assert "Tak for jeres henvendelse" in receipt.subject
    assert "skakcafé" in receipt.body
    assert notice.to == [tovholder_user.email]  # the chosen library's tovholder, not the chef
    assert "Tårnby Skakklub" in notice.body
    assert reverse("partnerships:enquiry_list") in notice.body

    thanks = text(anonymous.get(response.url))
    assert "henrik@skak.example.dk" in thanks and "Tårnby Skakklub" in thanks


def test_without_a_chosen_library_the_managers_are_told(
    anonymous, django_capture_on_commit_callbacks
):
    ManagerFactory(email="chef1@example.dk")
    ManagerFactory(email="chef2@example.dk")

    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(URL, _form_data(anonymous))

    notices = [m for m in mail.outbox if m.to != ["henrik@skak.example.dk"]]
    assert [sorted(m.to) for m in notices] == [["chef1@example.dk", "chef2@example.dk"]]


def test_the_form_shows_the_consent_text_and_a_hidden_honeypot(anonymous):
    content = text(anonymous.get(URL))
    assert ConsentText.current("partner_enquiry").text[:50] in content
    assert '<div class="form-trap" aria-hidden="true">' in content
    assert 'name="website"' in content  # the organisation's real website field
    assert 'name="url"' in content and 'tabindex="-1"' in content


def test_a_wrong_cvr_is_refused_in_danish_and_the_form_kept(anonymous):
    response = anonymous.post(URL, _form_data(anonymous, cvr="12345678"))

    assert not PartnerEnquiry.objects.exists()
    assert "kontrolcifferet" in field_errors(response)["cvr"]
    assert form_values(response)["cvr"] == "12345678"
    _assert_typed_values_kept(response)


def test_without_consent_nothing_is_stored(anonymous):
    response = anonymous.post(URL, _form_data(anonymous, consent=None))

    assert not PartnerEnquiry.objects.exists()
    assert "samtykke" in field_errors(response)["consent"]
    assert mail.outbox == []


def test_a_consent_text_changed_while_the_form_was_open_must_be_accepted_again(anonymous):
    data = _form_data(anonymous)
    version = ConsentText.current("partner_enquiry").version + 1
    ConsentText.objects.create(purpose="partner_enquiry", version=version, text="Ny tekst.")

    response = anonymous.post(URL, data)

    assert not PartnerEnquiry.objects.exists()
    assert "ændret" in field_errors(response)["consent"]
    assert form_values(response)["consent_version"] == str(version)


# --- Spam protection (portal/spam.py, shared with the initiative form) -----------------------


def test_a_filled_honeypot_stores_nothing_and_keeps_what_was_typed(anonymous):
    response = anonymous.post(URL, _form_data(anonymous, url="http://spam.example"))

    assert response.status_code == 200
    assert not PartnerEnquiry.objects.exists()
    assert mail.outbox == []
    assert any("skjult felt" in line for line in error_summary(response))
    _assert_typed_values_kept(response)
    assert form_values(response)["url"] == ""


def test_a_too_fast_enquiry_stores_nothing_and_a_resend_after_a_moment_is_accepted(
    anonymous, settings
):
    settings.SAMMEN_FORM_MIN_SECONDS = 5
    data = _form_data(anonymous)

    response = anonymous.post(URL, data)

    assert not PartnerEnquiry.objects.exists()
    assert any("Vent et øjeblik" in line for line in error_summary(response))
    _assert_typed_values_kept(response)
    assert form_values(response)["started"] == data["started"]

    with mock.patch("portal.spam.time.time", return_value=time.time() + 6):
        assert anonymous.post(URL, data).status_code == 302
    assert PartnerEnquiry.objects.count() == 1


def test_the_rate_limit_per_address_stores_nothing_and_tells_whom_to_call(anonymous, settings):
    settings.SAMMEN_PROPOSALS_PER_IP_PER_HOUR = 2
    Library.objects.create(name="Tårnby Bibliotekerne", phone="32 46 05 00", email="bib@taarnby.dk")
    for _ in range(2):
        assert anonymous.post(URL, _form_data(anonymous)).status_code == 302
    mail.outbox.clear()

    response = anonymous.post(URL, _form_data(anonymous))

    assert response.status_code == 200
    assert PartnerEnquiry.objects.count() == 2
    assert mail.outbox == []
    summary = " ".join(error_summary(response))
    assert "mange henvendelser den sidste time" in summary
    assert "32 46 05 00" in summary
    _assert_typed_values_kept(response)
    # Another address may still write; the limit is per address.
    assert anonymous.post(URL, _form_data(anonymous), REMOTE_ADDR="10.9.8.7").status_code == 302


# --- Answering -----------------------------------------------------------------------------------


def test_accepting_creates_a_partner_with_the_sender_as_primary_contact_and_welcomes_them(
    staff, staff_user, django_capture_on_commit_callbacks
):
    branch = BranchFactory()
    enquiry = PartnerEnquiryFactory(
        organisation_name="Tårnby Skakklub", cvr="55807302", branch=branch, email="h@skak.dk"
    )
    url = reverse("partnerships:enquiry_accept", args=[enquiry.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"accept-reply": "Ahmed ringer til dig i næste uge."})

    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("partnerships:staff_partner_detail", args=[partner.pk])
    assert (partner.name, partner.cvr, partner.is_public) == ("Tårnby Skakklub", "55807302", False)
    assert list(partner.branches.all()) == [branch]
    contact = partner.contacts.get()
    assert (contact.email, contact.is_primary, contact.may_sign) == ("h@skak.dk", True, False)
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.ACCEPTED
    assert (enquiry.partner, enquiry.handled_by) == (partner, staff_user)
    (welcome,) = mail.outbox
    assert welcome.to == ["h@skak.dk"]
    assert "Velkommen som samarbejdspartner" in welcome.subject
    assert "Ahmed ringer til dig i næste uge." in welcome.body

    again = staff.post(url, {}, follow=True)
    assert "Henvendelsen er allerede besvaret." in text(again)
    assert Partner.objects.count() == 1


def test_accepting_into_an_existing_partner_adds_the_sender_as_contact(staff):
    partner = PartnerFactory(name="Skakklubben")
    enquiry = PartnerEnquiryFactory(email="ny@skak.dk")

    staff.post(
        reverse("partnerships:enquiry_accept", args=[enquiry.pk]), {"accept-partner": partner.pk}
    )

    assert Partner.objects.count() == 1
    assert list(partner.contacts.values_list("email", flat=True)) == ["ny@skak.dk"]


def test_declining_needs_a_reason_which_is_emailed(staff, django_capture_on_commit_callbacks):
    enquiry = PartnerEnquiryFactory(email="kim@salg.dk")
    url = reverse("partnerships:enquiry_decline", args=[enquiry.pk])

    response = staff.post(url, {"decline-reason": "  "})
    assert response.status_code == 200
    assert "Skriv hvorfor" in field_errors(response)["decline-reason"]
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.NEW
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"decline-reason": "Biblioteket er ikke-kommercielt."})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.DECLINED
    (answer,) = mail.outbox
    assert answer.to == ["kim@salg.dk"]
    assert "Biblioteket er ikke-kommercielt." in answer.body
    assert not Partner.objects.exists()


def test_the_inbox_shows_new_enquiries_and_the_answered_under_their_status(staff):
    PartnerEnquiryFactory(organisation_name="Ny klub")
    PartnerEnquiryFactory(organisation_name="Afvist firma", status=EnquiryStatus.DECLINED)
    inbox = reverse("partnerships:enquiry_list")

    new = text(staff.get(inbox))
    assert "Ny klub" in new and "Afvist firma" not in new
    assert "Afvist firma" in text(staff.get(inbox, {"status": "declined"}))
    assert "Ny klub" in text(staff.get(inbox, {"status": "nonsense"}))


def test_the_staff_dashboard_counts_new_enquiries_and_links_to_the_inbox(staff):
    PartnerEnquiryFactory()

    content = text(staff.get(reverse("staff:dashboard")))

    assert "Nye henvendelser fra partnere" in content
    assert reverse("partnerships:enquiry_list") in content


def test_outsiders_cannot_see_or_answer_enquiries(anonymous, citizen, staff):
    enquiry = PartnerEnquiryFactory()
    detail = reverse("partnerships:enquiry_detail", args=[enquiry.pk])
    accept = reverse("partnerships:enquiry_accept", args=[enquiry.pk])
    decline = reverse("partnerships:enquiry_decline", args=[enquiry.pk])

    assert anonymous.get(detail).status_code == 302
    assert anonymous.post(accept).status_code == 302
    assert citizen.get(detail).status_code == 404
    assert citizen.post(accept).status_code == 404
    assert citizen.post(decline, {"decline-reason": "x"}).status_code == 404
    assert staff.get(accept).status_code == 405
    assert staff.get(decline).status_code == 405
    assert not Partner.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_inbox_query_count_does_not_grow_with_rows(staff, rows, django_assert_max_num_queries):
    branch = BranchFactory()
    for _ in range(rows):
        PartnerEnquiryFactory(branch=branch)
    # session, user, library (layout); counts per status; the count and the page (branch,
    # partner and handler joined).
    with django_assert_max_num_queries(6):
        response = staff.get(reverse("partnerships:enquiry_list"))
    assert text(response).count("Kastrup Skakklub") == min(rows, 25)
