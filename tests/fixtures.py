"""Shared fixtures: reference data, one user per role, Celery on Redis, Chromium, SMTP on loopback."""

import contextlib
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


# --- Fault tests: our own Redis, a PostgreSQL link that can be cut, workers in subprocesses --
# Everything here runs on ports of its own and is stopped by PID: the shared Redis (6379) and
# PostgreSQL (5432) are never touched.
@dataclass
class RedisServer:
    """A redis-server of the test's own, on a free port, that the test can stop and start again."""

    port: int
    directory: str

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pidfile(self) -> str:
        return os.path.join(self.directory, "redis.pid")

    def start(self) -> None:
        import subprocess
        import time

        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "yes", "--pidfile", self.pidfile, "--dir", self.directory],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGKILL, like a crash: whatever the broker held is gone (it keeps nothing on disk)."""
        import signal
        import time

        try:
            with open(self.pidfile) as f:
                pid = int(f.read().strip())
        except (OSError, ValueError):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while self.answers() and time.monotonic() < deadline:
            time.sleep(0.05)
        with contextlib.suppress(OSError):
            os.remove(self.pidfile)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(port=_free_port(), directory=str(tmp_path))
    server.start()
    yield server
    server.stop()


class TcpProxy:
    """A TCP relay to TARGET on a port of its own. cut() drops every open connection and refuses
    new ones (the database "gone"); restore() listens again on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = _free_port()
        self._lock = threading.Lock()
        self._sockets: set = set()
        self._listener = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.2)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            self._close(sock)

    def _accept(self, listener) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets |= {client, upstream}
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    def _pipe(self, src, dst) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._close(src)
            self._close(dst)

    @staticmethod
    def _close(sock) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


@pytest.fixture
def pg_proxy():
    proxy = TcpProxy(("127.0.0.1", 5432))
    yield proxy
    proxy.cut()


class FaultSmtp:
    """An SMTP server on loopback that records every message it accepted (recipient and
    Message-ID) and, while `refuse_until` lies ahead, answers DATA with 451."""

    def __init__(self, delay: float = 0.0):
        from aiosmtpd.controller import Controller

        self.accepted: list[tuple[str, str]] = []  # (recipient, Message-ID)
        self.refused = 0
        self.refuse_until = 0.0
        self.delay = delay
        self._lock = threading.Lock()
        self.port = _free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        import time
        from email import message_from_bytes, policy

        if self.delay:
            await asyncio.sleep(self.delay)
        if time.monotonic() < self.refuse_until:
            with self._lock:
                self.refused += 1
            return "451 4.3.0 Please try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            for rcpt in envelope.rcpt_tos:
                self.accepted.append((rcpt, str(message["Message-ID"])))
        return "250 Message accepted for delivery"

    def per_recipient(self) -> dict[str, list[str]]:
        with self._lock:
            result: dict[str, list[str]] = {}
            for rcpt, message_id in self.accepted:
                result.setdefault(rcpt, []).append(message_id)
            return result

    def stop(self) -> None:
        self._controller.stop()


@pytest.fixture
def fault_smtp():
    server = FaultSmtp()
    yield server
    server.stop()


class CeleryWorkerProcess:
    """`celery -A heatportal worker -B` in its own process group, on the test database and the
    test's Redis, with the sweep every few seconds. kill() is a crash (SIGKILL, the whole group)."""

    def __init__(self, *, env: dict, directory: str, name: str):
        import subprocess
        import sys

        self.log_path = os.path.join(directory, f"{name}.log")
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop/kill)
        command = [sys.executable, "-m", "celery", "-A", "heatportal", "worker", "-B"]
        command += ["--schedule", os.path.join(directory, f"{name}-beat"), "--pool=prefork", "--concurrency=2"]
        command += ["--loglevel=INFO", "-n", f"{name}@%h", "--without-gossip", "--without-mingle"]
        self.process = subprocess.Popen(
            command,
            env=env,
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited:\n{self.log()[-3000:]}")
            time.sleep(0.1)
        raise RuntimeError(f"worker not ready after {timeout} s:\n{self.log()[-3000:]}")

    def log(self) -> str:
        with open(self.log_path) as f:
            return f.read()

    def kill(self) -> None:
        import signal

        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self._log.close()

    def stop(self) -> None:
        import signal
        import subprocess

        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        # Children of a group that lost its parent: nothing of ours may outlive the test.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self._log.close()


@pytest.fixture
def worker_processes(settings, tmp_path, transactional_db):
    """start(broker_url=..., smtp_port=..., db_port=...) starts a worker process; all of them
    stop at the end of the test, before the test database is flushed."""
    from django.db import connection

    started: list[CeleryWorkerProcess] = []
    database = settings.DATABASES["default"]

    def start(*, broker_url: str, smtp_port: int, db_port: int | None = None, **extra: str) -> CeleryWorkerProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{db_port or database['PORT'] or 5432}/"
            f"{connection.settings_dict['NAME']}",
            "CELERY_BROKER_URL": broker_url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SMTP_STARTTLS": "false",
            "SMTP_TIMEOUT": "2",
            # Minutes become seconds, so a test sees the sweep and the retries at work.
            "EMAIL_SWEEP_SECONDS": "2",
            "EMAIL_SWEEP_QUEUED_SECONDS": "5",
            "EMAIL_IN_FLIGHT_SECONDS": "8",
            "INVITATIONS_LOST_AFTER_SECONDS": "3",
            "DB_CONN_MAX_AGE": "0",
            **extra,
        }
        worker = CeleryWorkerProcess(env=env, directory=str(tmp_path), name=f"worker{len(started) + 1}")
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def portal_broker(settings):
    """point(url): the portal in this process publishes its tasks to URL (a test's own Redis, or
    a dead port), as the web processes do in production; restored afterwards."""
    from heatportal.celery import app
    from heatportal.tasks import resume_enqueueing

    keys = ("broker_url", "broker_read_url", "broker_write_url", "task_always_eager")
    previous = {key: app.conf[key] for key in keys}

    def point(url: str) -> None:
        settings.CELERY_TASK_ALWAYS_EAGER = False
        app.conf.update(broker_url=url, broker_read_url=url, broker_write_url=url, task_always_eager=False)
        _reset_producer_pool(app)
        resume_enqueueing()

    yield point
    app.conf.update(previous)
    _reset_producer_pool(app)
    resume_enqueueing()


@pytest.fixture
def dead_broker_url() -> str:
    """A Redis URL where nothing listens: connection refused, as when Redis is down."""
    return f"redis://127.0.0.1:{_free_port()}/0"
