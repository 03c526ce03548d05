"""The "API-nøgle" page: staff make, rotate and delete the key another system calls the API with."""

import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import AuditEntry, Role

pytestmark = pytest.mark.django_db

PAGE = "/konto/api-noegle/"
NEW = "/konto/api-noegle/ny/"
DELETE = "/konto/api-noegle/slet/"


def key_shown(response) -> str:
    """The key as the page shows it, once, right after it was made (after the redirect)."""
    assert response.redirect_chain == [(PAGE, 302)]
    assert response.status_code == 200
    found = re.search(r'<p class="api-key">([0-9a-f]{40})</p>', response.content.decode())
    assert found, "the new key is not on the page"
    return found.group(1)


def api_with(key) -> int:
    """What another system gets when it calls the API with this key (and no session)."""
    return Client().get("/api/branches/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_staff_without_a_key_are_offered_one(staff):
    html = staff.get(PAGE).content.decode()
    assert "Du har ingen API-nøgle." in html
    assert f'action="{NEW}"' in html


def test_a_new_key_works_for_the_api(staff, staff_user, own_branch):
    key = key_shown(staff.post(NEW, follow=True))
    assert Token.objects.get(user=staff_user).key == key
    response = Client().get("/api/branches/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [b["name"] for b in response.json()["results"]] == ["Vestamager Bibliotek"]
    assert AuditEntry.objects.get().action == "api_token_rotated"


def test_the_key_is_only_shown_when_it_is_made(staff):
    key = key_shown(staff.post(NEW, follow=True))
    later = staff.get(PAGE).content.decode()
    assert key not in later
    assert "Den vises kun, når den laves." in later


def test_a_new_key_replaces_the_old_one(staff, staff_user):
    old_key = key_shown(staff.post(NEW, follow=True))
    new_key = key_shown(staff.post(NEW, follow=True))
    assert new_key != old_key
    assert api_with(old_key) in {401, 403}
    assert api_with(new_key) == 200
    assert Token.objects.filter(user=staff_user).count() == 1


def test_a_deleted_key_stops_working(staff, staff_user):
    key = key_shown(staff.post(NEW, follow=True))
    response = staff.post(DELETE)
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert api_with(key) in {401, 403}
    assert not Token.objects.filter(user=staff_user).exists()
    assert "Du har ingen API-nøgle." in staff.get(PAGE).content.decode()
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "api_token_rotated",
        "api_token_revoked",
    ]


def test_a_made_up_key_is_refused(staff, own_branch):
    assert api_with("0" * 40) in {401, 403}


def test_a_key_stops_giving_data_when_its_owner_is_no_longer_staff(staff, staff_user):
    key = key_shown(staff.post(NEW, follow=True))
    staff_user.role = Role.CITIZEN
    staff_user.save()
    assert api_with(key) == 404


def test_a_key_stops_working_when_its_owner_is_deactivated(staff, staff_user):
    key = key_shown(staff.post(NEW, follow=True))
    staff_user.is_active = False
    staff_user.save()
    assert api_with(key) in {401, 403}


def test_making_or_deleting_a_key_needs_a_post(staff, staff_user):
    assert staff.get(NEW).status_code == 405
    assert staff.get(DELETE).status_code == 405
    assert not Token.objects.filter(user=staff_user).exists()


def test_citizens_cannot_have_a_key(citizen, citizen_user):
    assert citizen.get(PAGE).status_code == 404
    assert citizen.post(NEW).status_code == 404
    assert not Token.objects.filter(user=citizen_user).exists()


def test_anonymous_visitor_is_sent_to_login(anonymous):
    response = anonymous.post(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert not Token.objects.exists()


def test_reloading_the_page_after_making_a_key_makes_no_new_key(staff, staff_user):
    key = key_shown(staff.post(NEW, follow=True))
    reloaded = staff.get(PAGE).content.decode()
    assert Token.objects.get(user=staff_user).key == key
    assert key not in reloaded
