"""Celery entry points of the sessions app: thin wrappers around services."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from sessions.services import messages, scheduled, sending

log = logging.getLogger(__name__)


# Idempotent, so a retry (or the sweep running it as well) queues nothing twice: each invitation
# is queued under its own outbox key and linked to its message in one transaction.
@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError, BrokerError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=False,
    max_retries=10,
)
def queue_invitations(session_id: int) -> int:
    """Queue the invitation emails of a session (the outbox task delivers each one)."""
    return sending.invitations_queue_emails(session_id=session_id)


@shared_task(name="sessions.tasks.queue_lost_invitations")
def queue_lost_invitations() -> int:
    """Beat, every minute: invitations requested but never queued (a lost task) are queued now.
    Without a database the next run, a minute later, does it."""
    try:
        return sending.invitations_queue_lost()
    except (OperationalError, InterfaceError) as exc:
        log.warning("lost invitations sweep skipped, database unavailable: %s", exc)
        return 0


@shared_task(name="sessions.tasks.send_due_messages")
def send_due_messages() -> dict[str, int]:
    """Beat, every 10 minutes: reminders, nudges, workshop allocation, thank-yous that are due."""
    return scheduled.due_messages_send()


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError, BrokerError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=False,
    max_retries=10,
)
def queue_session_message(message_id: int) -> int:
    """Queue an organiser's message to its recipients (idempotent: one outbox key per copy)."""
    return messages.message_queue_emails(message_id=message_id)
