"""/healthz/live: the liveness probe (and `make bench`'s bare view) asks nothing of the database."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_live_answers_ok_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz_live"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]


def test_live_stays_ok_while_the_database_is_down(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        live = client.get(reverse("healthz_live"))
        ready = client.get(reverse("healthz"))
    assert live.status_code == 200
    assert ready.status_code == 503


def test_live_refuses_a_post(client):
    assert client.post(reverse("healthz_live")).status_code == 405
