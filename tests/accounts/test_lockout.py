"""Login throttling (django-axes): repeated wrong passwords lock one account from one address."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"


def attempt(client, email, password, address="192.0.2.10"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client, email, address="192.0.2.10"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, email, "forkert-kodeord", address)


def assert_locked_out(response):
    assert response.status_code == 429
    assert "errors/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "For mange forkerte forsøg" in html
    assert "Nulstil adgangskode" in html  # the way out is on the page
    assert '<html lang="da"' in html


def test_the_limit_is_five(settings):
    assert settings.AXES_FAILURE_LIMIT == 5


def test_four_wrong_passwords_still_allow_the_right_one(anonymous, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(anonymous, staff_user.email, "forkert-kodeord").status_code == 200
    response = attempt(anonymous, staff_user.email, PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in anonymous.session


def test_after_five_wrong_passwords_even_the_right_one_gets_the_lockout_page(anonymous, staff_user):
    fail_until_locked(anonymous, staff_user.email)
    response = attempt(anonymous, staff_user.email, PASSWORD)
    assert_locked_out(response)
    assert "_auth_user_id" not in anonymous.session


def test_writing_the_email_in_other_letter_cases_counts_as_the_same_account(anonymous, staff_user):
    variants = ["medarbejder@example.dk", "Medarbejder@example.dk", "MEDARBEJDER@EXAMPLE.DK"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(anonymous, variants[n % len(variants)], "forkert-kodeord")
    assert_locked_out(attempt(anonymous, "Medarbejder@Example.dk", PASSWORD))


def test_other_accounts_from_the_same_address_are_not_locked(anonymous, staff_user, citizen_user):
    # A library's public PCs share one address: one person's typos must not lock out the rest.
    fail_until_locked(anonymous, staff_user.email)
    other_person = Client()
    response = attempt(other_person, citizen_user.email, PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in other_person.session


def test_the_same_account_from_another_address_is_not_locked(anonymous, staff_user):
    # Lockout is per account and address, so nobody can lock a colleague out from outside.
    fail_until_locked(anonymous, staff_user.email, address="192.0.2.10")
    elsewhere = Client()
    response = attempt(elsewhere, staff_user.email, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(anonymous, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(anonymous, staff_user.email, "forkert-kodeord")
    assert attempt(anonymous, staff_user.email, PASSWORD).status_code == 302
    anonymous.post("/konto/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(anonymous, staff_user.email, "forkert-kodeord")
    assert attempt(anonymous, staff_user.email, PASSWORD).status_code == 302
