"""PDFs with WeasyPrint, the same way for every app: Danish, A4, PDF/A-3u, tagged.

Nothing is fetched over the network: the URL fetcher refuses every URL that is not a local file
under the portal's static folders or the media folder (the library's logo), and the fonts are
the system's own (DejaVu/Liberation), named in each stylesheet. No web fonts.

The document's title and language come from the HTML (``<title>``, ``<html lang="da">``):
WeasyPrint writes them into the PDF's /Title and the catalog's /Lang.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher


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


def logo_url(library) -> str | None:
    """A file: URL of the library's logo for the PDF, or None when there is none on disk."""
    if not library.logo:
        return None
    try:
        path = Path(library.logo.path)
    except NotImplementedError:  # storage without local paths
        return None
    return path.resolve().as_uri() if path.exists() else None


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF (PDF/A-3 allows any file, e.g. a JSON audit trail)."""

    name: str
    content: bytes
    description: str = ""
    # ISO 32000-2 7.11.3: "Data" for information the document's content is built from,
    # "Supplement" for additional information, "Source", "Alternative", "Unspecified".
    relationship: str = "Supplement"


def static_base_url() -> str:
    return (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"


def render_html(template: str, context: dict) -> str:
    # Danish whatever language the person who triggered the rendering reads the portal in.
    with translation.override("da"):
        return render_to_string(template, context)


def html_to_pdf(html: str, *, attachments: list[PdfAttachment] = ()) -> bytes:
    fetcher = LocalFileFetcher()
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher)
    return document.write_pdf(
        pdf_variant="pdf/a-3u",
        pdf_tags=True,
        attachments=[
            Attachment(
                string=item.content,
                url_fetcher=fetcher,
                name=item.name,
                description=item.description or None,
                relationship=item.relationship,
            )
            for item in attachments
        ]
        or None,
    )


def render_pdf(template: str, context: dict, *, attachments: list[PdfAttachment] = ()) -> bytes:
    """Render a Django template to PDF/A-3u bytes. The template sets ``<html lang="da">`` and
    ``<title>`` (the PDF's language and title) and names its fonts and stylesheet itself."""
    return html_to_pdf(render_html(template, context), attachments=attachments)
