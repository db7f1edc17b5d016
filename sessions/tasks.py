"""Celery entry points of the sessions app: thin wrappers around services."""

from celery import shared_task

from sessions import services


@shared_task(acks_late=True)
def queue_invitations(session_id: int) -> int:
    """Queue the invitation emails of a session (the outbox task delivers each one)."""
    return services.invitations_queue_emails(session_id=session_id)


@shared_task(name="sessions.tasks.send_due_messages")
def send_due_messages() -> dict[str, int]:
    """Beat, every 10 minutes: reminders, nudges, workshop allocation, thank-yous that are due."""
    return services.due_messages_send()
