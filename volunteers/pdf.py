"""The expectation agreement as a PDF (WeasyPrint): Danish, A4, "side x af y", PDF/A-3u.

Nothing is fetched over the network: the URL fetcher refuses every URL that is not a local file
under the portal's static folders or the media folder (the library's logo), and the fonts are
the system's own (DejaVu/Liberation), named in the stylesheet. No web fonts.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from organisation.models import Library

from .models import Agreement


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "static", Path(settings.MEDIA_ROOT)]
    for folder in getattr(settings, "STATICFILES_DIRS", []):
        roots.append(Path(folder[1] if isinstance(folder, tuple | list) else folder))
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


class LocalFileFetcher(URLFetcher):
    """Only file: URLs inside the portal's static and media folders; everything else is refused
    (WeasyPrint then leaves the resource out and logs a warning)."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self._roots = _allowed_roots()

    def fetch(self, url, headers=None):
        if not url.lower().startswith("file:"):
            raise ValueError(f"Only local files are fetched for PDFs, not {url!r}")
        from urllib.request import url2pathname

        path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
        if not any(path.is_relative_to(root) for root in self._roots):
            raise ValueError(f"{path} is outside the portal's static and media folders")
        return super().fetch(url, headers)


def _logo_url(library: Library) -> str | None:
    if not library.logo:
        return None
    try:
        path = Path(library.logo.path)
    except NotImplementedError:  # storage without local paths
        return None
    return path.resolve().as_uri() if path.exists() else None


def render_pdf(template: str, context: dict) -> bytes:
    # Danish whatever language the person who triggered the rendering reads the portal in.
    with translation.override("da"):
        html = render_to_string(template, context)
    base_url = (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalFileFetcher())
    return document.write_pdf(pdf_variant="pdf/a-3u", pdf_tags=True)


def agreement_pdf(agreement: Agreement) -> bytes:
    library = Library.load()
    application = agreement.application
    return render_pdf(
        "volunteers/pdf/agreement.html",
        {
            "agreement": agreement,
            "application": application,
            "volunteer_user": application.volunteer.user,
            "role": application.role,
            "model": agreement.model,
            "library": library,
            "logo_url": _logo_url(library),
            "volunteer_accepted_at": timezone.localtime(agreement.volunteer_accepted_at),
            "staff_accepted_at": timezone.localtime(agreement.staff_accepted_at),
        },
    )
