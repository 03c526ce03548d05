"""Error pages people see: 404, 403 and 500, in Danish, without the developer's details."""

import pytest
from django.test import Client
from django.urls import path

from portal import urls as portal_urls

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("something broke in a view")


# A temporary URL configuration: the portal's own, plus one page that fails.
urlpatterns = [*portal_urls.urlpatterns, path("fejl-i-test/", broken_view)]
handler500 = portal_urls.handler500


@pytest.fixture
def with_broken_page(settings):
    settings.ROOT_URLCONF = __name__


def test_unknown_page_gives_the_danish_404_page(anonymous):
    response = anonymous.get("/findes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden findes ikke" in html
    assert '<html lang="da"' in html
    assert "Gå til forsiden" in html


def test_citizen_in_the_back_office_sees_the_same_404_page(citizen):
    response = citizen.get("/personale/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_forbidden_change_gives_the_danish_403_page(staff):
    response = staff.get("/personale/filialer/ny/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Det har du ikke adgang til" in html
    assert '<html lang="da"' in html


def test_a_failing_view_gives_the_danish_500_page(with_broken_page):
    client = Client(raise_request_exception=False)
    response = client.get("/fejl-i-test/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Der skete en fejl hos os" in html
    assert '<html lang="da"' in html
    assert "RuntimeError" not in html
    assert "something broke" not in html


def test_the_500_page_does_not_need_the_database(with_broken_page, monkeypatch):
    # If the database is what failed, the layout's library lookup would fail too.
    def database_down(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr("organisation.models.Library.load", database_down)
    response = Client(raise_request_exception=False).get("/fejl-i-test/")
    assert response.status_code == 500
    assert "Der skete en fejl hos os" in response.content.decode()
