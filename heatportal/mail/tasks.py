"""Celery entry points of the outbox: deliver one row, deliver a batch over one connection, sweep.

Both delivery tasks run every row through heatportal.mail.delivery.attempt, so a row in a batch
keeps the guarantees of a row on its own: claimed by one attempt only, "sent" recorded before
the SMTP goodbye, its own attempts, backoff and Message-ID. They run on the `mail` queue
(CELERY_TASK_ROUTES), under EMAIL_RATE_LIMIT_PER_MINUTE when that is set.
"""

import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from heatportal.mail import delivery, services
from heatportal.mail.delivery import DATABASE_ERRORS, backoff
from heatportal.mail.models import Email
from heatportal.tasks import enqueue

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_email(self, email_id: int, delivered: bool = False) -> str:
    """Deliver one outbox row. Safe to run twice: only the attempt that claims the row sends it.

    Every database call is inside error handling: a database that cannot be reached means a
    retry with backoff, never a lost message or a lost attempt. DELIVERED is set on the retry that
    only has to record "sent" because the database failed just after the server accepted it.
    """
    try:
        with delivery.quick_commits():
            if delivered:
                delivery.record_sent(email_id)
                return Email.Status.SENT
            email = delivery.load([email_id]).get(email_id)
            with delivery.SmtpSession() as smtp:
                outcome = delivery.attempt(email=email, claim=self.request.id or "", smtp=smtp)
    except delivery.DatabaseDown as down:
        if down.delivered:
            # Short and steady: the longer "sent" waits, the likelier the sweep sends it again.
            countdown = min(2**self.request.retries, 10) if delivered else 1
            raise self.retry(args=[email_id], kwargs={"delivered": True}, exc=down, countdown=countdown) from down
        raise self.retry(exc=down, countdown=backoff(self.request.retries)) from down
    if outcome.status == delivery.RETRY:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_email_batch(self, email_ids: list[int], delivered: list[int] | None = None) -> dict[str, int]:
    """Deliver EMAIL_IDS in turn over one SMTP connection (reopened after an error).

    A row that fails for now is retried alone, as send_email with its backoff; the rest of the
    batch goes on. When the database fails, the batch retries from that row with backoff: rows
    already sent are skipped by their claim, a row this attempt had claimed is taken up again
    under the same task id, and a row the server accepted but could not be recorded (DELIVERED)
    is only recorded. No row is claimed after EMAIL_IN_FLIGHT_SECONDS / 4: what is left goes to
    a new batch, so no row can be in sending when the time limit ends the task.
    """
    with delivery.quick_commits():
        try:
            for email_id in delivered or ():
                delivery.record_sent(email_id)
            emails = delivery.load(email_ids)
        except delivery.DatabaseDown as down:
            countdown = min(2**self.request.retries, 10) if delivered else backoff(self.request.retries)
            raise self.retry(args=[email_ids], kwargs={"delivered": delivered}, exc=down, countdown=countdown) from down
        return _deliver(self, email_ids, emails)


def _deliver(task, email_ids: list[int], emails: dict[int, Email]) -> dict[str, int]:
    counts: dict[str, int] = {}
    deadline = time.monotonic() + settings.EMAIL_IN_FLIGHT_SECONDS // 4
    claimed = False  # the row at hand was claimed along with the previous one's "sent"
    with delivery.SmtpSession() as smtp:
        for index, email_id in enumerate(email_ids):
            if time.monotonic() > deadline and not claimed:
                enqueue(send_email_batch, email_ids[index:])
                break
            later = email_ids[index + 1 : index + 2] if time.monotonic() <= deadline else []
            following = emails.get(later[0]) if later else None
            email, claim = emails.get(email_id), task.request.id or ""
            try:
                outcome = delivery.attempt(email=email, claim=claim, smtp=smtp, claimed=claimed, following=following)
            except delivery.DatabaseDown as down:
                rest = email_ids[index + 1 :] if down.delivered else email_ids[index:]
                again = {"delivered": [email_id] if down.delivered else []}
                countdown = 1 if down.delivered else backoff(task.request.retries)
                raise task.retry(args=[rest], kwargs=again, exc=down, countdown=countdown) from down
            except SoftTimeLimitExceeded:
                # Between rows (a row's own send records it as a failure): the rest in a new batch.
                if email_ids[index + 1 :]:
                    enqueue(send_email_batch, email_ids[index + 1 :])
                raise
            claimed = outcome.next_claimed
            if outcome.status == delivery.RETRY:
                enqueue(send_email, email_id, countdown=outcome.retry_in)
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


@shared_task
def requeue_stuck_emails() -> int:
    """Beat, every minute: what the broker or a dead worker lost goes to the broker again.
    Without a database there is nothing to sweep: the next run, a minute later, does it."""
    try:
        return len(services.email_requeue_stuck())
    except DATABASE_ERRORS as exc:
        log.warning("outbox sweep skipped, database unavailable: %s", exc)
        return 0
