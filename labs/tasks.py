from celery import shared_task

from labs import services


@shared_task
def process_due() -> dict[str, int]:
    """Beat, every ten minutes: deadlines (go/no-go), expired offers, meeting reminders."""
    return services.labs_process_due()
