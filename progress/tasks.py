"""Celery entry points of the progress app (thin: the work is in services)."""

from celery import shared_task

from progress.deadlines import deadlines_refresh
from progress.services import monthly_digests_send


@shared_task
def send_monthly_digests() -> int:
    """Hourly from beat: queues last month's digest for each coordinator once (outbox key)."""
    return monthly_digests_send()


@shared_task
def refresh_deadlines() -> int:
    """Daily from beat: every current municipality's deadlines in line with the rules (a merger's
    new municipality gets its rows); idempotent, returns how many rows changed."""
    return deadlines_refresh()
