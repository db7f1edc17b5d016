"""Celery entry points of the progress app (thin: the work is in services)."""

from celery import shared_task

from progress.services import monthly_digests_send


@shared_task
def send_monthly_digests() -> int:
    """Hourly from beat: queues last month's digest for each coordinator once (outbox key)."""
    return monthly_digests_send()
