import time

import pytest
from celery.exceptions import Retry
from django.urls import reverse
from django.utils import timezone

from heatportal.mail import services
from heatportal.mail.models import Email
from heatportal.mail.services import Attachment, email_queue
from heatportal.mail.tasks import send_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queue(key="reset:1", to="petra@example.org", **kwargs):
    user = UserFactory.build(full_name="Petra Prins", email=to)
    return email_queue(
        key=key,
        to_email=to,
        to_name="Petra Prins",
        template="password_reset",
        context={"user": user, "uid": "MQ", "token": "abc-123"},
        **kwargs,
    )


def test_queueing_the_same_occasion_twice_stores_and_enqueues_one_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first, created = _queue()
        again, created_again = _queue()
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert Email.objects.count() == 1
    assert len(callbacks) == 1  # one send task, after commit


def test_message_is_rendered_in_dutch_with_text_and_html():
    email, _ = _queue()
    assert email.subject == "Nieuw wachtwoord instellen voor het Warmteportaal"
    assert "Beste Petra Prins" in email.body_text
    assert "/account/wachtwoord-instellen/MQ/abc-123/" in email.body_text
    assert "<html" in email.body_html


def test_send_task_delivers_over_real_smtp_with_html_and_attachment(smtp_server):
    email, _ = _queue(attachments=[Attachment("sessie.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")])
    assert send_email.apply(args=[email.pk]).get() == "sent"

    email.refresh_from_db()
    assert email.status == Email.Status.SENT and email.sent_at and email.attempts == 1
    [message] = smtp_server.messages
    assert message["To"] == "Petra Prins <petra@example.org>"
    assert message["Subject"] == email.subject
    parts = {part.get_content_type(): part for part in message.walk()}
    assert "text/html" in parts and "text/plain" in parts
    assert parts["text/calendar"].get_filename() == "sessie.ics"


def test_a_name_with_a_comma_is_quoted_in_the_address(smtp_server):
    email, _ = email_queue(
        key="comma",
        to_email="piet@example.org",
        to_name="Jansen, Piet",
        template="password_reset",
        context={"user": {}, "uid": "MQ", "token": "t"},
    )
    send_email.apply(args=[email.pk])
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert smtp_server.messages[0]["To"] == '"Jansen, Piet" <piet@example.org>'


def test_content_of_sensitive_messages_is_hidden_in_the_outbox(client, world):
    email, _ = _queue(sensitive=True)
    client.force_login(world.users["programme_admin"])
    page = client.get(reverse("mail:detail", args=[email.pk]))
    assert "abc-123" not in page.text  # the reset token
    assert "verborgen" in page.text
    assert client.get(reverse("mail:html", args=[email.pk])).status_code == 404


def test_a_second_run_of_the_task_does_not_send_again(smtp_server):
    email, _ = _queue()
    send_email.apply(args=[email.pk])
    assert send_email.apply(args=[email.pk]).get() == "skipped"
    assert len(smtp_server.messages) == 1


def test_temporary_failure_is_recorded_and_retried_until_the_limit(settings):
    settings.EMAIL_MAX_ATTEMPTS = 2
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    email, _ = _queue()

    with pytest.raises(Retry):
        send_email.apply(args=[email.pk], throw=True)
    email.refresh_from_db()
    assert email.status == Email.Status.QUEUED
    assert email.attempts == 1
    assert "Connection refused" in email.last_error

    send_email.apply(args=[email.pk])
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.attempts == 2


def test_permanent_refusal_fails_at_once(settings, smtp_server):
    from aiosmtpd.controller import Controller

    class Refuse:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 5.1.1 Mailbox unavailable"

    controller = Controller(Refuse(), hostname="127.0.0.1", port=smtp_server.port + 1)
    controller.start()
    try:
        settings.MAILERS["default"]["OPTIONS"]["port"] = smtp_server.port + 1
        email, _ = _queue()
        send_email.apply(args=[email.pk])
    finally:
        controller.stop()
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.attempts == 1
    assert "550" in email.last_error


def test_messages_stuck_in_sending_are_queued_again(django_capture_on_commit_callbacks):
    email, _ = _queue()
    stale = timezone.now() - timezone.timedelta(hours=1)
    Email.objects.filter(pk=email.pk).update(status=Email.Status.SENDING, updated_at=stale)
    fresh, _ = _queue(key="reset:2")
    Email.objects.filter(pk=fresh.pk).update(status=Email.Status.SENDING)

    with django_capture_on_commit_callbacks() as callbacks:
        requeued = services.email_requeue_stuck()
    assert requeued == [email.pk]
    assert Email.objects.get(pk=email.pk).status == Email.Status.QUEUED
    assert Email.objects.get(pk=fresh.pk).status == Email.Status.SENDING
    assert len(callbacks) == 1


def test_outbox_page_shows_the_failure_and_retry_queues_it_again(client, world, django_capture_on_commit_callbacks):
    email, _ = _queue()
    Email.objects.filter(pk=email.pk).update(status=Email.Status.FAILED, attempts=5, last_error="SMTP 451 busy")
    client.force_login(world.users["programme_admin"])

    page = client.get(reverse("mail:outbox"), {"status": "failed"})
    assert "SMTP 451 busy" in page.text

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("mail:retry", args=[email.pk]))
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 0)
    assert len(callbacks) == 1


def test_outbox_list_query_count_is_constant(client, world, django_assert_num_queries):
    for n in range(30):
        _queue(key=f"reset:{n}")
    client.force_login(world.users["programme_admin"])
    # session, user, roles, status counts (the page's count too), page
    with django_assert_num_queries(6):
        client.get(reverse("mail:outbox"))


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_a_queued_message(celery_on_redis, smtp_server):
    with celery_on_redis.app.connection_for_read() as connection:
        assert connection.transport.driver_type == "redis"  # not an in-memory stand-in
    email, _ = _queue()
    deadline = time.monotonic() + 20
    while not smtp_server.messages and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(smtp_server.messages) == 1
    email.refresh_from_db()
    assert email.status == Email.Status.SENT


@pytest.mark.parametrize(
    "error,expected",
    [
        ("SMTPRecipientsRefused: {'x@example.org': (550, b'5.1.1 mailbox unavailable')}", "geweigerd"),
        ("SMTPDataError: (451, b'try later')", "tijdelijk"),
        ("ConnectionRefusedError: [Errno 111] Connection refused", "niet bereikbaar"),
        ("gewist op verzoek", "gewist"),
    ],
)
def test_failure_reason_tells_the_sender_what_to_do(error, expected):
    assert expected in Email(last_error=error).failure_reason
