"""`manage.py seed_demo`: a believable library with one login per role, safe to run again."""

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Role, User
from organisation.demo import DEMO_PASSWORD, DEMO_USERS
from organisation.models import Branch, FocusArea, FocusTarget, Library, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def row_counts() -> dict[str, int]:
    """Rows in every table, so data a later module adds to the demo is covered too."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_running_twice_adds_no_rows(debug_on):
    call_command("seed_demo", verbosity=0)
    first = row_counts()
    call_command("seed_demo", verbosity=0)
    assert row_counts() == first
    assert first["organisation.Branch"] == 4
    assert first["organisation.Team"] == 3
    assert first["organisation.FocusArea"] == 4
    assert first["organisation.FocusTarget"] >= 4
    assert first["organisation.Library"] == 1


def test_the_demo_library_is_the_strategys_library(debug_on):
    call_command("seed_demo", verbosity=0)
    assert Library.load().name == "Tårnby Kommunebiblioteker"
    assert Branch.objects.filter(kind="mobile").count() == 1
    assert set(FocusArea.objects.values_list("name", flat=True)) >= {"Samskabelse", "Frivillighed"}
    assert FocusTarget.objects.filter(target_value=10000, unit="børn").exists()
    assert Team.objects.filter(members__isnull=False).distinct().count() == 3


def test_there_is_one_verified_login_per_role(debug_on):
    call_command("seed_demo", verbosity=0)
    demo = User.objects.filter(email__endswith="@sammen.test")
    for role in Role.values:
        assert demo.filter(role=role).exists(), role
    assert demo.filter(role=Role.MANAGER).count() == 1
    assert demo.filter(role=Role.ADMINISTRATOR).count() == 1
    # One citizen login; the volunteers demo adds one volunteer (also a citizen account).
    assert demo.filter(role=Role.CITIZEN, volunteer__isnull=True).count() == 1
    assert demo.filter(role=Role.CITIZEN, volunteer__isnull=False).count() == 1
    for user in demo:
        assert EmailAddress.objects.get(user=user).verified, user.email
    assert Branch.objects.get(slug="vestamager").tovholder.email == "tovholder@sammen.test"
    assert Team.objects.filter(koordinator__email="koordinator@sammen.test").exists()


def test_every_demo_login_works_with_the_published_password(debug_on):
    call_command("seed_demo", verbosity=0)
    for email, _name, role, _title in DEMO_USERS:
        client = Client()
        response = client.post("/konto/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        landing = client.get(response["Location"])
        expected = "/" if role == Role.CITIZEN else "/personale/"
        assert landing["Location"] == expected, email


def test_a_second_run_keeps_a_password_someone_changed(debug_on):
    call_command("seed_demo", verbosity=0)
    user = User.objects.get(email="chef@sammen.test")
    user.set_password("Et-nyt-og-hemmeligt-kodeord-9")
    user.save()
    call_command("seed_demo", verbosity=0)
    user.refresh_from_db()
    assert user.check_password("Et-nyt-og-hemmeligt-kodeord-9")


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
    assert not Branch.objects.exists()


def test_runs_with_debug_off_when_explicitly_allowed(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--allow-production", verbosity=0)
    assert User.objects.filter(email="chef@sammen.test").exists()


def test_list_logins_prints_the_logins_without_touching_the_database(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo", "--list-logins")
    out = capsys.readouterr().out
    for email, *_ in DEMO_USERS:
        assert email in out
    assert not User.objects.exists()
