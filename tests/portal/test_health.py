"""/healthz: what the load balancer and monitoring ask before sending people to the portal."""

import logging
from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthy_portal_answers_200_with_the_database_ok(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]  # a cached "ok" would hide an outage


def test_unreachable_database_gives_503_not_500(anonymous, caplog):
    with (
        mock.patch.object(connection, "cursor", side_effect=OperationalError("server closed")),
        caplog.at_level(logging.ERROR, logger="portal.views"),
    ):
        response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "did not answer" in caplog.text  # operators see why


def test_health_check_only_answers_get(anonymous):
    assert anonymous.post("/healthz").status_code == 405
