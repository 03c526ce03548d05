"""The privacy page says what the initiative and partnership parts store and for how long."""

import pytest

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_privacy_page_names_the_retention_periods_from_the_settings(anonymous, settings):
    settings.SAMMEN_INITIATIVE_RETENTION_MONTHS = 18
    settings.SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS = 6

    text = _text(anonymous.get("/privatliv/"))

    assert "Dine kontaktoplysninger slettes 18 måneder efter, at sagen er afsluttet" in text
    assert "Vi sletter dine personoplysninger i henvendelsen 6 måneder efter" in text


def test_the_privacy_page_tells_partner_contacts_what_signing_records(anonymous):
    text = _text(anonymous.get("/privatliv/"))

    assert "Når du henvender dig som samarbejdspartner eller er kontaktperson" in text
    assert "tidspunktet, din IP-adresse og din browser" in text
    assert "kun navne, roller og tidspunkter" in text
