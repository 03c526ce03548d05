"""The library's details and logo: read by staff, changed by managers, the logo checked by
its content."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import AuditEntry
from organisation.models import Library
from tests.html import field_errors, form_values

pytestmark = pytest.mark.django_db

VIEW = reverse("staff:library_settings")
EDIT = reverse("staff:library_settings_edit")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(image_format: str, size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, format=image_format)
    return buffer.getvalue()


def library_form(**changes):
    data = {
        "name": "Tårnby Kommunebiblioteker",
        "municipality": "Tårnby Kommune",
        "address": "Kastruplundgade 15",
        "postcode": "2770",
        "city": "Kastrup",
        "email": "biblioteket@example.dk",
        "phone": "32 46 05 00",
        "website": "https://bibliotek.example.dk",
        "dpo_email": "dpo@example.dk",
        "cvr": "11223344",
        "ean": "5798000123456",
        "initiative_response_days": "5",
    }
    data.update(changes)
    return data


# --- Who may do what --------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(anonymous):
    for path in [VIEW, EDIT]:
        response = anonymous.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={path}"


def test_citizen_gets_404(citizen):
    assert citizen.get(VIEW).status_code == 404
    assert citizen.get(EDIT).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "tovholder"])
def test_staff_read_the_settings_but_may_not_change_them(request, persona):
    client = request.getfixturevalue(persona)
    page = client.get(VIEW)
    assert page.status_code == 200
    assert "Kun chefer kan ændre bibliotekets oplysninger." in page.content.decode()
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, library_form(name="Kuppet")).status_code == 403
    assert Library.load().name != "Kuppet"
    assert not AuditEntry.objects.exists()


def test_manager_may_view_and_edit(manager):
    assert manager.get(VIEW).status_code == 200
    assert manager.get(EDIT).status_code == 200


# --- Saving -----------------------------------------------------------------------------------


def test_manager_saves_the_details_and_they_show_in_the_footer(manager, manager_user):
    response = manager.post(EDIT, library_form())
    assert response.status_code == 302
    assert response["Location"] == VIEW
    library = Library.load()
    assert (library.name, library.cvr, library.website) == (
        "Tårnby Kommunebiblioteker",
        "11223344",
        "https://bibliotek.example.dk",
    )
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (manager_user, "library_updated")
    assert entry.changes["name"] == ["Biblioteket", "Tårnby Kommunebiblioteker"]
    assert "Kastruplundgade 15, 2770 Kastrup" in manager.get("/").content.decode()


def test_a_bad_cvr_is_refused_in_danish_and_the_rest_is_kept(manager):
    response = manager.post(EDIT, library_form(cvr="1234", city="Tårnby"))
    assert response.status_code == 200
    assert field_errors(response) == {"cvr": "Et CVR-nummer er 8 cifre."}
    shown = form_values(response)
    assert shown["city"] == "Tårnby"
    assert shown["name"] == "Tårnby Kommunebiblioteker"
    assert not Library.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_website_without_scheme_is_saved_as_https(manager):
    manager.post(EDIT, library_form(website="bibliotek.example.dk"))
    assert Library.load().website == "https://bibliotek.example.dk"


# --- The logo ---------------------------------------------------------------------------------


def test_a_png_is_accepted_and_named_by_its_real_format(manager, media_root):
    # A PNG that someone saved as .jpg: the stored name follows the content, not the name.
    upload = SimpleUploadedFile("foto.jpg", image_bytes("PNG"), content_type="image/jpeg")
    response = manager.post(EDIT, {**library_form(), "logo": upload})
    assert response.status_code == 302
    library = Library.load()
    assert library.logo.name == "library/tarnby-kommunebiblioteker.png"
    assert (media_root / library.logo.name).read_bytes() == image_bytes("PNG")
    assert library.logo_content_type() == "image/png"


def test_jpeg_and_webp_are_accepted(manager):
    for image_format, suffix in [("JPEG", "jpg"), ("WEBP", "webp")]:
        upload = SimpleUploadedFile(f"logo.{suffix}", image_bytes(image_format))
        assert manager.post(EDIT, {**library_form(), "logo": upload}).status_code == 302
        assert Library.load().logo.name.endswith(f".{suffix}")


def test_a_text_file_named_png_is_refused_and_the_typed_fields_are_kept(manager):
    upload = SimpleUploadedFile(
        "logo.png", b"Dette er ikke et billede.\n", content_type="image/png"
    )
    response = manager.post(EDIT, {**library_form(name="Nyt Navn Bibliotek"), "logo": upload})
    assert response.status_code == 200
    error = field_errors(response)["logo"]
    assert error in {
        "Filen er ikke et billede, vi kan læse.",
        # Django's own ImageField check runs first and says it in Danish too.
        "Medsend et gyldigt billede. Den medsendte fil var enten ikke et billede eller "
        "billedfilen var ødelagt.",
    }
    assert form_values(response)["name"] == "Nyt Navn Bibliotek"
    assert not Library.load().logo


def test_a_gif_is_refused(manager):
    upload = SimpleUploadedFile("logo.gif", image_bytes("GIF"), content_type="image/gif")
    response = manager.post(EDIT, {**library_form(), "logo": upload})
    assert response.status_code == 200
    assert field_errors(response) == {"logo": "Logoet skal være PNG, JPEG eller WebP."}
    assert not Library.objects.exists()


def test_a_logo_over_two_megabytes_is_refused(manager):
    # A real PNG, padded past the limit: the size decides, not whether it is an image.
    big = image_bytes("PNG") + b"\0" * (2 * 1024 * 1024)
    upload = SimpleUploadedFile("stort.png", big, content_type="image/png")
    response = manager.post(EDIT, {**library_form(), "logo": upload})
    assert response.status_code == 200
    assert field_errors(response) == {"logo": "Logoet må højst fylde 2 MB."}
    assert not Library.objects.exists()


def test_the_logo_can_be_removed_again(manager):
    upload = SimpleUploadedFile("logo.png", image_bytes("PNG"))
    manager.post(EDIT, {**library_form(), "logo": upload})
    assert Library.load().logo
    response = manager.post(EDIT, {**library_form(), "logo-clear": "on"})
    assert response.status_code == 302
    assert not Library.load().logo
    assert manager.get(reverse("library_logo")).status_code == 404


def test_replacing_the_logo_removes_the_old_file(
    manager, media_root, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    with django_capture_on_commit_callbacks(execute=True):
        manager.post(EDIT, library_form(logo=SimpleUploadedFile("a.png", image_bytes("PNG"))))
    first = Library.load().logo.name
    assert default_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        manager.post(
            EDIT,
            library_form(logo=SimpleUploadedFile("b.jpg", image_bytes("JPEG")), name="Nyt navn"),
        )
    second = Library.load().logo.name
    assert second != first
    assert default_storage.exists(second)
    assert not default_storage.exists(first)


def test_the_first_response_deadline_for_initiatives_can_be_changed(manager):
    manager.post(EDIT, library_form(initiative_response_days="3"))
    assert Library.load().initiative_response_days == 3
