"""Recovery of the outbox: one Message-ID for life, database errors retried without losing an
attempt, the sweep that hands lost messages to the broker again, pages that say a message waits."""

import logging
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from heatportal import tasks as enqueueing
from heatportal.mail import services
from heatportal.mail.models import Email
from heatportal.mail.services import email_queue
from heatportal.mail.tasks import requeue_stuck_emails, send_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queue(key="reset:1", to="petra@example.org"):
    user = UserFactory.build(full_name="Petra Prins", email=to)
    email, _ = email_queue(
        key=key,
        to_email=to,
        to_name="Petra Prins",
        template="password_reset",
        context={"user": user, "uid": "MQ", "token": "abc"},
    )
    return email


def fail_once(real):
    """Stand-in for a service: the first call meets a dropped database connection, later ones work."""
    calls = []

    def call(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    return call


def _age(email, *, seconds, **fields):
    Email.objects.filter(pk=email.pk).update(updated_at=timezone.now() - timezone.timedelta(seconds=seconds), **fields)


def test_each_message_gets_its_own_message_id_in_the_portal_domain_when_queued():
    first, second = _queue(key="a"), _queue(key="b")
    assert first.message_id != second.message_id
    assert first.message_id.startswith("<") and first.message_id.endswith("@127.0.0.1>")  # SITE_URL's host


def test_every_attempt_carries_the_message_id_stored_when_queued(smtp_server, settings):
    from aiosmtpd.controller import Controller

    seen = []

    class BusyOnce:
        async def handle_DATA(self, server, session, envelope):
            seen.append(next(line for line in envelope.content.splitlines() if line.lower().startswith(b"message-id")))
            return "451 4.3.0 busy" if len(seen) == 1 else "250 ok"

    controller = Controller(BusyOnce(), hostname="127.0.0.1", port=smtp_server.port + 2)
    controller.start()
    try:
        settings.MAILERS["default"]["OPTIONS"]["port"] = smtp_server.port + 2
        email = _queue()
        send_email.apply(args=[email.pk])  # eager: the retry runs at once
    finally:
        controller.stop()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 2)
    assert seen == [f"Message-ID: {email.message_id}".encode()] * 2


def test_database_error_at_claim_is_retried_without_counting_an_attempt(smtp_server):
    email = _queue()
    real_claim = services.email_claim
    with mock.patch.object(services, "email_claim", side_effect=fail_once(real_claim)):
        assert send_email.apply(args=[email.pk]).get() == Email.Status.SENT
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)
    assert len(smtp_server.messages) == 1


def test_database_error_after_the_server_accepted_records_sent_without_sending_again(smtp_server):
    email = _queue()
    real_mark = services.email_mark_sent
    with mock.patch.object(services, "email_mark_sent", side_effect=fail_once(real_mark)):
        assert send_email.apply(args=[email.pk]).get() == Email.Status.SENT
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)
    assert len(smtp_server.messages) == 1


def test_database_error_recording_a_failure_resumes_the_same_attempt(settings):
    settings.EMAIL_MAX_ATTEMPTS = 2
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    email = _queue()
    real_mark = services.email_mark_error
    with mock.patch.object(services, "email_mark_error", side_effect=fail_once(real_mark)):
        send_email.apply(args=[email.pk])
    email.refresh_from_db()
    # Three SMTP tries, two counted: the one whose failure could not be recorded was taken up
    # again by the same attempt (its claim), not counted twice.
    assert (email.status, email.attempts) == (Email.Status.FAILED, 2)
    assert "Connection refused" in email.last_error


def test_sweep_hands_lost_messages_to_the_broker_and_leaves_moving_ones_alone(django_capture_on_commit_callbacks):
    lost = _queue(key="lost")
    _age(lost, seconds=120)
    fresh = _queue(key="fresh")
    waiting_retry = _queue(key="retry")
    _age(waiting_retry, seconds=120, retry_after=timezone.now() + timezone.timedelta(minutes=5))
    overdue_retry = _queue(key="overdue")
    _age(overdue_retry, seconds=300, retry_after=timezone.now() - timezone.timedelta(minutes=3))
    dead = _queue(key="dead")
    _age(dead, seconds=django_settings.EMAIL_IN_FLIGHT_SECONDS + 30, status=Email.Status.SENDING, claimed_by="x")
    in_flight = _queue(key="in-flight")
    _age(in_flight, seconds=70, status=Email.Status.SENDING)
    before = Email.objects.get(pk=dead.pk).updated_at

    with django_capture_on_commit_callbacks() as callbacks:
        requeued = services.email_requeue_stuck()

    assert sorted(requeued) == sorted([lost.pk, overdue_retry.pk, dead.pk])
    assert len(callbacks) == 1  # one batch, over one connection
    dead.refresh_from_db()
    assert (dead.status, dead.claimed_by, dead.updated_at) == (Email.Status.QUEUED, "", before)
    assert Email.objects.get(pk=in_flight.pk).status == Email.Status.SENDING
    assert Email.objects.get(pk=fresh.pk).status == Email.Status.QUEUED
    callbacks[0]()  # the batch task, run here: it delivers exactly the three handed out
    statuses = dict(Email.objects.values_list("key", "status"))
    assert statuses == {
        "lost": Email.Status.SENT,
        "overdue": Email.Status.SENT,
        "dead": Email.Status.SENT,
        "fresh": Email.Status.QUEUED,
        "retry": Email.Status.QUEUED,
        "in-flight": Email.Status.SENDING,
    }


def test_a_message_lost_between_acceptance_and_sent_goes_again_with_the_same_message_id(smtp_server):
    email = _queue()
    services.email_deliver(email=email)  # the server has it; then the worker died
    _age(email, seconds=django_settings.EMAIL_IN_FLIGHT_SECONDS + 30, status=Email.Status.SENDING, attempts=1)
    requeue_stuck_emails.apply()
    send_email.apply(args=[email.pk])
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert [m["Message-ID"] for m in smtp_server.messages] == [email.message_id, email.message_id]


def test_sweep_without_a_database_logs_and_waits_for_the_next_minute(caplog):
    failing = mock.patch.object(services, "email_requeue_stuck", side_effect=OperationalError("gone"))
    with failing, caplog.at_level(logging.WARNING):
        assert requeue_stuck_emails.apply().get() == 0
    assert "outbox sweep skipped, database unavailable" in caplog.text


def test_beat_sweeps_mail_and_lost_invitations_every_minute():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert schedule["mail-requeue-stuck"]["schedule"] == 60
    assert schedule["sessions-queue-lost-invitations"] == {
        "task": "sessions.tasks.queue_lost_invitations",
        "schedule": 60.0,
    }
    # No attempt outlives the in-flight limit, so the sweep never resends one that is still going.
    for task in ("heatportal.mail.tasks.send_email", "heatportal.mail.tasks.send_email_batch"):
        limits = django_settings.CELERY_TASK_ANNOTATIONS[task]
        assert django_settings.EMAIL_IN_FLIGHT_SECONDS > limits["time_limit"] > limits["soft_time_limit"]


def test_broker_down_at_enqueue_is_logged_and_reported_not_raised(portal_broker, dead_broker_url, caplog):
    portal_broker(dead_broker_url)
    with caplog.at_level(logging.WARNING, logger="heatportal.tasks"):
        assert enqueueing.enqueue(send_email, 41) is False
        assert enqueueing.enqueue(send_email, 42) is False  # paused: not another wait for the broker
    assert "heatportal.mail.tasks.send_email(41,) not enqueued: left to the recovery sweep" in caplog.text
    assert "heatportal.mail.tasks.send_email(42,) not enqueued" in caplog.text
    assert "redis://" not in caplog.text


@pytest.mark.parametrize("page", ["mail:outbox", "mail:detail"])
def test_outbox_pages_tell_a_waiting_message_from_a_moving_one(client, world, page):
    stuck, moving = _queue(key="stuck"), _queue(key="moving", to="kees@example.org")
    _age(stuck, seconds=600)
    client.force_login(world.users["programme_admin"])
    since = timezone.localtime(Email.objects.get(pk=stuck.pk).updated_at)

    args = [] if page == "mail:outbox" else [stuck.pk]
    html = client.get(reverse(page, args=args)).content.decode()
    assert f"wacht op verzending sinds {since.day} " in html
    assert since.strftime("%H:%M") in html
    if page == "mail:detail":
        assert client.get(reverse(page, args=[moving.pk])).content.decode().count("wacht op verzending") == 0
        assert stuck.message_id.replace("<", "&lt;").replace(">", "&gt;") in html
    else:
        assert html.count("wacht op verzending sinds") == 1
