import logging
import smtplib

from celery import shared_task
from django.conf import settings

from heatportal.mail import services
from heatportal.mail.models import Email

log = logging.getLogger(__name__)


def _is_temporary(exc: Exception) -> bool:
    """Worth another try? An SMTP reply says so itself (4xx yes, 5xx no); network trouble
    (refused, reset, timeout: all OSError, as are smtplib's own errors) may pass; anything else,
    such as an address that cannot be encoded, will not."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    return isinstance(exc, OSError)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_email(self, email_id: int) -> str:
    """Deliver one outbox row. Safe to run twice: only the worker that claims the row sends it."""
    email = services.email_claim(email_id=email_id)
    if email is None:
        return "skipped"
    try:
        services.email_deliver(email=email)
    except Exception as exc:
        final = not _is_temporary(exc) or email.attempts >= settings.EMAIL_MAX_ATTEMPTS
        services.email_mark_error(email=email, error=f"{type(exc).__name__}: {exc}", final=final)
        log.warning(
            "email %s attempt %s failed (%s): %s", email_id, email.attempts, "final" if final else "will retry", exc
        )
        if final:
            return Email.Status.FAILED
        countdown = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (email.attempts - 1)
        raise self.retry(exc=exc, countdown=countdown) from exc
    services.email_mark_sent(email=email)
    return Email.Status.SENT


@shared_task
def requeue_stuck_emails() -> int:
    return len(services.email_requeue_stuck())
