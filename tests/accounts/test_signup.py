"""Signing up: a citizen account, one Danish verification email, verified by the emailed link."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import transaction

from accounts.models import Role, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = "/konto/signup/"


def signup_form(**changes):
    data = {
        "email": "ny.borger@example.dk",
        "name": "Ny Borger",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(changes)
    return data


def link_in(message) -> str:
    """The path of the confirmation link in the email body."""
    url = re.search(r"https?://testserver(/konto/confirm-email/[^/\s]+/)", message.body)
    assert url, message.body
    return url.group(1)


def sign_up(client, capture, **changes):
    with capture(execute=True):
        return client.post(SIGNUP, signup_form(**changes))


def test_signup_creates_a_citizen_with_the_name_given(
    anonymous, django_capture_on_commit_callbacks
):
    response = sign_up(anonymous, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get(email="ny.borger@example.dk")
    assert user.role == Role.CITIZEN
    assert user.name == "Ny Borger"
    assert not user.is_library_staff
    assert not EmailAddress.objects.get(user=user).verified


def test_signup_cannot_choose_a_staff_role(anonymous, django_capture_on_commit_callbacks):
    sign_up(anonymous, django_capture_on_commit_callbacks, role=Role.MANAGER, is_staff="on")
    user = User.objects.get(email="ny.borger@example.dk")
    assert user.role == Role.CITIZEN
    assert not user.is_staff


def test_signup_sends_exactly_one_danish_verification_email(
    anonymous, django_capture_on_commit_callbacks
):
    response = sign_up(anonymous, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.borger@example.dk"]
    assert message.subject == "Sammen: Bekræft din e-mailadresse"
    assert "Bekræft, at adressen er din" in message.body
    assert link_in(message)
    page = anonymous.get(response["Location"])
    assert "Bekræft din emailadresse" in page.content.decode()


def test_no_email_is_sent_until_the_signup_is_committed(
    anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        anonymous.post(SIGNUP, signup_form())
        assert mail.outbox == []  # queued for after commit, not sent during the request
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_signup_that_rolls_back_sends_nothing(anonymous, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        response = anonymous.post(SIGNUP, signup_form())
        assert response.status_code == 302
        transaction.set_rollback(True)
    assert callbacks == []
    assert mail.outbox == []
    assert not User.objects.filter(email="ny.borger@example.dk").exists()


def test_signup_with_mismatched_passwords_is_refused_in_danish_and_keeps_the_email(
    anonymous, django_capture_on_commit_callbacks
):
    response = sign_up(anonymous, django_capture_on_commit_callbacks, password2="noget-andet-42")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der er noget, du skal rette" in html
    assert "Du skal skrive den samme adgangskode hver gang." in html
    assert 'value="ny.borger@example.dk"' in html
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_without_a_name_is_refused(anonymous, django_capture_on_commit_callbacks):
    response = sign_up(anonymous, django_capture_on_commit_callbacks, name="")
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()
    assert not User.objects.exists()


def test_the_emailed_link_asks_before_it_confirms(anonymous, django_capture_on_commit_callbacks):
    sign_up(anonymous, django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0])
    page = anonymous.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    # allauth signs the key again when it renders the form, with the current second in it, so
    # the form's key may differ from the emailed one; both confirm the same address.
    action = re.search(r'<form method="post" action="(/konto/confirm-email/[^"/]+/)"', html)
    assert action, html
    assert "Bekræft" in html
    # Opening the link (a mail scanner may do that) must not confirm the address by itself.
    assert not EmailAddress.objects.get(email="ny.borger@example.dk").verified
    # Pressing the button does.
    assert anonymous.post(action.group(1)).status_code == 302
    assert EmailAddress.objects.get(email="ny.borger@example.dk").verified


def test_confirming_the_emailed_link_verifies_the_address(django_capture_on_commit_callbacks):
    from django.test import Client

    signup_client = Client()
    sign_up(signup_client, django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0])
    other_browser = Client()  # people often open the mail on another device
    response = other_browser.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ny.borger@example.dk").verified
    login = other_browser.post(
        "/konto/login/", {"login": "ny.borger@example.dk", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert other_browser.get(login["Location"])["Location"] == "/"


def test_a_made_up_confirmation_link_confirms_nothing(
    anonymous, django_capture_on_commit_callbacks
):
    sign_up(anonymous, django_capture_on_commit_callbacks)
    response = anonymous.post("/konto/confirm-email/ikke-en-rigtig-noegle/")
    assert response.status_code in {200, 404}
    assert not EmailAddress.objects.get(email="ny.borger@example.dk").verified
