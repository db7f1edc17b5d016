from celery import shared_task

from labs.services import decisions


@shared_task
def process_due() -> dict[str, int]:
    """Beat, every ten minutes: deadlines (go/no-go), expired offers, meeting reminders."""
    return decisions.labs_process_due()
