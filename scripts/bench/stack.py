"""The production-like stack on loopback: collected static files, gunicorn with two sync workers,
a Celery worker on Redis and an SMTP server that counts what it receives."""

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from email.parser import BytesHeaderParser
from pathlib import Path

from scripts.bench.config import REDIS_URL, ROOT, WORK_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stack_env(
    *, database_url: str, web_port: int, smtp_port: int, secret_key: str, static_root: Path
) -> dict[str, str]:
    """Production settings (DEBUG off, manifest static files, Redis, SMTP) for gunicorn, the
    worker and the bench process alike: one SECRET_KEY, so answer links signed here work there."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heatportal.settings",
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{web_port}",
        # The documented switch for driving DEBUG=false over plain http on loopback (Secure cookies).
        "INSECURE_COOKIES_FOR_LOCAL_HTTP": "true",
        "STATIC_ROOT": str(static_root),
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_STARTTLS": "false",
        "SMTP_TIMEOUT": "20",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def _log(name: str):
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    return (WORK_DIR / name).open("w")


def _wait_until_up(url: str, process: subprocess.Popen, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: the server stopped at start-up (see {WORK_DIR}/gunicorn.log)")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"bench: {url} did not answer within {seconds:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(env: dict[str, str]):
    """gunicorn as the Dockerfile runs it (deploy/gunicorn.conf.py), two workers on loopback.
    --no-control-socket: gunicorn's default control socket is shared by every run on the machine."""
    command = [str(Path(sys.executable).with_name("gunicorn")), "--config", "deploy/gunicorn.conf.py"]
    with _log("gunicorn.log") as log:
        process = subprocess.Popen([*command, "--no-control-socket"], cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
        try:
            _wait_until_up(env["SITE_URL"] + "/healthz/live", process)
            yield process
        finally:
            _stop(process)


@contextmanager
def celery_worker(env: dict[str, str], queues: list[str]):
    """`celery -A heatportal worker`, concurrency 2, on the queues the settings route tasks to."""
    command = [str(Path(sys.executable).with_name("celery")), "-A", "heatportal", "worker"]
    command += ["--concurrency", "2", "--queues", ",".join(queues), "--loglevel", "WARNING"]
    command += ["--hostname", f"bench-{os.getpid()}@%h", "--without-gossip", "--without-mingle"]
    with _log("celery.log") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
        try:
            yield process
        finally:
            _stop(process)


def collectstatic(env: dict[str, str]) -> None:
    manage = [sys.executable, "manage.py", "collectstatic", "--no-input", "--clear", "-v", "0"]
    subprocess.run(manage, cwd=ROOT, env=env, check=True)  # noqa: S603


def worker_pids(master: int) -> list[int]:
    """gunicorn's workers: the children of the master process."""
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        return [int(pid) for pid in children.read_text().split()]
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmRSS for process {pid}")


class CountingHandler:
    """aiosmtpd handler: keeps each message's envelope, Message-ID and bytes, by phase."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages: dict[str, list[tuple[list[str], str, bytes]]] = {}
        self.phase = "idle"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        content = envelope.original_content or envelope.content
        message_id = BytesHeaderParser().parsebytes(content).get("Message-ID", "")
        with self.lock:
            self.messages.setdefault(self.phase, []).append((list(envelope.rcpt_tos), message_id, content))
        return "250 Message accepted for delivery"

    def count(self, phase: str) -> int:
        with self.lock:
            return len(self.messages.get(phase, ()))

    def received(self, phase: str) -> list[tuple[list[str], str, bytes]]:
        with self.lock:
            return list(self.messages.get(phase, ()))


@contextmanager
def smtp_server(port: int):
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()
