"""Retention: the sender's personal data in a "Bliv samarbejdspartner" enquiry goes N months
after it was answered (or, never answered, after it arrived); the statistics stay."""

import datetime
import html
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import AuditEntry, ConsentText
from partnerships.models import EnquiryStatus, Partner, PartnerKind
from partnerships.services import PartnershipError
from partnerships.services import partners as services
from portal.spam import ip_hash
from tests.factories import StaffFactory
from tests.partnerships.factories import PartnerEnquiryFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 3, 0, tzinfo=datetime.UTC)
PERSONAL = ("contact_name", "contact_role", "email", "phone", "idea", "ip_hash")
KEPT = (
    "organisation_name",
    "kind",
    "cvr",
    "status",
    "created_at",
    "handled_at",
    "handled_by_id",
    "partner_id",
    "reply",
    "consent_text_id",
    "consented_at",
)


@pytest.fixture(autouse=True)
def _twelve_months(settings):
    settings.SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS = 12


def _days_ago(days):
    return time_machine.travel(NOW - datetime.timedelta(days=days), tick=False)


def _enquiry(*, arrived_days_ago, answered_days_ago=None, answer=None, **fields):
    """An enquiry as the public form leaves it, answered through the real services."""
    with _days_ago(arrived_days_ago):
        enquiry = PartnerEnquiryFactory(
            kind=PartnerKind.COMPANY if answer == "accept" else PartnerKind.ASSOCIATION,
            cvr="55807302",
            phone="12345678",
            ip_hash=ip_hash("192.0.2.7"),
            **fields,
        )
    if answer:
        with _days_ago(answered_days_ago):
            if answer == "accept":
                services.enquiry_accept(enquiry=enquiry, acting_user=StaffFactory(), reply="Ja")
            else:
                services.enquiry_decline(
                    enquiry=enquiry, acting_user=StaffFactory(), reason="Ikke lige nu."
                )
    enquiry.refresh_from_db()
    return enquiry


def _row(enquiry):
    enquiry.refresh_from_db()
    return {field: getattr(enquiry, field) for field in (*PERSONAL, *KEPT, "erased_at")}


def _run(**options):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("apply_partner_retention", stdout=out, **options)
    return out.getvalue()


def test_retention_erases_exactly_the_enquiries_past_the_period_and_keeps_the_statistics():
    old_accepted = _enquiry(arrived_days_ago=420, answered_days_ago=400, answer="accept")
    old_declined = _enquiry(arrived_days_ago=390, answered_days_ago=380, answer="decline")
    old_untouched = _enquiry(arrived_days_ago=370)
    young_declined = _enquiry(arrived_days_ago=500, answered_days_ago=300, answer="decline")
    young_accepted = _enquiry(arrived_days_ago=380, answered_days_ago=10, answer="accept")
    young_untouched = _enquiry(arrived_days_ago=300)
    erased = (old_accepted, old_declined, old_untouched)
    kept = (young_declined, young_accepted, young_untouched)
    before = {enquiry.pk: _row(enquiry) for enquiry in (*erased, *kept)}

    output = _run()

    assert "Erased the personal data in 3 partner enquiries." in output
    for enquiry in erased:
        row = _row(enquiry)
        assert {field: row[field] for field in PERSONAL} == {
            "contact_name": "[slettet]",
            "contact_role": "",
            "email": "",
            "phone": "",
            "idea": "[slettet]",
            "ip_hash": "",
        }
        assert row["erased_at"] == NOW
        # Organisation, kind, status and dates stay for statistics.
        assert {field: row[field] for field in KEPT} == {
            field: before[enquiry.pk][field] for field in KEPT
        }
    for enquiry in kept:
        assert _row(enquiry) == before[enquiry.pk]
    assert old_accepted.status == EnquiryStatus.ACCEPTED
    assert old_declined.status == EnquiryStatus.DECLINED
    assert old_untouched.status == EnquiryStatus.NEW


def test_the_accepted_senders_contact_on_the_partner_stays():
    enquiry = _enquiry(
        arrived_days_ago=420,
        answered_days_ago=400,
        answer="accept",
        contact_name="Henrik Bruun",
        email="henrik@skak.example.dk",
    )

    _run()

    contact = Partner.objects.get(pk=enquiry.partner_id).contacts.get()
    assert (contact.name, contact.email) == ("Henrik Bruun", "henrik@skak.example.dk")
    enquiry.refresh_from_db()
    assert (enquiry.partner_id, enquiry.email) == (contact.partner_id, "")


def test_a_second_run_erases_nothing_and_each_erasure_is_audited_once():
    first = _enquiry(arrived_days_ago=400, answered_days_ago=390, answer="decline")
    second = _enquiry(arrived_days_ago=380)

    assert "in 2 partner enquiries" in _run()
    rows = {enquiry.pk: _row(enquiry) for enquiry in (first, second)}
    assert "in 0 partner enquiries" in _run()

    assert {enquiry.pk: _row(enquiry) for enquiry in (first, second)} == rows
    audit = AuditEntry.objects.filter(action="partner_enquiry_erased")
    assert sorted(audit.values_list("target_id", flat=True)) == sorted(
        [str(first.pk), str(second.pk)]
    )
    assert {entry.actor_id for entry in audit} == {None}
    assert {entry.changes["retention_months"] for entry in audit} == {12}


def test_the_period_comes_from_the_setting(settings):
    enquiry = _enquiry(arrived_days_ago=200, answered_days_ago=200, answer="decline")
    assert "in 0 partner enquiries" in _run()

    settings.SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS = 6
    assert "in 1 partner enquiries" in _run()

    enquiry.refresh_from_db()
    assert enquiry.email == ""


def test_the_setting_defaults_to_twelve_months():
    from portal import settings as project_settings

    assert project_settings.SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS == 12


def test_the_service_counts_what_it_erased():
    _enquiry(arrived_days_ago=400)

    assert services.enquiries_apply_retention(now=NOW) == 1
    assert services.enquiries_apply_retention(now=NOW) == 0


def test_dry_run_counts_and_changes_nothing():
    enquiry = _enquiry(arrived_days_ago=400)
    before = _row(enquiry)

    output = _run(dry_run=True)

    assert "1 partner enquiries are past retention (nothing changed)." in output
    assert _row(enquiry) == before
    assert not AuditEntry.objects.filter(action="partner_enquiry_erased").exists()


def test_months_option_overrides_the_setting():
    enquiry = _enquiry(arrived_days_ago=100)

    assert "in 1 partner enquiries" in _run(months=3)
    enquiry.refresh_from_db()
    assert enquiry.erased_at == NOW


def test_the_staff_page_says_the_data_was_erased_and_offers_no_answer(staff):
    erased = _enquiry(
        arrived_days_ago=400, contact_name="Henrik Bruun", email="henrik@skak.example.dk"
    )
    kept = _enquiry(arrived_days_ago=30)
    _run()

    content = html.unescape(
        staff.get(reverse("partnerships:enquiry_detail", args=[erased.pk])).content.decode()
    )
    assert "Personoplysningerne er slettet efter 12 måneder" in content
    assert erased.organisation_name in content
    assert "Henrik Bruun" not in content
    assert "mailto:" not in content
    assert reverse("partnerships:enquiry_accept", args=[erased.pk]) not in content
    assert reverse("partnerships:enquiry_decline", args=[erased.pk]) not in content

    content = html.unescape(
        staff.get(reverse("partnerships:enquiry_detail", args=[kept.pk])).content.decode()
    )
    assert "Personoplysningerne er slettet" not in content
    assert reverse("partnerships:enquiry_accept", args=[kept.pk]) in content


def test_an_erased_enquiry_can_no_longer_be_answered(staff, staff_user):
    enquiry = _enquiry(arrived_days_ago=400)
    _run()

    with pytest.raises(PartnershipError):
        services.enquiry_accept(enquiry=enquiry, acting_user=staff_user)
    with pytest.raises(PartnershipError):
        services.enquiry_decline(enquiry=enquiry, acting_user=staff_user, reason="Nej tak")
    for action, data in (("accept", {}), ("decline", {"decline-reason": "Nej tak"})):
        response = staff.post(
            reverse(f"partnerships:enquiry_{action}", args=[enquiry.pk]), data, follow=True
        )
        assert response.redirect_chain == [
            (reverse("partnerships:enquiry_detail", args=[enquiry.pk]), 302)
        ]
        assert "Afsenderens oplysninger er slettet" in html.unescape(response.content.decode())
    assert not Partner.objects.exists()
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.NEW


def test_the_consent_text_says_how_long_the_data_is_kept(anonymous):
    consent = ConsentText.current("partner_enquiry")

    assert consent.version == 2
    assert "12 måneder" in consent.text
    assert ConsentText.objects.filter(purpose="partner_enquiry", version=1).exists()
    content = html.unescape(anonymous.get(reverse("partnerships:enquiry")).content.decode())
    assert "sletter mine oplysninger i henvendelsen 12 måneder efter" in content
