"""Min side: a person keeps their own name and phone number up to date."""

import pytest

from accounts.models import Role
from tests.html import form_values

pytestmark = pytest.mark.django_db

PROFILE = "/konto/min-side/"


def test_anonymous_visitor_is_sent_to_login(anonymous):
    response = anonymous.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={PROFILE}"


def test_a_citizen_changes_name_and_phone(citizen, citizen_user):
    page = citizen.get(PROFILE)
    assert form_values(page)["name"] == "Mette Borger"
    response = citizen.post(PROFILE, {"name": "Mette B. Jensen", "phone": "12 34 56 78"})
    assert response.status_code == 302
    citizen_user.refresh_from_db()
    assert (citizen_user.name, citizen_user.phone) == ("Mette B. Jensen", "12 34 56 78")
    assert "Dine oplysninger er gemt." in citizen.get(PROFILE).content.decode()


def test_the_profile_form_cannot_change_role_or_email(citizen, citizen_user):
    citizen.post(
        PROFILE,
        {"name": "Mette", "phone": "", "role": Role.MANAGER, "email": "chef@example.dk"},
    )
    citizen_user.refresh_from_db()
    assert citizen_user.role == Role.CITIZEN
    assert citizen_user.email == "borger@example.dk"


def test_only_staff_see_the_api_key_link(citizen, staff):
    assert "/konto/api-noegle/" not in citizen.get(PROFILE).content.decode()
    assert "/konto/api-noegle/" in staff.get(PROFILE).content.decode()
