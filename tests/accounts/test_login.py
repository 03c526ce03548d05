"""Logging in: where people land, unverified addresses, and a forgotten password."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def landing(client, response) -> str:
    """Where the browser ends up after the login's redirects."""
    assert response.status_code == 302
    location = response["Location"]
    while True:
        hop = client.get(location)
        if hop.status_code != 302:
            return location
        location = hop["Location"]


def test_staff_land_in_the_back_office(anonymous, staff_user):
    assert landing(anonymous, log_in(anonymous, staff_user.email)) == "/personale/"


def test_managers_land_in_the_back_office(anonymous, manager_user):
    assert landing(anonymous, log_in(anonymous, manager_user.email)) == "/personale/"


def test_citizens_land_on_the_front_page(anonymous, citizen_user):
    assert landing(anonymous, log_in(anonymous, citizen_user.email)) == "/"


def test_login_returns_to_the_page_asked_for(anonymous, staff_user):
    response = anonymous.post(
        f"{LOGIN}?next=/personale/hold/", {"login": staff_user.email, "password": PASSWORD}
    )
    assert response["Location"] == "/personale/hold/"


def test_login_does_not_send_people_to_another_site(anonymous, citizen_user):
    response = anonymous.post(
        f"{LOGIN}?next=https://evil.example.com/",
        {"login": citizen_user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


def test_the_email_is_not_case_sensitive(anonymous, staff_user):
    assert landing(anonymous, log_in(anonymous, "Medarbejder@Example.DK")) == "/personale/"


def test_a_wrong_password_is_refused_in_danish(anonymous, staff_user):
    response = log_in(anonymous, staff_user.email, "forkert-kodeord")
    assert response.status_code == 200
    assert "Der er noget, du skal rette" in response.content.decode()
    assert "_auth_user_id" not in anonymous.session


def test_an_unverified_address_cannot_log_in_and_is_told_what_to_do(
    anonymous, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ubekraeftet@example.dk")
    EmailAddress.objects.filter(user=user).update(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = log_in(anonymous, user.email)
    assert "_auth_user_id" not in anonymous.session
    assert response.status_code == 302
    guidance = anonymous.get(response["Location"]).content.decode()
    assert "Bekræft din emailadresse" in guidance
    assert "Vi har sendt en email til dig til bekræftelse" in guidance
    # A fresh link is on its way, so the guidance is true.
    assert [m.to for m in mail.outbox] == [["ubekraeftet@example.dk"]]
    assert anonymous.get("/personale/").status_code == 302


def test_logging_out_ends_the_session(staff):
    assert staff.get("/personale/").status_code == 200
    staff.post("/konto/logout/")
    assert staff.get("/personale/").status_code == 302


def test_a_forgotten_password_can_be_reset_by_email(django_capture_on_commit_callbacks):
    user = StaffFactory(email="glemsom@example.dk")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/reset/", {"email": "glemsom@example.dk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["glemsom@example.dk"]
    assert message.subject == "Sammen: Nulstil din adgangskode"
    assert "Vælg en ny adgangskode via linket" in message.body
    path = re.search(r"https?://testserver(/konto/password/reset/key/\S+/)", message.body).group(1)

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_password_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    new_password = "Et-helt-nyt-kodeord-2026"
    done = client.post(set_password_path, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.check_password(new_password)
    assert landing(client, log_in(client, user.email, new_password)) == "/personale/"


def test_password_reset_for_an_unknown_address_does_not_reveal_it(
    anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post("/konto/password/reset/", {"email": "ukendt@example.dk"})
    assert response.status_code == 302  # the same answer as for a known address
    # The address's owner is told that no account exists; there is no reset link to use.
    assert [m.subject for m in mail.outbox] == ["Sammen: Ukendt konto"]
    assert "/konto/password/reset/key/" not in mail.outbox[0].body
