"""Danish first, English on request."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_danish_by_default(anonymous):
    html = anonymous.get("/").content.decode()
    assert '<html lang="da"' in html
    assert 'name="language" value="en"' in html  # the switch offers English


def test_choosing_english_makes_the_next_page_english(anonymous):
    response = anonymous.post("/i18n/setlang/", {"language": "en", "next": "/biblioteker/"})
    assert response.status_code == 302
    assert response["Location"] == "/biblioteker/"
    html = anonymous.get("/biblioteker/").content.decode()
    assert '<html lang="en"' in html
    assert 'name="language" value="da"' in html  # and offers the way back


def test_switching_back_to_danish(anonymous):
    anonymous.post("/i18n/setlang/", {"language": "en", "next": "/"})
    anonymous.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert '<html lang="da"' in anonymous.get("/").content.decode()


def test_an_unknown_language_is_ignored(anonymous):
    anonymous.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="da"' in anonymous.get("/").content.decode()


def test_setlang_will_not_redirect_to_another_site(anonymous):
    response = anonymous.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"}
    )
    assert "evil.example.com" not in response.get("Location", "")
