"""Login lockout (django-axes) for the portal and the admin login, and logins without Redis."""

import logging
import os
import signal
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from redis.exceptions import ConnectionError as RedisConnectionError

from heatportal import cache as resilient_cache
from heatportal.mail.models import Email
from tests.factories import UserFactory
from tests.fixtures.otp import otp_verify_session

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"
ADDRESS_A = "203.0.113.10"
ADDRESS_B = "198.51.100.20"
PORTAL_LOGIN = "/account/inloggen/"
ADMIN_LOGIN = "/admin/login/"


def _post_login(client, url, email, password, address=ADDRESS_A, **extra):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address, **extra)


def _logged_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def superuser():
    return UserFactory(email="beheerder@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def officer():
    return UserFactory(email="gemeente.assen@example.org")


@pytest.mark.parametrize("url", [ADMIN_LOGIN, PORTAL_LOGIN])
def test_45_wrong_passwords_then_the_right_one_is_refused(client, superuser, url):
    for _ in range(45):
        _post_login(client, url, superuser.email, "fout-wachtwoord")
    response = _post_login(client, url, superuser.email, PASSWORD)

    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.text
    assert "Probeer het over 15 minuten opnieuw" in response.text
    assert response["Retry-After"] == "900"
    assert _logged_in_as(client) is None
    # Counting stopped at the limit: tries during the lockout are refused, not recorded.
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (superuser.email, ADDRESS_A)
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT


@pytest.mark.parametrize("url", [ADMIN_LOGIN, PORTAL_LOGIN])
def test_the_limit_th_wrong_password_locks_and_one_fewer_does_not(client, superuser, url):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _post_login(client, url, superuser.email, "fout-wachtwoord")
        assert response.status_code == 200  # the form again, with its error
    assert _post_login(client, url, superuser.email, PASSWORD).status_code == 302
    assert _logged_in_as(client) == str(superuser.pk)


def test_a_successful_login_starts_the_count_again(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post_login(client, PORTAL_LOGIN, officer.email, "fout-wachtwoord")
    assert _post_login(client, PORTAL_LOGIN, officer.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post_login(client, PORTAL_LOGIN, officer.email, "fout-wachtwoord")
    assert _post_login(client, PORTAL_LOGIN, officer.email, PASSWORD).status_code == 302


def test_letter_case_and_spaces_in_the_email_share_one_counter(client, officer):
    variants = ["gemeente.assen@example.org", "Gemeente.ASSEN@example.org", " GEMEENTE.assen@Example.ORG "]
    for n in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, PORTAL_LOGIN, variants[n % len(variants)], "fout-wachtwoord")

    response = _post_login(client, PORTAL_LOGIN, "Gemeente.ASSEN@example.org", PASSWORD)

    assert response.status_code == 429
    assert _logged_in_as(client) is None
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["gemeente.assen@example.org"]


def test_admin_and_portal_login_share_the_counter_of_an_account(client, superuser):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, [ADMIN_LOGIN, PORTAL_LOGIN][n % 2], superuser.email.upper(), "fout-wachtwoord")
    assert _post_login(client, PORTAL_LOGIN, superuser.email, PASSWORD).status_code == 429
    assert _post_login(client, ADMIN_LOGIN, superuser.email, PASSWORD).status_code == 429


@pytest.mark.parametrize("url", [ADMIN_LOGIN, PORTAL_LOGIN])
def test_failures_from_one_address_do_not_lock_the_user_out_at_another(client, superuser, url):
    for _ in range(45):
        _post_login(client, url, superuser.email, "fout-wachtwoord", address=ADDRESS_A)

    response = _post_login(client, url, superuser.email, PASSWORD, address=ADDRESS_B)

    assert response.status_code == 302
    assert _logged_in_as(client) == str(superuser.pk)
    client.logout()
    assert _post_login(client, url, superuser.email, PASSWORD, address=ADDRESS_A).status_code == 429


def test_a_locked_address_can_still_log_in_to_other_accounts(client, officer):
    colleague = UserFactory(email="collega@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, PORTAL_LOGIN, officer.email, "fout-wachtwoord")
    assert _post_login(client, PORTAL_LOGIN, colleague.email, PASSWORD).status_code == 302
    assert _logged_in_as(client) == str(colleague.pk)


@pytest.mark.parametrize("url", [ADMIN_LOGIN, PORTAL_LOGIN])
def test_the_lockout_ends_after_the_cool_off(client, superuser, url):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, url, superuser.email, "fout-wachtwoord")
    assert _post_login(client, url, superuser.email, PASSWORD).status_code == 429

    # Axes dates each request with this clock; a request one minute before the end is still refused.
    almost = timezone.now() + settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    with mock.patch("axes.handlers.proxy.now", return_value=almost):
        assert _post_login(client, url, superuser.email, PASSWORD).status_code == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    with mock.patch("axes.handlers.proxy.now", return_value=later):
        response = _post_login(client, url, superuser.email, PASSWORD)

    assert response.status_code == 302
    assert _logged_in_as(client) == str(superuser.pk)
    assert not AccessAttempt.objects.exists()  # expired failures are deleted, not kept


def test_passwords_are_never_stored_or_logged(client, officer, caplog):
    secret = "Zeer-Geheim-Wachtwoord-42"
    with caplog.at_level(logging.DEBUG):
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            _post_login(client, PORTAL_LOGIN, officer.email, secret, HTTP_USER_AGENT="Testbrowser/1.0")
            _post_login(client, ADMIN_LOGIN, officer.email, secret, HTTP_USER_AGENT="Testbrowser/1.0")

    assert "AXES" in caplog.text  # axes did log the failures and the lockout
    assert secret not in caplog.text
    stored = AccessAttempt.objects.values_list("get_data", "post_data", "username", "user_agent", "path_info")
    assert stored and all(secret not in str(row) for row in stored)
    # No lasting log of failures or of successful logins (addresses and user agents).
    _post_login(client, PORTAL_LOGIN, officer.email, PASSWORD, address=ADDRESS_B)
    assert not AccessFailureLog.objects.exists() and not AccessLog.objects.exists()


@override_settings(AXES_CLIENT_IP_CALLABLE="heatportal.views.client_ip")
def test_behind_the_tls_proxy_the_lockout_keys_on_the_forwarded_client_address(client, officer):
    proxy = "10.0.0.2"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(
            client, PORTAL_LOGIN, officer.email, "fout", address=proxy, HTTP_X_FORWARDED_FOR=f"{ADDRESS_B}, {ADDRESS_A}"
        )
    # A forged first entry does not help the attacker at A; the real user at B still gets in.
    forged = _post_login(
        client, PORTAL_LOGIN, officer.email, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=f"{ADDRESS_B}, {ADDRESS_A}"
    )
    assert forged.status_code == 429
    user_at_b = _post_login(
        client, PORTAL_LOGIN, officer.email, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=ADDRESS_B
    )
    assert user_at_b.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}


@override_settings(AXES_CLIENT_IP_CALLABLE="heatportal.views.client_ip")
def test_a_forwarded_header_that_is_no_address_falls_back_to_the_connection(client, officer):
    response = _post_login(client, PORTAL_LOGIN, officer.email, "fout", HTTP_X_FORWARDED_FOR="<script>, niet-een-adres")
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.text
    assert AccessAttempt.objects.get().ip_address == ADDRESS_A


def test_a_locked_out_login_page_is_dutch_and_offers_a_password_reset(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _post_login(client, PORTAL_LOGIN, officer.email, "fout")
    assert response.status_code == 429
    assert '<html lang="nl"' in response.text
    assert "Er is te vaak een verkeerd wachtwoord ingevuld voor dit e-mailadres" in response.text
    assert reverse("accounts:password_reset") in response.text


def test_many_accounts_from_one_address_hit_the_per_address_login_limit(client):
    for n in range(100):
        _post_login(client, PORTAL_LOGIN, f"poging{n}@example.org", "fout")
    response = _post_login(client, ADMIN_LOGIN, "nog-een@example.org", "fout")
    assert response.status_code == 429
    assert "Te veel verzoeken" in response.text
    assert _post_login(client, PORTAL_LOGIN, "nog-een@example.org", "fout", address=ADDRESS_B).status_code == 200


# --- Redis down ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class OwnRedis:
    """A redis-server of this test's own, so stopping it never touches the shared one."""

    def __init__(self, tmp_path: Path):
        self.port = _free_port()
        self.pidfile = tmp_path / "redis.pid"
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "yes", "--pidfile", str(self.pidfile), "--dir", str(tmp_path)],
            check=True,
            capture_output=True,
        )
        for _ in range(100):
            if _answers(self.port):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"redis-server on port {self.port} did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if not self.pidfile.exists():
            return
        os.kill(int(self.pidfile.read_text()), signal.SIGTERM)
        for _ in range(100):
            if not _answers(self.port):
                break
            time.sleep(0.05)
        self.pidfile.unlink(missing_ok=True)


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path)
    resilient_cache._down_until.clear()
    caches = {
        "default": {
            "BACKEND": "heatportal.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "RETRY_AFTER": 5},
        }
    }
    # override_settings(CACHES=...) also resets Django's cache handler, so `cache` is this Redis.
    with override_settings(CACHES=caches):
        yield server
    server.stop()
    resilient_cache._down_until.clear()


def test_with_redis_down_the_right_password_still_logs_in(client, officer, own_redis):
    cache.set("probe", "up")
    assert cache.get("probe") == "up"  # the portal's cache really is this Redis
    own_redis.stop()

    response = _post_login(client, PORTAL_LOGIN, officer.email, PASSWORD)

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == officer


def test_with_redis_down_the_admin_login_still_works(client, superuser, own_redis):
    own_redis.stop()
    response = _post_login(client, ADMIN_LOGIN, superuser.email, PASSWORD, QUERY_STRING="next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 302  # the second factor first (test_two_factor.py)
    otp_verify_session(client, superuser)
    assert client.get("/admin/").status_code == 200


def test_with_redis_down_a_wrong_password_gets_the_normal_form_error(client, officer, own_redis):
    own_redis.stop()
    response = _post_login(client, PORTAL_LOGIN, officer.email, "fout")
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.text
    # The lockout still counts: it lives in the database, not in Redis.
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_with_redis_down_a_rate_limited_view_answers_and_lets_the_request_through(
    client, officer, own_redis, django_capture_on_commit_callbacks
):
    # While Redis is up the limit counts there: the 11th reset request is refused ...
    for _ in range(10):
        client.post(reverse("accounts:password_reset"), {"email": "onbekend@example.org"})
    assert client.post(reverse("accounts:password_reset"), {"email": "onbekend@example.org"}).status_code == 429

    own_redis.stop()
    # ... with Redis down the limit cannot count: requests go through instead of failing.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": officer.email})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert Email.objects.filter(to_email=officer.email).count() == 1
    assert client.get(reverse("home")).status_code == 200


def test_a_dead_redis_answers_as_an_empty_cache_and_says_so_in_the_log(own_redis, caplog):
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="heatportal.cache"):
        assert cache.get("x", "standaard") == "standaard"
    assert "Redis unavailable during get (ConnectionError)" in caplog.text
    # Within RETRY_AFTER the cache does not try Redis again, and answers as for a missing key.
    with mock.patch("redis.connection.ConnectionPool.get_connection") as connect:
        assert cache.add("x", 1) is False
        assert cache.incr("x") is None
        assert cache.get_many(["x", "y"]) == {}
        assert cache.set_many({"x": 1}) == ["x"]
        assert cache.has_key("x") is False
    connect.assert_not_called()


def test_a_dead_redis_is_tried_again_after_the_retry_window(own_redis):
    own_redis.stop()
    assert cache.get("x") is None
    resilient_cache._down_until.clear()  # the window has passed
    with mock.patch(
        "redis.connection.ConnectionPool.get_connection", side_effect=RedisConnectionError("down")
    ) as connect:
        assert cache.get("x", "standaard") == "standaard"  # tried Redis again
        assert cache.get("x", "standaard") == "standaard"  # and left it alone for a while
    connect.assert_called_once()


# --- Whatever is typed or sent, a login answers without a server error -------------------------

typed = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=300)


@pytest.mark.parametrize("url", [ADMIN_LOGIN, PORTAL_LOGIN])
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=typed, password=typed, user_agent=typed, forwarded=typed)
def test_any_login_input_gets_an_answer_not_a_server_error(client, url, username, password, user_agent, forwarded):
    with override_settings(AXES_CLIENT_IP_CALLABLE="heatportal.views.client_ip"):
        response = client.post(
            url,
            {"username": username, "password": password},
            REMOTE_ADDR=ADDRESS_A,
            HTTP_USER_AGENT=user_agent.encode("utf-8", "replace").decode("latin-1"),
            HTTP_X_FORWARDED_FOR=forwarded.encode("utf-8", "replace").decode("latin-1"),
        )
    assert response.status_code in (200, 302, 429)
    assert _logged_in_as(client) is None


def test_a_new_password_through_the_mailed_link_ends_the_lockout(client, officer):
    """The lockout page offers "Wachtwoord vergeten?": that way out must really lead in."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, PORTAL_LOGIN, "Gemeente.Assen@example.org", "fout-wachtwoord")
    assert _post_login(client, PORTAL_LOGIN, officer.email, PASSWORD).status_code == 429

    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    token = default_token_generator.make_token(officer)
    start = client.get(f"/account/wachtwoord-instellen/{uid}/{token}/", REMOTE_ADDR=ADDRESS_A)
    assert start.status_code == 302  # Django moves the token into the session first
    new_password = "Een-nieuw-wachtwoord-2026"
    done = client.post(
        start["Location"], {"new_password1": new_password, "new_password2": new_password}, REMOTE_ADDR=ADDRESS_A
    )
    assert done.status_code == 302

    assert not AccessAttempt.objects.filter(username="gemeente.assen@example.org").exists()
    response = _post_login(client, PORTAL_LOGIN, officer.email, new_password)
    assert response.status_code == 302
    assert _logged_in_as(client) == str(officer.pk)
