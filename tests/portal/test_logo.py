"""/logo: the library's uploaded logo, served by the portal with the right content type."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from organisation.models import Library

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 10), (0, 90, 160)).save(buffer, format=image_format)
    return buffer.getvalue()


def store_logo(name: str, content: bytes) -> Library:
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.logo.save(name, ContentFile(content), save=False)
    library.save()
    return library


def test_no_logo_gives_404(anonymous):
    assert anonymous.get("/logo").status_code == 404
    assert 'class="portal-logo"' not in anonymous.get("/").content.decode()


@pytest.mark.parametrize(
    "image_format, name, content_type",
    [("PNG", "logo.png", "image/png"), ("JPEG", "logo.jpg", "image/jpeg"),
     ("WEBP", "logo.webp", "image/webp")],
)  # fmt: skip
def test_the_uploaded_logo_is_served_with_its_content_type(
    anonymous, image_format, name, content_type
):
    content = image_bytes(image_format)
    store_logo(name, content)
    response = anonymous.get("/logo")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == content


def test_the_logo_uploaded_in_the_settings_is_shown_in_the_header(manager, anonymous):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("logo.png", image_bytes("PNG"))
    response = manager.post(
        "/personale/biblioteket/rediger/",
        {"name": "Tårnby Kommunebiblioteker", "initiative_response_days": "5", "logo": upload},
    )
    assert response.status_code == 302
    header = anonymous.get("/").content.decode()
    assert '<img src="/logo?v=' in header
    logo = anonymous.get("/logo")
    assert logo["Content-Type"] == "image/png"
    assert "public" in logo["Cache-Control"]


def test_a_logo_missing_from_storage_gives_404_not_500(anonymous, media_root):
    library = store_logo("logo.png", image_bytes("PNG"))
    (media_root / library.logo.name).unlink()
    assert anonymous.get("/logo").status_code == 404
