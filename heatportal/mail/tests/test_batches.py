"""Batches: many rows over one SMTP connection, each keeping its own state, attempts and retries."""

import threading

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.core import mail

from heatportal.mail.models import Email
from heatportal.mail.services import Outgoing, email_queue_many
from heatportal.mail.tasks import send_email_batch
from tests.fixtures.servers import free_port

pytestmark = pytest.mark.django_db


class CountingSmtp:
    """aiosmtpd on loopback counting connections; REFUSE maps an address to the RCPT answers it
    gets, one per attempt (then 250)."""

    def __init__(self, refuse=None):
        self.connections, self.received, self.refuse = 0, [], {k: list(v) for k, v in (refuse or {}).items()}
        self._lock = threading.Lock()
        server = self

        class Counting(Controller):
            def factory(self):
                with server._lock:
                    server.connections += 1
                return SMTP(self.handler, **self.SMTP_kwargs)

        self.port = free_port()
        self._controller = Counting(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        answers = self.refuse.get(address)
        if answers:
            return answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self._lock:
            self.received.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


@pytest.fixture
def counting_smtp(settings):
    def start(refuse=None):
        server = CountingSmtp(refuse)
        server._controller.start()
        server.connections = 0  # start() connects once itself, to see the server is up
        started.append(server)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": server.port, "use_tls": False, "timeout": 5},
            }
        }
        return server

    started = []
    yield start
    for server in started:
        server._controller.stop()


def _queue(n: int, django_capture_on_commit_callbacks) -> list[int]:
    messages = [
        Outgoing(
            key=f"batch:{i}",
            to_email=f"ontvanger{i}@example.org",
            to_name=f"Ontvanger {i}",
            template="password_reset",
            context={"user": {}, "uid": "MQ", "token": "t"},
        )
        for i in range(n)
    ]
    with django_capture_on_commit_callbacks() as callbacks:  # hand-overs not run: the test sends
        ids = email_queue_many(messages=messages)
    assert len(callbacks) == 1  # one batch task for the lot
    return sorted(ids.values())


def test_a_batch_delivers_each_message_once_over_one_connection(counting_smtp, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    smtp = counting_smtp()
    ids = _queue(5, django_capture_on_commit_callbacks)

    with CaptureQueriesContext(connection) as queries:
        assert send_email_batch.apply(args=[ids]).get() == {"sent": 5}
    assert smtp.connections == 1
    # Quick commits on and off, the rows, the first claim; then one statement per message: its
    # "sent" together with the next one's claim.
    assert len(queries) == 4 + 5
    assert sorted(smtp.received) == sorted(f"ontvanger{i}@example.org" for i in range(5))
    assert set(Email.objects.values_list("status", "attempts")) == {(Email.Status.SENT, 1)}

    assert send_email_batch.apply(args=[ids]).get() == {"skipped": 5}  # a redelivered batch sends nothing
    assert len(smtp.received) == 5


def test_a_message_failing_for_now_is_retried_alone_and_the_batch_goes_on(
    counting_smtp, django_capture_on_commit_callbacks
):
    smtp = counting_smtp(refuse={"ontvanger1@example.org": ["451 4.2.1 Mailbox busy, try later"]})
    ids = _queue(3, django_capture_on_commit_callbacks)

    # Eager here: the retry, a send_email task of its own, runs as soon as it is handed out.
    assert send_email_batch.apply(args=[ids]).get() == {"sent": 2, "retry": 1}
    states = {e.to_email: (e.status, e.attempts) for e in Email.objects.all()}
    assert states == {
        "ontvanger0@example.org": (Email.Status.SENT, 1),
        "ontvanger1@example.org": (Email.Status.SENT, 2),
        "ontvanger2@example.org": (Email.Status.SENT, 1),
    }
    assert sorted(smtp.received) == [f"ontvanger{i}@example.org" for i in range(3)]  # each once
    # The batch's connection, the retry's own, and the batch's again after the error.
    assert smtp.connections == 3


def test_a_refused_address_fails_alone(counting_smtp, django_capture_on_commit_callbacks):
    smtp = counting_smtp(refuse={"ontvanger0@example.org": ["550 5.1.1 Mailbox unavailable"]})
    ids = _queue(3, django_capture_on_commit_callbacks)

    assert send_email_batch.apply(args=[ids]).get() == {"failed": 1, "sent": 2}
    refused = Email.objects.get(to_email="ontvanger0@example.org")
    assert (refused.status, refused.attempts) == (Email.Status.FAILED, 1)
    assert "550" in refused.last_error
    assert sorted(smtp.received) == ["ontvanger1@example.org", "ontvanger2@example.org"]


def test_a_database_error_mid_batch_retries_from_that_message_without_sending_twice(
    counting_smtp, django_capture_on_commit_callbacks
):
    from unittest import mock

    from django.db import OperationalError

    from heatportal.mail import services

    smtp = counting_smtp()
    ids = _queue(4, django_capture_on_commit_callbacks)
    real, calls = services.email_mark_sent, []

    def mark_sent(**kwargs):
        calls.append(kwargs["email_id"])
        if len(calls) == 2:  # the server has the second message; recording it fails once
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    with mock.patch.object(services, "email_mark_sent", side_effect=mark_sent):
        send_email_batch.apply(args=[ids])
    assert set(Email.objects.values_list("status", "attempts")) == {(Email.Status.SENT, 1)}
    assert sorted(smtp.received) == [f"ontvanger{i}@example.org" for i in range(4)]  # none twice
    assert calls == [ids[0], ids[1], ids[1], ids[2], ids[3]]  # the second recorded on the retry


def test_without_smtp_the_batch_hands_messages_to_the_mailer_in_use(django_capture_on_commit_callbacks):
    ids = _queue(3, django_capture_on_commit_callbacks)
    send_email_batch.apply(args=[ids])
    assert sorted(m.to[0] for m in mail.outbox) == [f"Ontvanger {i} <ontvanger{i}@example.org>" for i in range(3)]
