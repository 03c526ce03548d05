"""How long does a samarbejdsaftale PDF take? (issue 5: a report, not a timed test)

Run: .venv/bin/python scripts/bench_agreement_pdf.py [--runs 7] [--serve 50] [--keep out.pdf]

Builds a realistic agreement (standard model, every section filled in, a 12-row responsibility
matrix, about five A4 pages) in a throwaway test database (created and destroyed here, the real
database is never touched), takes it through review and both signatures with the real
services, and reports:

- our pipeline: template rendering + WeasyPrint (PDF/A-3u, tagged, local-only URL fetcher);
- WeasyPrint alone on the same HTML string: with default options, and with the same options;
- the final signed PDF (with the attached audit JSON);
- serving the stored signed PDF through the Django view (test client, N requests).
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

PARAGRAPH = (
    "Parterne samarbejder om at give borgerne i kommunen gode oplevelser med litteratur, "
    "fællesskab og læring. Biblioteket stiller lokaler, udstyr og faglig viden til rådighed, "
    "og foreningen bidrager med frivillige, der kender målgruppen og kan skabe tryghed og "
    "kontinuitet. Begge parter holder hinanden orienteret om ændringer, der kan påvirke "
    "samarbejdet, og tager hensyn til hinandens planlægning og ressourcer."
)


EXTENDED_SECTIONS = {"baggrund", "indhold", "maalgruppe"}


def build(runs_dir: Path):
    from accounts.models import User
    from organisation.models import Library
    from partnerships.models import (
        AgreementTemplate,
        Partner,
        PartnerContact,
        PartnerKind,
        Responsible,
        SignatureParty,
    )
    from partnerships.services.drafting import agreement_create, agreement_update
    from partnerships.services.signing import RequestMeta, agreement_sign
    from partnerships.services.workflow import review_accept, review_invite

    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.address, library.postcode, library.city = "Kamillevej 2", "2770", "Kastrup"
    library.save()
    manager = User.objects.create_user(
        email="chef@bench.example.dk", password="x", name="Birgitte Chef", role="manager"
    )
    staff = User.objects.create_user(
        email="medarbejder@bench.example.dk", password="x", name="Lars Medarbejder", role="staff"
    )
    partner = Partner.objects.create(
        name="Tårnby Læseforening",
        slug="taarnby-laeseforening",
        kind=PartnerKind.ASSOCIATION,
        address="Skolevej 1",
        postcode="2770",
        city="Kastrup",
    )
    contact = PartnerContact.objects.create(
        partner=partner,
        name="Anne Formand",
        role="Formand",
        email="anne@bench.example.dk",
        may_sign=True,
        is_primary=True,
    )
    agreement = agreement_create(
        partner=partner,
        template=AgreementTemplate.objects.get(kind="standard"),
        title="Læseklub og fortællecafé for seniorer 2027",
        owner=staff,
        branch=None,
        acting_user=staff,
    )
    # The standard model's own clause text is about four pages; a paragraph on purpose and
    # content, as a real drafter writes, makes it five.
    sections = {
        section.key: f"{section.text}\n\n{PARAGRAPH}"
        for section in agreement.sections.all()
        if section.key in EXTENDED_SECTIONS
    }
    today = datetime.date.today()
    agreement_update(
        agreement=agreement,
        acting_user=staff,
        sections=sections,
        responsibilities=[
            {
                "task": f"Opgave {n}: planlægning, afvikling og opfølgning",
                "note": "Aftales løbende",
                "responsible": [Responsible.LIBRARY, Responsible.PARTNER, Responsible.BOTH][n % 3],
            }
            for n in range(1, 13)
        ],
        start_date=today,
        end_date=today + datetime.timedelta(days=365),
        evaluation_date=today + datetime.timedelta(days=180),
    )
    invitation = review_invite(agreement=agreement, contact=contact, acting_user=staff)
    review_accept(invitation=invitation)  # ready to sign: the PDF to sign is rendered (once)
    meta = RequestMeta(ip="192.0.2.1", user_agent="bench")
    agreement_sign(
        agreement=agreement,
        party=SignatureParty.LIBRARY,
        typed_name="Birgitte Chef",
        consent=True,
        meta=meta,
        user=manager,
    )
    agreement_sign(
        agreement=agreement,
        party=SignatureParty.PARTNER,
        typed_name="Anne Formand",
        consent=True,
        meta=meta,
        invitation=invitation,
    )
    agreement.refresh_from_db()
    return agreement, manager


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def row(label: str, times: list[float], extra: str = "") -> str:
    median, best = statistics.median(times), min(times)
    return f"| {label:<52} | {median * 1000:9.1f} | {best * 1000:9.1f} | {len(times):4d} | {extra}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="renders per measurement")
    parser.add_argument("--serve", type=int, default=50, help="requests for the stored PDF")
    parser.add_argument("--keep", help="write the final signed PDF to this file")
    args = parser.parse_args()

    from partnerships.pdf import final_pdf, version_html, version_pdf
    from portal.pdf import LocalFileFetcher, static_base_url

    media = tempfile.mkdtemp(prefix="bench-media-")
    settings.MEDIA_ROOT = media
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        agreement, manager = build(Path(media))
        version = agreement.signatures.first().version
        html = version_html(version)
        to_sign = version_pdf(version)
        pages = len(PdfReader(io.BytesIO(to_sign)).pages)
        final_bytes = final_pdf(agreement)
        final_pages = len(PdfReader(io.BytesIO(final_bytes)).pages)
        base_url = static_base_url()

        def bare_default():
            HTML(string=html, base_url=base_url).write_pdf()

        def bare_same_options():
            HTML(string=html, base_url=base_url, url_fetcher=LocalFileFetcher()).write_pdf(
                pdf_variant="pdf/a-3u", pdf_tags=True
            )

        version_pdf(version)  # warm-up: fonts, templates, CSS parsing caches
        # Interleaved (one run of each in turn) so that load from other processes on the
        # machine falls on every measurement alike.
        measured = {
            "pipeline": (lambda: version_pdf(version), []),
            "bare": (bare_default, []),
            "bare_same": (bare_same_options, []),
            "final": (lambda: final_pdf(agreement), []),
        }
        for _ in range(args.runs):
            for function, times in measured.values():
                times.extend(timed(function, 1))
        results = [
            row(
                "our pipeline: PDF to sign (template + WeasyPrint)",
                measured["pipeline"][1],
                f"{pages} pages",
            ),
            row(
                "WeasyPrint alone, same HTML, default options",
                measured["bare"][1],
                f"{pages} pages",
            ),
            row(
                "WeasyPrint alone, same HTML, PDF/A-3u + tags",
                measured["bare_same"][1],
                f"{pages} pages",
            ),
            row(
                "our pipeline: final PDF (signatures + audit JSON)",
                measured["final"][1],
                f"{final_pages} pages",
            ),
        ]
        client = Client()
        client.force_login(manager)
        url = reverse("partnerships:agreement_final_pdf", args=[agreement.pk])
        size = len(b"".join(client.get(url).streaming_content))

        def serve():
            response = client.get(url)
            body = b"".join(response.streaming_content)
            assert response.status_code == 200 and len(body) == size

        results.append(
            row(
                "serve the stored signed PDF (Django view, test client)",
                timed(serve, args.serve),
                f"{size / 1024:.0f} KiB",
            )
        )
        print(f"WeasyPrint agreement PDF, {pages}-page agreement, HTML {len(html) / 1024:.0f} KiB")
        print(f"| {'measurement':<52} | median ms |    min ms |    n | ")
        print(f"|{'-' * 54}|-----------|-----------|------|------")
        for line in results:
            print(line)
        if args.keep:
            Path(args.keep).write_bytes(agreement.final_pdf.open("rb").read())
            print(f"final PDF written to {args.keep}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
