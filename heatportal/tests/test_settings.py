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
