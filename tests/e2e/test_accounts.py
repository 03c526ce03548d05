import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Role, User
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Lyse-Bøger-Om-Aftenen-7"


def test_a_citizen_signs_up_confirms_the_email_and_logs_in_again(page, live_server, log_in):
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Opret konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opret konto")
    assert_accessible(page)

    page.get_by_label("Dit navn").fill("Anne Borger")
    page.get_by_label("E-mail").fill("anne@example.dk")
    page.get_by_label("Adgangskode", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Adgangskode (igen)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Opret konto").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft din emailadresse")
    expect(page.get_by_role("status")).to_contain_text("sendt til anne@example.dk")
    expect(page.get_by_role("main")).to_contain_text("Vi har sendt en email til dig")
    assert_accessible(page)
    # Not logged in until the address is confirmed.
    expect(page.get_by_role("banner").get_by_role("link", name="Log ind")).to_be_visible()

    # The email was queued after the sign-up's commit and delivered by the task.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anne@example.dk"]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", message.body)
    assert link, message.body
    assert urlsplit(link.group(0)).netloc == urlsplit(live_server.url).netloc

    page.goto(urlsplit(link.group(0)).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft venligst din emailadresse")
    expect(page.get_by_role("main")).to_contain_text("anne@example.dk")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name="Bekræft").click()

    # Logged in on the home page, with the name in the header.
    expect(page.get_by_role("banner").get_by_role("link", name="Anne Borger")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammen med Biblioteket")
    assert_accessible(page)
    user = User.objects.get(email="anne@example.dk")
    assert (user.name, user.role) == ("Anne Borger", Role.CITIZEN)
    assert user.emailaddress_set.get().verified

    page.get_by_role("banner").get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("status")).to_contain_text("Du har logget ud.")
    expect(page.get_by_role("banner").get_by_role("link", name="Log ind")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Anne Borger")).to_have_count(0)
    assert_accessible(page)

    log_in(page, "anne@example.dk", NEW_PASSWORD)
    expect(page.get_by_role("banner").get_by_role("link", name="Anne Borger")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/")
    assert_accessible(page)


def test_a_wrong_password_shows_an_error_and_keeps_the_email(page, log_in, citizen_user):
    log_in(page, citizen_user.email, "forkert-adgangskode")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_value(citizen_user.email)
    expect(page.get_by_role("banner").get_by_role("link", name="Log ind")).to_be_visible()
    assert_accessible(page)
