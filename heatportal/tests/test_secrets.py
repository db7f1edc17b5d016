"""No secret where it does not belong: outbox keys, the admin, log lines, caches (issue 8)."""

import contextlib
import io
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.services import calendar_token_rotate
from heatportal.logmask import GunicornLogger, mask
from heatportal.mail.models import Email
from heatportal.mail.services import email_queue
from labs.services.offers import offer_token
from labs.tests.factories import EnrolmentFactory, LabFactory
from sessions.services.answers import answer_token
from sessions.tests.factories import InvitationFactory, SessionFactory
from tests.factories import ContactFactory, UserFactory

BASE = Path(__file__).resolve().parents[2]
RESET_LINK = re.compile(r"/account/wachtwoord-instellen/(?P<uid>[^/]+)/(?P<token>[^/\s]+)/")


def _reset_requested(client, user):
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    email = Email.objects.get(to_email=user.email)
    return email, RESET_LINK.search(email.body_text)


# --- Outbox keys and the admin ------------------------------------------------------------
def test_password_reset_key_names_the_user_and_a_nonce_never_the_token(client, world):
    user = world.users["officer_assen"]
    email, link = _reset_requested(client, user)
    assert link, email.body_text
    assert re.fullmatch(rf"accounts:password-reset:{user.pk}:[0-9a-f]{{16}}", email.key)
    assert link["token"] not in email.key
    # The key also travels as a mail header.
    from heatportal.mail.tasks import send_email

    send_email.apply(args=[email.pk])
    assert link["token"] not in str(mail.outbox[-1].extra_headers)


def test_two_reset_requests_get_two_messages(client, world):
    user = world.users["officer_assen"]
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert Email.objects.filter(to_email=user.email).count() == 2


def test_every_queued_key_in_the_code_is_built_from_ids_and_occasions():
    """A grep over the code: no email_queue(key=...) may interpolate a token or link."""
    offenders = []
    for path in BASE.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\bkey\s*=\s*f?[\"'].*\{[^}]*\b(token|url|link|uid|uidb64)\b[^}]*\}", line):
                offenders.append(f"{path.relative_to(BASE)}:{number}: {line.strip()}")
    assert offenders == []


def test_admin_hides_body_attachments_and_key_of_a_sensitive_message(client, world):
    admin = UserFactory(email="super@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    secret, _ = email_queue(
        key="accounts:password-reset:1:legacy-geheim-abc123",
        to_email="p@example.org",
        template="password_reset",
        context={"user": {}, "uid": "MQ", "token": "tok-abc-123"},
        sensitive=True,
    )
    plain, _ = email_queue(
        key="plain-1",
        to_email="q@example.org",
        template="password_reset",
        context={"user": {}, "uid": "MQ", "token": "tok-zichtbaar-456"},
    )
    page = client.get(reverse("admin:mail_email_change", args=[secret.pk])).text
    assert "tok-abc-123" not in page and "legacy-geheim-abc123" not in page
    assert secret.subject in page  # the state stays visible
    shown = client.get(reverse("admin:mail_email_change", args=[plain.pk])).text
    assert "tok-zichtbaar-456" in shown  # an ordinary message is shown in full


def test_migration_rewrites_old_reset_keys_without_their_token(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("heatportal.mail.migrations.0003_reset_keys_without_token")
    old, _ = email_queue(
        key="password-reset:7:cbjx1y-0123456789abcdef0123456789abcdef",
        to_email="r@example.org",
        template="password_reset",
        context={"user": {}, "uid": "Nw", "token": "cbjx1y-0123456789abcdef0123456789abcdef"},
        sensitive=True,
    )
    other, _ = email_queue(
        key="session:1:invitation:2",
        to_email="s@example.org",
        template="password_reset",
        context={"user": {}, "uid": "MQ", "token": "x"},
    )
    migration.strip_tokens(apps, None)
    old.refresh_from_db(), other.refresh_from_db()
    assert old.key == f"accounts:password-reset:7:legacy-{old.pk}"
    assert other.key == "session:1:invitation:2"


def test_migration_hides_reset_mail_queued_before_the_sensitive_flag(client, world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("heatportal.mail.migrations.0005_old_reset_mail_is_sensitive")
    old, _ = email_queue(
        key="accounts:password-reset:7:legacy-1",
        to_email="r@example.org",
        template="password_reset",
        context={"user": {}, "uid": "Nw", "token": "geheim-token-uit-2025"},
    )
    invitation, _ = email_queue(
        key="session:1:invitation:2",
        to_email="s@example.org",
        template="password_reset",
        context={"user": {}, "uid": "MQ", "token": "x"},
    )
    migration.mark_reset_mail_sensitive(apps, None)
    old.refresh_from_db(), invitation.refresh_from_db()
    assert old.sensitive and not invitation.sensitive
    client.force_login(world.users["programme_admin"])
    page = client.get(reverse("mail:detail", kwargs={"pk": old.pk})).content.decode()
    assert "geheim-token-uit-2025" not in page


# --- Log lines ------------------------------------------------------------------------------
@pytest.fixture
def token_paths(world):
    """One real link of each kind with its secret parts."""
    session = SessionFactory()
    invitation = InvitationFactory(session=session, contact=ContactFactory())
    answer = answer_token(invitation)
    lab = LabFactory(min_participants=1, max_participants=1)
    offer = offer_token(EnrolmentFactory(lab=lab, municipality=world.assen))
    user = world.users["officer_assen"]
    feed = calendar_token_rotate(user=user)
    uid, reset = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    return {
        "answer": (reverse("sessions:answer", kwargs={"token": answer}), [answer]),
        "offer": (reverse("labs:offer_link", kwargs={"token": offer}), [offer]),
        "feed": (reverse("sessions:feed", kwargs={"token": feed}), [feed]),
        "reset": (reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": reset}), [reset]),
    }


def _secrets_in(text, secrets):
    return [s for s in secrets if s in text]


def test_mask_removes_every_kind_of_token_and_query_from_a_request_line(token_paths):
    for kind, (path, secrets) in token_paths.items():
        line = f'127.0.0.1 - - "GET {path}?next=/x&q=piet@example.org HTTP/1.1" 200 512 "https://portal.example{path}"'
        masked = mask(line)
        assert _secrets_in(masked, secrets) == [], kind
        assert "piet@example.org" not in masked
        assert "[verborgen]" in masked and 'HTTP/1.1" 200 512' in masked


def test_mask_keeps_ordinary_paths_readable():
    line = '"GET /sessies/12/deelnemers.csv HTTP/1.1" 200 /static/vendor/utrecht/component-library-css/dist/index.css'
    assert mask(line) == line


def test_gunicorn_access_log_has_no_token_in_any_atom(token_paths):
    cfg = SimpleNamespace(
        access_log_format='%(h)s "%(r)s" %(U)s %(q)s "%(f)s" %(s)s',
        accesslog="-",
        logconfig=None,
        logconfig_dict=None,
        logconfig_json=None,
        syslog=False,
        disable_redirect_access_to_syslog=False,
    )
    logger = GunicornLogger.__new__(GunicornLogger)
    logger.cfg = cfg
    for kind, (path, secrets) in token_paths.items():
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"{path}?a=b",
            "PATH_INFO": path,
            "QUERY_STRING": "a=b",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "10.0.0.1",
            "HTTP_REFERER": f"https://p.example{path}",
        }
        resp = SimpleNamespace(status="200 OK", sent=10, headers=[("Location", path)])
        req = SimpleNamespace(headers=[("REFERER", f"https://p.example{path}")])
        atoms = logger.atoms(resp, req, environ, SimpleNamespace(seconds=0, microseconds=5))
        line = cfg.access_log_format % atoms
        assert _secrets_in(repr(atoms), secrets) == [], kind
        assert "[verborgen]" in line


def test_runserver_and_django_request_logs_are_masked(token_paths):
    """Through the handlers LOGGING configures: django.server (runserver) and django.request."""
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    stream = io.StringIO()
    for name in ("django.server", "django"):
        for handler in logging.getLogger(name).handlers:
            handler.setStream(stream)
    for path, _secrets in token_paths.values():
        logging.getLogger("django.server").info('"%s" %s %s', f"GET {path}?q=piet@example.org HTTP/1.1", "200", "12")
        logging.getLogger("django.request").warning("Not Found: %s", path)
    output = stream.getvalue()
    assert output.count("[verborgen]") >= 8, output
    assert "piet@example.org" not in output
    for kind, (_path, secrets) in token_paths.items():
        assert _secrets_in(output, secrets) == [], kind


@pytest.mark.django_db
def test_a_refusal_is_logged_in_one_line_without_its_traceback(client, world):
    """A 403 is the permission check doing its job: its line stays, the stack does not."""
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    stream = io.StringIO()
    for handler in logging.getLogger("django").handlers:
        handler.setStream(stream)
    client.force_login(world.users["officer_assen"])  # sees Assen's deadlines, may not set them
    url = reverse("progress:deadline_edit", kwargs={"cbs_code": "GM0106", "kind": "programme"})
    assert client.get(url).status_code == 403
    logging.getLogger("django.request").error("Internal Server Error: %s", "/x", exc_info=ValueError("kapot"))
    output = stream.getvalue()
    assert f"Forbidden (Permission denied): {url}" in output
    assert "PermissionDenied" not in output and "Traceback" not in output.split("Internal Server Error")[0]
    assert "ValueError: kapot" in output  # an error keeps its traceback


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_gunicorn_started_with_the_deploy_config_logs_no_token(tmp_path):
    """The real thing: gunicorn as the Dockerfile and compose start it, one request per kind."""
    assert '"--config", "deploy/gunicorn.conf.py"' in (BASE / "Dockerfile").read_text()
    assert '"--config", "deploy/gunicorn.conf.py"' in (BASE / "docker-compose.yml").read_text()
    port = _free_port()
    secret = "eyJpIjoxLCJzIjoxfQ:1vXyZa:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heatportal.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--no-control-socket"],
            cwd=BASE,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        paths = [
            f"/sessies/antwoord/{secret}/",
            f"/leerlabs/aanbod/{secret}/",
            f"/sessies/agenda/{secret}.ics",
            f"/account/wachtwoord-instellen/MQ/{secret}/",
        ]
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except Exception:  # noqa: BLE001 (not up yet, or healthz answers an error: both mean retry)
                if time.monotonic() > deadline or proc.poll() is not None:
                    break
                time.sleep(0.3)
        for path in paths:
            # 400/404/410 for a made-up token: the log line is what counts.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?q=piet@example.org", timeout=5)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    text = log.read_text()
    assert text.count("[verborgen]") >= 4, text
    assert secret not in text and "piet@example.org" not in text


# --- Cache-Control ---------------------------------------------------------------------------
def _private(response) -> bool:
    value = response.get("Cache-Control", "")
    return "private" in value and "no-store" in value


def test_pages_for_signed_in_users_are_private(client, world):
    client.force_login(world.users["programme_admin"])
    for url in (reverse("home"), reverse("municipalities:contacts"), reverse("labs:catalogue")):
        response = client.get(url)
        assert response.status_code == 200 and _private(response), url


def test_token_pages_and_the_feed_are_private_even_when_refused(client, token_paths):
    for kind, (path, _) in token_paths.items():
        response = client.get(path)
        assert response.status_code < 500 and _private(response), kind
    assert _private(client.get(reverse("sessions:answer", kwargs={"token": "kapot"})))


def test_downloads_are_private(client, world):
    contact = ContactFactory()
    client.force_login(world.users["programme_admin"])
    response = client.get(reverse("municipalities:contact_export", args=[contact.pk]))
    assert response["Content-Disposition"].startswith("attachment") and _private(response)


def test_a_form_answer_to_an_anonymous_visitor_is_private(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "wie@example.org"})
    assert _private(response)


def test_public_pages_and_static_files_stay_cacheable(client, world):
    for url in (reverse("labs:catalogue"), reverse("municipalities:list"), "/static/favicon.svg"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


@override_settings(DEBUG=False)
def test_static_file_for_a_signed_in_user_stays_cacheable(client, world):
    client.force_login(world.users["programme_admin"])
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
