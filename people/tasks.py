"""Celery entry points of the people app (thin: the work is in services)."""

from celery import shared_task

from people.access_requests import access_reviews_send


@shared_task
def send_access_reviews() -> int:
    """Daily from beat: in ACCESS_REVIEW_MONTH, each approver's yearly access review, once."""
    return access_reviews_send()
