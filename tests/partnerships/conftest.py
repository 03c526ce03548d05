"""Fixtures for the agreement lifecycle tests (workflow, review links, signing, PDFs,
verification, reminders). Helpers that are not fixtures live in lifecycle.py."""

import datetime

import pytest
from django.utils import timezone

from tests.partnerships.factories import PartnerContactFactory, PartnerFactory, make_agreement


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partner(db):
    return PartnerFactory(name="Tårnby Læseforening", cvr="")


@pytest.fixture
def signer(partner):
    return PartnerContactFactory(
        partner=partner, name="Anne Formand", role="Formand", email="anne@laese.example.dk"
    )


@pytest.fixture
def reader(partner):
    """A contact who may read and comment, but not sign."""
    return PartnerContactFactory(
        partner=partner,
        name="Bo Kasserer",
        role="Kasserer",
        email="bo@laese.example.dk",
        may_sign=False,
        is_primary=False,
    )


@pytest.fixture
def agreement(partner, signer, staff_user):
    today = timezone.localdate()
    return make_agreement(
        partner=partner,
        owner=staff_user,
        title="Læseklub for seniorer",
        fill_in=True,  # every "[...]" filled: it is sent all the way to signing
        start_date=today,
        end_date=today + datetime.timedelta(days=365),
        evaluation_date=today + datetime.timedelta(days=180),
    )
