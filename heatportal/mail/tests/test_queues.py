"""The mail queue, the worker that takes it, and the rate limit from the environment."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from heatportal.mail.models import Email
from heatportal.mail.services import Outgoing, email_queue_many

BASE = Path(__file__).resolve().parents[3]


def _settings_in_a_fresh_process(**env) -> str:
    """What the settings make of ENV, read by a new interpreter as a container would start."""
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "a = s.CELERY_TASK_ANNOTATIONS; "
        "print(s.EMAIL_RATE_LIMIT_PER_MINUTE, s.EMAIL_BATCH_SIZE, "
        "a['heatportal.mail.tasks.send_email'].get('rate_limit'), "
        "a['heatportal.mail.tasks.send_email_batch'].get('rate_limit'))"
    )
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    production = {"DJANGO_SETTINGS_MODULE": "heatportal.settings", "SECRET_KEY": "x" * 60, "DEBUG": "false"}
    return subprocess.run(
        [sys.executable, "-c", show],
        cwd=BASE,
        env={**clean, **production, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "value,expected",
    [
        ("", "None 100 None None"),
        ("600", "600 100 600/m 6/m"),  # a batch of 100 counts for 100 messages
        ("30", "30 30 30/m 1/m"),  # never a batch larger than a minute's allowance
    ],
)
def test_the_rate_limit_per_minute_is_read_from_the_environment(value, expected):
    result = _settings_in_a_fresh_process(EMAIL_RATE_LIMIT_PER_MINUTE=value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected.split()


@pytest.mark.parametrize("value", ["0", "-5", "veel"])
def test_a_rate_limit_that_is_not_a_positive_number_stops_the_start(value):
    result = _settings_in_a_fresh_process(EMAIL_RATE_LIMIT_PER_MINUTE=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "EMAIL_RATE_LIMIT_PER_MINUTE" in result.stderr


def test_send_tasks_are_published_to_the_mail_queue_and_other_tasks_to_the_default(celery_app):
    from heatportal.mail.tasks import requeue_stuck_emails, send_email, send_email_batch

    send_email.delay(1)
    send_email_batch.delay([1, 2])
    celery_app.send_task("sessions.tasks.queue_invitations", args=[1])  # routed by name, as a web process does
    requeue_stuck_emails.delay()
    with celery_app.connection_for_write() as connection:
        redis = connection.default_channel.client
        assert (redis.llen("mail"), redis.llen("celery")) == (2, 2)
    celery_app.control.purge()


@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_both_queues_and_delivers_a_batch(celery_on_redis, smtp_server):
    messages = [
        Outgoing(
            key=f"q:{i}",
            to_email=f"r{i}@example.org",
            template="password_reset",
            context={"user": {}, "uid": "MQ", "token": "t"},
        )
        for i in range(3)
    ]
    email_queue_many(messages=messages)  # hands the batch to Redis after commit
    deadline = time.monotonic() + 20
    while len(smtp_server.messages) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(m["To"] for m in smtp_server.messages) == [f"r{i}@example.org" for i in range(3)]
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.SENT}
