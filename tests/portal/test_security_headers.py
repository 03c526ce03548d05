"""Security headers on every page, and the production settings over HTTPS."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "portal" / "settings.py"


def csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_public_page_has_a_strict_content_security_policy(anonymous):
    policy = csp(anonymous.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


def test_public_page_sends_the_browser_security_headers(anonymous):
    response = anonymous.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "persona, path",
    [
        ("anonymous", "/"),
        ("anonymous", "/biblioteker/"),
        ("anonymous", "/konto/login/"),
        ("anonymous", "/konto/signup/"),
        ("staff", "/personale/"),
        ("staff", "/personale/filialer/"),
        ("manager", "/personale/filialer/ny/"),
        ("manager", "/personale/biblioteket/rediger/"),
    ],
)
def test_pages_have_no_inline_script_or_style_that_the_policy_would_block(request, persona, path):
    html = request.getfixturevalue(persona).get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"<style[\s>]", html), "inline <style>"
    assert not re.search(r'\sstyle\s*=\s*"', html), "inline style attribute"


# --- Production (HTTPS on) --------------------------------------------------------------------


@pytest.fixture
def production(settings, monkeypatch):
    """Read portal/settings.py again the way production starts it (no DJANGO_DEBUG, no
    DJANGO_HTTPS override), and run the request with its security settings."""
    for name in ["DJANGO_DEBUG", "DJANGO_HTTPS", "DJANGO_HSTS_SECONDS", "DJANGO_BEHIND_PROXY"]:
        monkeypatch.delenv(name, raising=False)
    spec = importlib.util.spec_from_file_location("production_settings", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.DEBUG is False
    assert module.HTTPS is True
    for name in [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
    ]:
        setattr(settings, name, getattr(module, name))
    return module


def test_production_redirects_plain_http_to_https(production):
    response = Client().get("/biblioteker/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/biblioteker/"


def test_production_sends_hsts_for_a_year(production):
    response = Client().get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_session_cookie_is_secure_and_httponly(production, staff_user):
    response = Client().post(
        "/konto/login/", {"login": staff_user.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_csrf_cookie_is_secure(production):
    response = Client().get("/konto/login/", secure=True)
    assert response.cookies["csrftoken"]["secure"] is True
