"""Personas shared by every test (CONVENTIONS.md "Tests")."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import (
    PASSWORD,
    BranchFactory,
    ManagerFactory,
    StaffFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _email_through_tasks(settings):
    """pytest-django swaps EMAIL_BACKEND for locmem; put our task backend back so tests
    exercise the real path: queued after commit, delivered by a task into mail.outbox."""
    settings.EMAIL_BACKEND = "portal.mail.TaskEmailBackend"
    settings.SAMMEN_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The real hasher costs ~0.5 s per password; tests that make fifty users would crawl.
    Logins still go through Django's hasher framework, only with a cheap algorithm."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def citizen_user(db):
    return UserFactory(email="borger@example.dk", name="Mette Borger")


@pytest.fixture
def citizen(citizen_user):
    return _client_for(citizen_user)


@pytest.fixture
def staff_user(db):
    return StaffFactory(email="medarbejder@example.dk", name="Lars Medarbejder")


@pytest.fixture
def staff(staff_user):
    return _client_for(staff_user)


@pytest.fixture
def own_branch(db):
    return BranchFactory(name="Vestamager Bibliotek", slug="vestamager")


@pytest.fixture
def other_branch(db):
    return BranchFactory(name="Korsvejens Bibliotek", slug="korsvejen")


@pytest.fixture
def tovholder_user(db, own_branch):
    """Tovholder of own_branch, so an outsider to other_branch."""
    user = StaffFactory(email="tovholder@example.dk", name="Sofie Tovholder")
    own_branch.tovholder = user
    own_branch.save(update_fields=["tovholder"])
    return user


@pytest.fixture
def tovholder(tovholder_user):
    return _client_for(tovholder_user)


@pytest.fixture
def manager_user(db):
    return ManagerFactory(email="chef@example.dk", name="Birgitte Chef")


@pytest.fixture
def manager(manager_user):
    return _client_for(manager_user)


# Rows that data migrations create (target groups, consent texts). A test on a transactional
# database (browser tests, concurrency tests) ends by emptying every table, these rows too, so
# each such test puts them back first and sees the database as the migrations left it.
DATA_MIGRATIONS = [
    ("organisation.migrations.0003_seed_target_groups", "create_target_groups"),
    ("initiatives.migrations.0002_initiative_consent_text", "create_consent_text"),
    ("volunteers.migrations.0002_volunteer_consent_text", "create_consent_text"),
    ("partnerships.migrations.0002_agreement_templates", "create_agreement_templates"),
    ("partnerships.migrations.0003_partner_enquiry_consent_text", "create_consent_text"),
    ("partnerships.migrations.0004_partner_enquiry_consent_text_retention", "create_consent_text"),
    ("toolbox.migrations.0002_competence_areas", "create_competence_areas"),
]


@pytest.fixture(autouse=True)
def _restore_migration_data(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if transactional:
        import importlib

        from django.apps import apps

        request.getfixturevalue("transactional_db")
        for module, function in DATA_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)
