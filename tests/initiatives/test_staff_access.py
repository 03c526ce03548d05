"""Every staff page and action refuses anonymous visitors (login) and citizens (404); every
action is POST only (405 on GET) and 404s on an initiative that does not exist."""

import pytest
from django.test import Client
from django.urls import reverse

from initiatives.models import Attachment, Initiative
from tests.initiatives.staff_support import make_initiative, png_upload

pytestmark = pytest.mark.django_db

PAGES = ["staff_list", "staff_board", "staff_register"]
DETAIL_PAGES = ["staff_detail"]
ACTIONS = [
    "staff_status",
    "staff_assign",
    "staff_update",
    "staff_reply",
    "staff_note",
    "staff_create_activity",
    "staff_reissue_link",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def initiative():
    return make_initiative()


@pytest.fixture
def attachment(initiative):
    return Attachment.objects.create(
        initiative=initiative,
        file=png_upload(),
        original_name="plakat.png",
        content_type="image/png",
        size=10,
    )


def _url(name, initiative):
    if name in PAGES:
        return reverse(f"initiatives:{name}")
    return reverse(f"initiatives:{name}", args=[initiative.pk])


@pytest.mark.parametrize("name", PAGES + DETAIL_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_every_page(anonymous, initiative, name):
    url = _url(name, initiative)
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", ACTIONS)
def test_anonymous_visitor_cannot_act(anonymous, initiative, name):
    response = anonymous.post(_url(name, initiative), {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Initiative.objects.get().status == initiative.status


@pytest.mark.parametrize("name", PAGES + DETAIL_PAGES)
def test_citizen_gets_404_on_every_page(citizen, initiative, name):
    assert citizen.get(_url(name, initiative)).status_code == 404


@pytest.mark.parametrize("name", ACTIONS)
def test_citizen_gets_404_on_every_action(citizen, initiative, name):
    assert citizen.post(_url(name, initiative), {"status-to_status": "declined"}).status_code == 404
    assert citizen.get(_url(name, initiative)).status_code == 404
    initiative.refresh_from_db()
    assert initiative.status == "received"
    assert initiative.messages.count() == 0


@pytest.mark.parametrize("name", ACTIONS)
def test_every_action_refuses_get(staff, initiative, name):
    assert staff.get(_url(name, initiative)).status_code == 405


@pytest.mark.parametrize("name", ACTIONS + DETAIL_PAGES)
def test_an_initiative_that_does_not_exist_is_404(staff, initiative, name):
    url = reverse(f"initiatives:{name}", args=[initiative.pk + 1000])
    method = staff.get if name in DETAIL_PAGES else staff.post
    assert method(url, {}).status_code == 404


def test_staff_may_open_every_page(staff, initiative):
    for name in PAGES + DETAIL_PAGES:
        assert staff.get(_url(name, initiative)).status_code == 200, name


def test_attachment_is_served_to_staff_only(anonymous, citizen, staff, attachment):
    url = reverse("initiatives:staff_attachment", args=[attachment.pk])
    assert anonymous.get(url).status_code == 302
    assert citizen.get(url).status_code == 404
    response = staff.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert 'filename="plakat.png"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    missing = reverse("initiatives:staff_attachment", args=[attachment.pk + 1000])
    assert staff.get(missing).status_code == 404


def test_the_admin_shows_an_initiative_with_its_history_read_only(initiative):
    from accounts.models import User

    admin = Client()
    admin.force_login(User.objects.create_superuser(email="it@example.dk", password="x"))
    assert admin.get("/django-admin/initiatives/initiative/").status_code == 200
    page = admin.get(f"/django-admin/initiatives/initiative/{initiative.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "history-TOTAL_FORMS" in html
    # The status is read-only: only the workflow service changes it.
    assert 'name="status"' not in html
    assert 'name="history-0-to_status"' not in html
