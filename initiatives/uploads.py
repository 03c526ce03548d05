"""Attachments on initiatives: images (JPEG, PNG, WebP) and PDFs, checked by their content.

Shared by the citizen's and the staff's forms. A file's name and the browser's content type are
never trusted: an HTML page renamed ``.png`` is refused, and what we store and later serve gets
its content type and extension from what the bytes turned out to be.
"""

import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .services import Upload

MAX_ATTACHMENTS = 5

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"

# Pillow format name -> (content type, extension)
_IMAGE_TYPES = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
_PDF_TYPE = ("application/pdf", "pdf")
# A PDF reader looks for the end-of-file marker within the last 1024 bytes.
_PDF_TRAILER_WINDOW = 1024


def max_bytes() -> int:
    return settings.SAMMEN_ATTACHMENT_MAX_MB * 1024 * 1024


def attachment_help_text() -> str:
    return _(
        "Op til %(count)s filer: billeder (JPEG, PNG eller WebP) eller PDF. "
        "Hver fil må højst fylde %(mb)s MB. Hold Ctrl (eller Cmd på Mac) nede for at vælge "
        "flere filer på én gang."
    ) % {"count": MAX_ATTACHMENTS, "mb": settings.SAMMEN_ATTACHMENT_MAX_MB}


def _magic_image_format(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _is_image(uploaded_file, expected_format: str) -> bool:
    """Pillow must recognise the same format the magic bytes announced, and verify it."""
    uploaded_file.seek(0)
    try:
        with Image.open(uploaded_file, formats=[expected_format]) as image:
            found = image.format
            image.verify()
    except Exception:  # any decoding problem (also a decompression bomb) means "not an image"
        return False
    return found == expected_format


def _has_pdf_trailer(uploaded_file, size: int) -> bool:
    # pypdf is a development dependency only; a PDF that starts with the header and ends with
    # the end-of-file marker is what a browser or a PDF reader will open.
    uploaded_file.seek(max(0, size - _PDF_TRAILER_WINDOW))
    return b"%%EOF" in uploaded_file.read()


def validate_attachment(uploaded_file) -> Upload:
    """Check one uploaded file by content; return it ready for the services, or raise a
    ValidationError with a Danish message that names the file."""
    original_name = os.path.basename(uploaded_file.name or "") or "fil"
    params = {"name": original_name}
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(_("Filen “%(name)s” er tom."), code="empty", params=params)
    if size > max_bytes():
        raise ValidationError(
            _(
                "Filen “%(name)s” fylder %(size)s MB. En fil må højst fylde %(max)s MB – "
                "prøv at gøre billedet mindre eller dele PDF'en op."
            ),
            code="too_big",
            params={
                **params,
                "size": f"{size / (1024 * 1024):.1f}".replace(".", ","),
                "max": settings.SAMMEN_ATTACHMENT_MAX_MB,
            },
        )

    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    if head.startswith(b"%PDF-"):
        if not _has_pdf_trailer(uploaded_file, size):
            raise ValidationError(
                _("PDF-filen “%(name)s” ser ud til at være ufuldstændig. Gem den igen og prøv."),
                code="broken_pdf",
                params=params,
            )
        content_type, extension = _PDF_TYPE
    else:
        image_format = _magic_image_format(head)
        if image_format is None or not _is_image(uploaded_file, image_format):
            raise ValidationError(
                _(
                    "Filen “%(name)s” er hverken et billede (JPEG, PNG eller WebP) eller en PDF, "
                    "som vi kan læse. Vi kan kun tage imod de filtyper."
                ),
                code="wrong_type",
                params=params,
            )
        content_type, extension = _IMAGE_TYPES[image_format]

    uploaded_file.seek(0)
    # The stored name comes from what the file is, not from what it was called.
    stem = slugify(os.path.splitext(original_name)[0])[:60] or "fil"
    uploaded_file.name = f"{stem}.{extension}"
    return Upload(file=uploaded_file, name=original_name, content_type=content_type, size=size)


class MultipleFileInput(forms.FileInput):
    """``<input type="file" multiple>``: the browser sends every chosen file."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": ACCEPT, **(attrs or {})})


class AttachmentsField(forms.FileField):
    """Up to MAX_ATTACHMENTS files, each checked by ``validate_attachment``. Cleans to a list
    of ``Upload`` (empty when nothing was chosen)."""

    widget = MultipleFileInput

    def __init__(self, *, max_files: int = MAX_ATTACHMENTS, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                _("Du kan højst vedhæfte %(max)s filer ad gangen. Du valgte %(count)s."),
                code="too_many",
                params={"max": self.max_files, "count": len(files)},
            )
        uploads, errors = [], []
        for uploaded_file in files:
            try:
                uploads.append(validate_attachment(super().clean(uploaded_file, initial)))
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return uploads

    def has_changed(self, initial, data):
        return bool(data)
