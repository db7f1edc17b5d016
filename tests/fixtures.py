"""Shared fixtures: reference data, one user per role, Celery on Redis, Chromium, SMTP on loopback."""

import os
import socket
import threading
from dataclasses import dataclass

import pytest

# The sync Playwright API runs an event loop in the main thread; Django's ORM refuses to run
# where a loop runs unless told it is safe (tests only, never in settings).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from accounts.models import Role  # noqa: E402
from municipalities.models import Municipality, Province, ResRegion  # noqa: E402
from municipalities.services import reference_data_load  # noqa: E402
from tests.factories import user_with_role  # noqa: E402

ROLE_NAMES = [
    "anonymous",
    "programme_admin",
    "adviser",
    "staff_drenthe",
    "staff_nh",
    "officer_assen",
    "officer_zaanstad",
    "coordinator_drenthe",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture
def reference_data(db):
    """The CBS division; reloaded (one bulk insert) after a transactional test flushed it."""
    if not Municipality.objects.exists():
        reference_data_load()


@pytest.fixture
def drenthe(reference_data):
    return Province.objects.get(code="PV22")


@pytest.fixture
def noord_holland(reference_data):
    return Province.objects.get(code="PV27")


@pytest.fixture
def assen(reference_data):
    return Municipality.objects.get(cbs_code="GM0106")


@pytest.fixture
def zaanstad(reference_data):
    return Municipality.objects.get(cbs_code="GM0479")


@pytest.fixture
def res_drenthe(reference_data):
    return ResRegion.objects.get(code="ES03")


@dataclass
class World:
    """One user per role, for permission tests. `users["anonymous"]` is None."""

    users: dict
    drenthe: Province
    noord_holland: Province
    assen: Municipality
    zaanstad: Municipality
    res_drenthe: ResRegion


@pytest.fixture
def world(reference_data, drenthe, noord_holland, assen, zaanstad, res_drenthe) -> World:
    K = Role.Kind
    users = {
        "anonymous": None,
        "programme_admin": user_with_role(K.PROGRAMME_ADMIN, email="beheer@example.org", is_staff=True),
        "adviser": user_with_role(K.PROGRAMME_ADVISER, email="adviseur@example.org"),
        "staff_drenthe": user_with_role(K.PROVINCIAL_STAFF, drenthe, email="drenthe@example.org"),
        "staff_nh": user_with_role(K.PROVINCIAL_STAFF, noord_holland, email="nh@example.org"),
        "officer_assen": user_with_role(K.MUNICIPAL_OFFICER, assen, email="assen@example.org"),
        "officer_zaanstad": user_with_role(K.MUNICIPAL_OFFICER, zaanstad, email="zaanstad@example.org"),
        "coordinator_drenthe": user_with_role(K.REGIONAL_COORDINATOR, res_drenthe, email="regio@example.org"),
    }
    return World(users, drenthe, noord_holland, assen, zaanstad, res_drenthe)


# --- Celery: a real worker thread on Redis ------------------------------------------------
CELERY_TEST_BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def celery_config():
    return {
        "broker_url": CELERY_TEST_BROKER,
        "broker_read_url": CELERY_TEST_BROKER,
        "broker_write_url": CELERY_TEST_BROKER,
        "result_backend": CELERY_TEST_BROKER,
        "task_always_eager": False,
    }


@pytest.fixture(scope="session")
def celery_worker_parameters():
    return {"perform_ping_check": False, "shutdown_timeout": 30}


@pytest.fixture
def celery_app(celery_config):
    """The portal's own Celery app, pointed at Redis: the worker runs exactly the tasks and
    routing production runs (celery.contrib.pytest would otherwise build a separate test app)."""
    from heatportal.celery import app

    previous = {key: app.conf[key] for key in celery_config}
    app.conf.update(celery_config)
    app.loader.import_default_modules()  # autodiscovered tasks.py of every app
    _reset_producer_pool(app)
    app.control.purge()  # messages left in Redis by an earlier, interrupted run are not ours
    yield app
    app.conf.update(previous)
    _reset_producer_pool(app)


def _reset_producer_pool(app):
    # Connection and producer pools are built once from the broker URL; a new URL needs new
    # pools (what Celery itself does after a fork).
    app._after_fork()


@pytest.fixture
def celery_on_redis(settings, celery_app, celery_worker):
    """Tasks queued by the code under test go to Redis and a real worker thread runs them."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return celery_worker


# --- SMTP on loopback ---------------------------------------------------------------------
@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; the default mailer delivers to it."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received: list = []
    lock = threading.Lock()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with lock:
                received.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 Message accepted for delivery"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    yield SmtpServer("127.0.0.1", port, received)
    controller.stop()


# --- Browser ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture(autouse=True)
def _clean_slate():
    """Each test starts with no rate-limit counters (they live in the cache) and in Dutch: a
    request in English leaves its language active in the thread otherwise."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    yield
    translation.activate("nl")
