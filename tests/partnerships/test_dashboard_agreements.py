"""The staff dashboard's "Samarbejdsaftaler" card: what waits for signatures, what is with the
partner, and what ends soon, each linking to the filtered agreement list."""

import datetime

import pytest
from django.utils import timezone

from partnerships.models import AgreementStatus
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_dashboard_counts_agreements_that_need_attention(staff, settings):
    settings.SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS = 60
    make_agreement(status=AgreementStatus.READY_TO_SIGN)
    make_agreement(status=AgreementStatus.READY_TO_SIGN)
    make_agreement(status=AgreementStatus.IN_REVIEW)
    make_agreement(status=AgreementStatus.ACTIVE, start_date=_days(-300), end_date=_days(30))
    make_agreement(status=AgreementStatus.SIGNED, start_date=_days(-10), end_date=_days(60))
    # Not expiring: ends later, already expired, or a draft with an end date.
    make_agreement(status=AgreementStatus.ACTIVE, start_date=_days(-10), end_date=_days(61))
    make_agreement(status=AgreementStatus.EXPIRED, start_date=_days(-400), end_date=_days(-1))
    make_agreement(start_date=_days(1), end_date=_days(20))

    html = " ".join(staff.get("/personale/").content.decode().split())

    assert (
        '<span class="stat">2</span> <a href="/personale/aftaler/?status=ready_to_sign">'
        "aftaler venter på underskrift</a>"
    ) in html
    assert (
        '<span class="stat">1</span> <a href="/personale/aftaler/?status=in_review">'
        "udkast er til gennemsyn hos partneren</a>"
    ) in html
    assert (
        '<span class="stat">2</span> <a href="/personale/aftaler/?expiring=60">'
        "aftaler udløber inden for 60 dage</a>"
    ) in html


def test_the_expiring_link_lists_the_same_agreements_the_card_counts(staff, settings):
    settings.SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS = 60
    soon = make_agreement(status=AgreementStatus.ACTIVE, start_date=_days(-300), end_date=_days(30))
    later = make_agreement(
        status=AgreementStatus.ACTIVE, start_date=_days(-300), end_date=_days(90)
    )

    html = staff.get("/personale/aftaler/?expiring=60").content.decode()

    assert soon.number in html
    assert later.number not in html
