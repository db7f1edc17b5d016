from unittest import mock

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_migrations_and_broker(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "detail": "postgresql"}
    assert body["checks"]["migrations"]["detail"] == "up to date"
    assert body["checks"]["broker"] == {"ok": True, "detail": "in-process (no broker)"}


def test_healthz_is_503_when_the_broker_is_unreachable(client):
    from kombu import Connection

    # A stand-in app whose broker is a real Redis URL nobody listens on; patching the real app's
    # settings mapping instead would leak into later tests.
    broker = mock.Mock(**{"conf.task_always_eager": False})
    broker.connection_for_write.side_effect = lambda: Connection("redis://127.0.0.1:1/0")
    with mock.patch("heatportal.views.celery_app", broker):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_healthz_is_503_with_unapplied_migrations(client):
    with mock.patch("heatportal.views.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = [("app", "0002")]
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "detail": "1 unapplied"}


def test_healthz_is_503_when_the_database_fails_and_hides_the_details(client):
    from django.db import OperationalError

    with mock.patch(
        "heatportal.views.connection.cursor",
        side_effect=OperationalError('connection to "db.internal" failed for user "portal"'),
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
    assert "db.internal" not in response.text
