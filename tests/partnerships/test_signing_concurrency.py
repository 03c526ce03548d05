"""Two signatures at the same moment: the agreement becomes signed exactly once.

The library's manager and the partner's chairwoman press "Underskriv" at once, each in a thread
with its own database connection, released together by a barrier. The window between inserting
a signature and counting the signatures is widened on purpose, so a missing lock shows: the
control test signs without the agreement lock and must see the race (each transaction sees only
its own signature, so neither completes and the agreement is stuck half-signed).
"""

import threading
import time

import pytest
from django.db import connection, connections

from partnerships.models import Agreement, AgreementStatus, Signature, SignatureParty
from partnerships.services import signing
from partnerships.services.signing import agreement_sign
from tests.partnerships.lifecycle import LIBRARY_META, PARTNER_META, make_ready

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (run with DATABASE_URL)"
    ),
]


@pytest.fixture
def wide_race_window(monkeypatch):
    monkeypatch.setattr(signing, "_between_insert_and_count", lambda: time.sleep(0.3))


def _sign_both_at_once(agreement, invitation, manager) -> list[Exception]:
    calls = [
        {
            "party": SignatureParty.LIBRARY,
            "typed_name": "Birgitte Chef",
            "meta": LIBRARY_META,
            "user": manager,
        },
        {
            "party": SignatureParty.PARTNER,
            "typed_name": "Anne Formand",
            "meta": PARTNER_META,
            "invitation": invitation,
        },
    ]
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def worker(kwargs):
        try:
            barrier.wait()
            agreement_sign(agreement=agreement, consent=True, **kwargs)
        except Exception as exc:  # collected and asserted on by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(kwargs,)) for kwargs in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _signed_events(agreement) -> int:
    return agreement.events.filter(action="status", to_status=AgreementStatus.SIGNED).count()


def test_two_simultaneous_signatures_complete_the_agreement_once(
    agreement,
    signer,
    staff_user,
    manager_user,
    wide_race_window,
    django_capture_on_commit_callbacks,
):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    assert _sign_both_at_once(agreement, invitation, manager_user) == []
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert Signature.objects.filter(agreement=agreement).count() == 2
    assert agreement.status == AgreementStatus.ACTIVE
    assert _signed_events(agreement) == 1
    assert agreement.final_pdf_sha256  # ordered once, after commit


def test_without_the_lock_the_race_leaves_the_agreement_half_signed(
    agreement,
    signer,
    staff_user,
    manager_user,
    wide_race_window,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    monkeypatch.setattr(
        signing, "lock", lambda a: Agreement.objects.select_related("partner").get(pk=a.pk)
    )
    assert _sign_both_at_once(agreement, invitation, manager_user) == []
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert Signature.objects.filter(agreement=agreement).count() == 2
    assert agreement.status == AgreementStatus.READY_TO_SIGN  # the race: nobody completed it
    assert _signed_events(agreement) == 0
