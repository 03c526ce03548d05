"""The expectation agreement as a PDF (WeasyPrint): Danish, A4, "side x af y", PDF/A-3u.

The generic part (the local-only URL fetcher, the logo, rendering) lives in ``portal.pdf``.
"""

from django.utils import timezone

from organisation.models import Library
from portal.pdf import LocalFileFetcher, render_pdf
from portal.pdf import logo_url as _logo_url

from .models import Agreement

__all__ = ["LocalFileFetcher", "agreement_pdf", "render_pdf"]


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
