"""The public verification page: upload the PDF or paste its SHA-256."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.partnerships.lifecycle import (
    make_ready,
    sign_both,
    stored,
)

pytestmark = pytest.mark.django_db
URL = "/aftaler/bekraeft/"


@pytest.fixture
def signed(agreement, signer, staff_user, manager_user, django_capture_on_commit_callbacks):
    invitation = make_ready(agreement, signer, staff_user, django_capture_on_commit_callbacks)
    return sign_both(agreement, invitation, manager_user, django_capture_on_commit_callbacks)


def test_the_url_is_public(anonymous):
    assert reverse("partnerships:verify") == URL
    response = anonymous.get(URL)
    assert response.status_code == 200
    assert "Bekræft en aftale" in response.content.decode()


def test_uploading_the_signed_pdf_says_who_signed_when_without_ips(signed, anonymous):
    upload = SimpleUploadedFile("min-aftale.pdf", stored(signed.final_pdf), "application/pdf")
    response = anonymous.post(URL, {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Aftalen er ægte og underskrevet" in body
    assert signed.number in body and "Tårnby Læseforening" in body
    assert "Birgitte Chef" in body and "Anne Formand" in body
    assert "Formand, Tårnby Læseforening" in body
    for private in ["192.0.2.10", "198.51.100.7", "Mozilla", "anne@laese.example.dk"]:
        assert private not in body


def test_pasting_the_hash_finds_it_too(signed, anonymous):
    response = anonymous.post(URL, {"sha256": f"  {signed.final_pdf_sha256.upper()} "})
    assert "Aftalen er ægte og underskrevet" in response.content.decode()


def test_the_pdf_to_sign_is_recognised_as_a_draft_not_the_final(signed, anonymous):
    version = signed.signatures.first().version
    upload = SimpleUploadedFile("udkast.pdf", stored(version.pdf), "application/pdf")
    body = anonymous.post(URL, {"file": upload}).content.decode()
    assert "udkast sendt til underskrift" in body
    assert "Aftalen er ægte og underskrevet" not in body


def test_a_changed_pdf_matches_nothing(signed, anonymous):
    data = stored(signed.final_pdf) + b"\n% changed"
    upload = SimpleUploadedFile("aendret.pdf", data, "application/pdf")
    body = anonymous.post(URL, {"file": upload}).content.decode()
    assert "Ingen aftale passer" in body


def test_a_file_that_is_not_a_pdf_is_refused_in_danish(anonymous):
    upload = SimpleUploadedFile("aftale.pdf", b"GIF89a not a pdf", "application/pdf")
    response = anonymous.post(URL, {"file": upload})
    assert response.status_code == 200
    assert "Filen er ikke en PDF" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "g" * 64, "0" * 63, "0" * 65])
def test_a_malformed_hash_is_refused_in_danish_and_kept(value, anonymous):
    response = anonymous.post(URL, {"sha256": value})
    body = response.content.decode()
    assert "64 tegn" in body
    assert value in body


def test_nothing_given_says_what_to_do(anonymous):
    body = anonymous.post(URL, {}).content.decode()
    assert "Vælg en PDF-fil, eller indsæt en kontrolsum" in body


def test_unknown_hash_is_no_match(db, anonymous):
    body = anonymous.post(URL, {"sha256": "a" * 64}).content.decode()
    assert "Ingen aftale passer" in body
