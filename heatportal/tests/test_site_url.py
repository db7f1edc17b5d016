"""Emailed links follow the server `make run` starts: SITE_URL is derived from HOST and PORT
unless set, and a demo database seeded on another port has its outbox links moved along."""

import os
import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from heatportal.mail.models import Email
from heatportal.management.commands.seed_demo import outbox_links_follow_site_url

ROOT = Path(__file__).resolve().parent.parent.parent


def _make_run_site_url(*args: str, **env: str) -> set[str]:
    """SITE_URL as each command of `make run` would see it. MANAGE prints the environment
    instead of running manage.py, `-o setup` skips the set-up: nothing is installed or served."""
    command = ["make", "-s", "-o", "setup", "run", "DEV_ENV=", "MANAGE=env | grep ^SITE_URL= ; true", *args]
    clean = {name: value for name, value in os.environ.items() if name not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(  # noqa: S603 (our own Makefile)
        command, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60, check=True
    )
    return set(re.findall(r"^SITE_URL=(.*)$", result.stdout, re.MULTILINE))


def test_make_run_links_to_the_port_it_serves():
    assert _make_run_site_url() == {"http://127.0.0.1:8000"}
    assert _make_run_site_url("PORT=8101") == {"http://127.0.0.1:8101"}
    assert _make_run_site_url("HOST=localhost", "PORT=8101") == {"http://localhost:8101"}


def test_a_site_url_that_is_set_wins():
    assert _make_run_site_url("PORT=8101", SITE_URL="https://demo.example.nl") == {"https://demo.example.nl"}
    assert _make_run_site_url("SITE_URL=https://demo.example.nl") == {"https://demo.example.nl"}


@pytest.mark.django_db
def test_seeding_again_on_another_port_moves_the_demo_mail_links(reference_data, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    call_command("seed_demo", stdout=StringIO())
    demo = Email.objects.all()
    assert demo.count() > 5 and all("http://127.0.0.1:8000/" in e.body_text for e in demo)

    settings.SITE_URL = "http://127.0.0.1:8101"
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert f"links in {demo.count()} messages now point at http://127.0.0.1:8101" in out.getvalue()
    for email in Email.objects.all():
        assert ":8000" not in email.body_text + email.body_html
        assert "http://127.0.0.1:8101/sessies/antwoord/" in email.body_text
        assert 'href="http://127.0.0.1:8101/' in email.body_html
    call_command("seed_demo", stdout=(again := StringIO()))
    assert "now point at" not in again.getvalue()  # nothing left to move


@pytest.mark.django_db
def test_only_local_server_addresses_move(settings):
    settings.SITE_URL = "http://localhost:8101"
    kept = "https://teams.example/meet/1 http://127.0.0.1.example.org/x http://localhost.nl/y"
    email = Email.objects.create(
        key="t",
        to_email="a@example.org",
        subject="s",
        body_text=f"http://127.0.0.1:8000/a/ {kept}",
        body_html='<a href="http://[::1]:8000/b/">b</a>',
    )
    assert outbox_links_follow_site_url() == 1
    email.refresh_from_db()
    assert email.body_text == f"http://localhost:8101/a/ {kept}"
    assert email.body_html == '<a href="http://localhost:8101/b/">b</a>'
