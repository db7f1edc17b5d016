import logging
import smtplib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import mailers
from django.db import InterfaceError, OperationalError

from heatportal.mail import services
from heatportal.mail.models import Email

log = logging.getLogger(__name__)

# The database went away (restart, failover, network): worth another try, like a 4xx from SMTP.
DATABASE_ERRORS = (OperationalError, InterfaceError)


def _is_temporary(exc: Exception) -> bool:
    """Worth another try? An SMTP reply says so itself (4xx yes, 5xx no); network trouble
    (refused, reset, timeout: all OSError, as are smtplib's own errors) may pass, as may an
    attempt cut short by its time limit; anything else, such as an address that cannot be
    encoded, will not."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    return isinstance(exc, OSError | SoftTimeLimitExceeded)


def _backoff(n: int) -> int:
    """Seconds before retry N (0-based): the SMTP base doubling, at most an hour."""
    return min(settings.EMAIL_RETRY_BASE_SECONDS * 2 ** min(n, 12), 3600)


def _close(connection) -> None:
    # The SMTP goodbye: after the server accepted the message nothing here may count as a failure.
    try:
        connection.close()
    except Exception as exc:  # noqa: BLE001
        log.info("closing the mail connection failed after delivery: %s", exc)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_email(self, email_id: int, delivered: bool = False) -> str:
    """Deliver one outbox row. Safe to run twice: only the attempt that claims the row sends it.

    Every database call is inside error handling: a database that cannot be reached means a
    retry with backoff, never a lost message or a lost attempt. DELIVERED is set on the retry that
    only has to record "sent" because the database failed just after the server accepted it.
    """
    if delivered:
        return _record_sent(self, email_id)
    try:
        email = services.email_claim(email_id=email_id, claim=self.request.id or "")
    except DATABASE_ERRORS as exc:
        log.warning("email %s: database unavailable at claim, will retry: %s", email_id, exc)
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    if email is None:
        return "skipped"
    connection = mailers.default
    try:
        connection.open()
        services.email_deliver(email=email, connection=connection)
    except Exception as exc:
        _close(connection)
        return _record_failure(self, email, exc)
    # Accepted by the server: nothing but recording it until the commit, then the SMTP goodbye.
    try:
        services.email_mark_sent(email_id=email_id)
    except DATABASE_ERRORS as exc:
        _close(connection)
        log.warning("email %s delivered, database unavailable to record it, will retry: %s", email_id, exc)
        raise self.retry(args=[email_id], kwargs={"delivered": True}, exc=exc, countdown=1) from exc
    _close(connection)
    return Email.Status.SENT


def _record_sent(task, email_id: int) -> str:
    try:
        services.email_mark_sent(email_id=email_id)
    except DATABASE_ERRORS as exc:
        # Short and steady: the longer "sent" waits, the likelier the sweep sends it again.
        raise task.retry(exc=exc, countdown=min(2**task.request.retries, 10)) from exc
    return Email.Status.SENT


def _record_failure(task, email: Email, exc: Exception) -> str:
    final = not _is_temporary(exc) or email.attempts >= settings.EMAIL_MAX_ATTEMPTS
    countdown = _backoff(email.attempts - 1)
    try:
        services.email_mark_error(email=email, error=f"{type(exc).__name__}: {exc}", final=final, retry_in=countdown)
    except DATABASE_ERRORS as db_exc:
        # Still in sending under this attempt's claim: the retry takes it up again without a new count.
        log.warning("email %s: delivery failed and database unavailable, will retry: %s", email.pk, db_exc)
        raise task.retry(exc=db_exc, countdown=_backoff(task.request.retries)) from db_exc
    log.warning(
        "email %s attempt %s failed (%s): %s", email.pk, email.attempts, "final" if final else "will retry", exc
    )
    if final:
        return Email.Status.FAILED
    raise task.retry(exc=exc, countdown=countdown) from exc


@shared_task
def requeue_stuck_emails() -> int:
    """Beat, every minute: what the broker or a dead worker lost goes to the broker again.
    Without a database there is nothing to sweep: the next run, a minute later, does it."""
    try:
        return len(services.email_requeue_stuck())
    except DATABASE_ERRORS as exc:
        log.warning("outbox sweep skipped, database unavailable: %s", exc)
        return 0
