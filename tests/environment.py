"""Loaded by pytest before Django (``-p tests.environment`` in pyproject.toml).

The test process runs the production code paths (DEBUG off) but over plain http on localhost,
with a throwaway secret and a non-manifest static storage, so no collectstatic is needed.
"""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# browser tests' own set-up are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
