"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per test session, a fresh context (cookies, storage) per test. Without a Chromium
the tests are skipped on a developer's machine and fail in CI (CI=... set), where a skipped
browser suite would hide broken pages.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.e2e.axe import assert_accessible

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
# Short enough that a missing element fails the test quickly, long enough for a slow CI machine.
TIMEOUT_MS = 15_000
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"

_skip_reason: str | None = None


def find_chromium() -> str | None:
    candidate = os.environ.get("SAMMEN_CHROMIUM") or "/usr/bin/chromium"
    path = shutil.which(candidate)
    return path if path and os.access(path, os.X_OK) else None


def pytest_terminal_summary(terminalreporter):
    if _skip_reason:
        terminalreporter.write_line(f"Browser tests skipped: {_skip_reason}", yellow=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Kept on the test item so the page fixture can save a screenshot of a failed test.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    global _skip_reason
    executable = find_chromium()
    if executable is None:
        reason = (
            f"no Chromium at {os.environ.get('SAMMEN_CHROMIUM') or '/usr/bin/chromium'} "
            "(install Debian's chromium package or set SAMMEN_CHROMIUM)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but there is {reason}", pytrace=False)
        _skip_reason = reason
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db, request):
    """Open pages in fresh browser contexts, each like a separate person's browser.

    The contexts speak Danish (Accept-Language), as the library's citizens' browsers do.
    """
    contexts = []

    def open_page(**options):
        context = browser.new_context(
            base_url=live_server.url,
            locale="da-DK",
            timezone_id="Europe/Copenhagen",
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    failed = getattr(request.node, "report_call", None)
    for number, context in enumerate(contexts):
        if failed is not None and failed.failed:
            RESULTS_DIR.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            for page_number, page in enumerate(context.pages):
                page.screenshot(
                    path=RESULTS_DIR / f"{name}-{number}-{page_number}.png", full_page=True
                )
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def log_in():
    """Log in through the login form, as a person does (the form is scanned on the way)."""

    def log_in(page, email, password):
        page.goto("/konto/login/")
        assert_accessible(page)
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_load_state()

    return log_in
