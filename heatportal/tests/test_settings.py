import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "heatportal.settings",
    "SECRET_KEY": "kP3v-9Qz!rT7wX2m#Lb8nY4s@Hc6jD1f%Ge5uA0o^Ri&Mw8-Tq2z*Vn5b",  # long, many distinct characters
    "DEBUG": "false",
    "ALLOWED_HOSTS": "warmteportaal.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SMTP_HOST": "smtp.example",
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("Zq8!mN3v#Rt6yB1x@Kp4wL7s%Hd9fJ2g^Ce5uA0o-Xi&Pw3-Tk7z*Vb")
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(secret)}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name,value", [("DEBUG", "maybe"), ("SMTP_PORT", "twenty-five")])
def test_malformed_values_stop_the_start(name, value):
    result = _manage("check", env=PRODUCTION_ENV | {name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr


def test_static_files_collect_with_the_production_storage(tmp_path):
    result = _manage("collectstatic", "--no-input", env=PRODUCTION_ENV | {"STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/htmx/htmx.min.js" in manifest and "css/portal.css" in manifest


# --- Plain http on loopback (INSECURE_COOKIES_FOR_LOCAL_HTTP) -----------------------------------
LOOPBACK_ENV = PRODUCTION_ENV | {
    "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
    "INSECURE_COOKIES_FOR_LOCAL_HTTP": "true",
}
# What an HTTP client sees on the login page: the status, where it is sent, and the CSRF cookie.
SHOW_LOGIN_PAGE = (
    "from django.test import Client; "
    "r = Client().get('/account/inloggen/', HTTP_HOST='127.0.0.1'); "
    "print(r.status_code, r.get('Location', '-')); "
    "print(r.cookies['csrftoken'].output() if 'csrftoken' in r.cookies else 'no cookie')"
)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The production storage renders pages only from a collected manifest."""
    root = tmp_path_factory.mktemp("static")
    result = _manage("collectstatic", "--no-input", env=PRODUCTION_ENV | {"STATIC_ROOT": str(root)})
    assert result.returncode == 0, result.stderr
    return str(root)


def test_loopback_switch_serves_plain_http_with_cookies_an_http_client_sends_back(static_root):
    result = _manage("shell", "-c", SHOW_LOGIN_PAGE, env=LOOPBACK_ENV | {"STATIC_ROOT": static_root})
    assert result.returncode == 0, result.stderr
    status_line, cookie_line = result.stdout.strip().splitlines()[-2:]
    assert status_line == "200 -"  # no redirect to https
    assert cookie_line.startswith("Set-Cookie: csrftoken=")
    assert "Secure" not in cookie_line and "HttpOnly" in cookie_line


def test_without_the_switch_production_sends_http_to_https(static_root):
    env = PRODUCTION_ENV | {"ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": static_root}
    result = _manage("shell", "-c", SHOW_LOGIN_PAGE, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2] == "301 https://127.0.0.1/account/inloggen/"


@pytest.mark.parametrize("hosts", ["warmteportaal.example", "127.0.0.1,warmteportaal.example", "*", "0.0.0.0"])  # noqa: S104
def test_loopback_switch_is_refused_with_any_host_that_is_not_loopback(hosts):
    result = _manage("check", env=LOOPBACK_ENV | {"ALLOWED_HOSTS": hosts})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "INSECURE_COOKIES_FOR_LOCAL_HTTP" in result.stderr


def test_loopback_switch_passes_the_checks_on_loopback():
    result = _manage("check", env=LOOPBACK_ENV)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "name,value",
    [
        ("INSECURE_COOKIES_FOR_LOCAL_HTTP", "ja"),
        ("SMTP_STARTTLS", "ja"),
        ("SMTP_STARTTLS", "ture"),
        ("SMTP_SSL", "2"),
        ("SMTP_SSL", "enabled"),
        ("BEHIND_TLS_PROXY", "yes please"),
        ("AXES_FAILURE_LIMIT", "tien"),
        ("AXES_FAILURE_LIMIT", "0"),
        ("AXES_COOLOFF_MINUTES", "0"),
    ],
)
def test_malformed_security_and_mail_switches_stop_the_start(name, value):
    result = _manage("check", env=PRODUCTION_ENV | {name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr


SHOW_SMTP = (
    "from django.conf import settings; o = settings.MAILERS['default']['OPTIONS']; print(o['use_tls'], o['use_ssl'])"
)


@pytest.mark.parametrize(
    "extra,expected",
    [
        ({}, "True False"),  # STARTTLS by default
        ({"SMTP_STARTTLS": "false", "SMTP_SSL": "true"}, "False True"),
        ({"SMTP_STARTTLS": "OFF", "SMTP_SSL": " Yes "}, "False True"),
        ({"SMTP_STARTTLS": "0"}, "False False"),
        ({"SMTP_SSL": "true"}, "False True"),  # choosing SSL turns the STARTTLS default off
    ],
)
def test_smtp_tls_switches_are_read_as_written(extra, expected):
    result = _manage("shell", "-c", SHOW_SMTP, env=PRODUCTION_ENV | extra)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_ssl_and_starttls_together_stop_the_start():
    result = _manage("check", env=PRODUCTION_ENV | {"SMTP_SSL": "true", "SMTP_STARTTLS": "true"})
    assert result.returncode != 0
    assert "SMTP_SSL" in result.stderr and "SMTP_STARTTLS" in result.stderr


def test_production_cache_is_the_degrading_redis_cache_with_short_timeouts():
    dead = PRODUCTION_ENV | {"REDIS_URL": "redis://127.0.0.1:1/0"}  # nothing listens on port 1
    script = (
        "from django.conf import settings; from django.core.cache import cache; "
        "print(settings.CACHES['default']['BACKEND'], settings.RATELIMIT_FAIL_OPEN); "
        "print(cache.get('x', 'leeg'), cache.add('x', 1), cache.incr('x') if cache.has_key('x') else None)"
    )
    result = _manage("shell", "-c", script, env=dead)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2:] == ["heatportal.cache.ResilientRedisCache True", "leeg False None"]
    assert "Redis unavailable" in result.stderr


def test_behind_the_proxy_lockouts_and_rate_limits_read_the_same_client_address():
    script = "from django.conf import settings; print(settings.AXES_CLIENT_IP_CALLABLE, settings.RATELIMIT_IP_META_KEY)"
    behind = _manage("shell", "-c", script, env=PRODUCTION_ENV | {"BEHIND_TLS_PROXY": "true"})
    direct = _manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert behind.stdout.strip().splitlines()[-1] == "heatportal.views.client_ip heatportal.views.client_ip"
    assert direct.stdout.strip().splitlines()[-1] == "heatportal.views.remote_addr None"
