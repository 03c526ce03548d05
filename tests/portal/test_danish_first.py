"""Danish is the default whatever the browser asks for; English only when chosen."""

import pytest


@pytest.mark.django_db
def test_an_english_browser_still_gets_danish_until_english_is_chosen(anonymous):
    page = anonymous.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="da"' in page.content.decode()

    anonymous.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = anonymous.get("/", HTTP_ACCEPT_LANGUAGE="da")
    assert 'lang="en"' in page.content.decode()
