"""Demo agreements: every status, one signed with its stored PDF, idempotent."""

import hashlib

import pytest

from organisation import demo as organisation_demo
from partnerships.demo_agreements import seed_agreements
from partnerships.models import Agreement, AgreementStatus

pytestmark = pytest.mark.django_db


def test_demo_agreements_cover_every_status_and_run_twice(django_capture_on_commit_callbacks):
    users, branches = organisation_demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        seed_agreements(users=users, branches=branches)
    count = Agreement.objects.count()
    assert set(Agreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    signed = Agreement.objects.filter(status=AgreementStatus.ACTIVE).exclude(final_pdf="")
    assert signed.exists()
    agreement = signed.first()
    with agreement.final_pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == agreement.final_pdf_sha256
    assert Agreement.objects.filter(renewed_from__status=AgreementStatus.EXPIRED).exists()
    with django_capture_on_commit_callbacks(execute=True):
        seed_agreements(users=users, branches=branches)
    assert Agreement.objects.count() == count
