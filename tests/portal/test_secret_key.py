"""Without DJANGO_SECRET_KEY, commands run but the web server refuses to start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# (No database is used; the shared autouse fixtures clear the database-backed cache.)
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "DJANGO_DEBUG": "0", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_wsgi_app_refuses_to_start_without_a_secret_key():
    result = _run("import portal.wsgi")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_management_commands_run_without_a_secret_key():
    result = _run("import django; django.setup(); print('ok')")
    assert result.returncode == 0, result.stderr


def test_the_wsgi_app_starts_with_a_secret_key():
    result = _run("import portal.wsgi; print('ok')", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
