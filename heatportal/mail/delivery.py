"""One delivery attempt per outbox row, over an SMTP connection that a run of rows shares.

Each row keeps its own state whatever run it is in: it is claimed (queued -> sending) just
before it goes out, recorded sent straight after the server accepted it, while the connection is
still open, and a failure is recorded on that row alone. So a batch that dies halfway leaves at
most the one row in flight in sending, which the sweep hands out again with its own Message-ID.
"""

import logging
import smtplib
from collections.abc import Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import mailers
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.transaction import TransactionManagementError

from heatportal.mail import services
from heatportal.mail.models import Email

log = logging.getLogger(__name__)

# The database went away (restart, failover, network): worth another try, like a 4xx from SMTP.
DATABASE_ERRORS = (OperationalError, InterfaceError)

RETRY = "retry"
SKIPPED = "skipped"


class DatabaseDown(Exception):
    """The database failed during an attempt. DELIVERED: the server already has the message and
    only "sent" is left to record; otherwise the row is queued, or in sending under this claim."""

    def __init__(self, cause: Exception, *, delivered: bool = False):
        super().__init__(str(cause))
        self.delivered = delivered


@dataclass(frozen=True)
class Outcome:
    status: str  # sent, failed, skipped, or retry (in RETRY_IN seconds, queued until then)
    retry_in: int = 0
    next_claimed: bool = False  # the following message was claimed along with "sent"


def is_temporary(exc: Exception) -> bool:
    """Worth another try? An SMTP reply says so itself (4xx yes, 5xx no); network trouble
    (refused, reset, timeout: all OSError, as are smtplib's own errors) may pass, as may an
    attempt cut short by its time limit; anything else, such as an address that cannot be
    encoded, will not."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    return isinstance(exc, OSError | SoftTimeLimitExceeded)


def backoff(n: int) -> int:
    """Seconds before retry N (0-based): the SMTP base doubling, at most an hour."""
    return min(settings.EMAIL_RETRY_BASE_SECONDS * 2 ** min(n, 12), 3600)


class SmtpSession:
    """The default mailer's connection, opened when the first message needs it and again after
    an error (a refused or failed message may leave the SMTP dialogue in any state)."""

    def __init__(self):
        self._backend = None

    def send(self, email: Email) -> None:
        if self._backend is None:
            backend = mailers.default
            backend.open()
            self._backend = backend
        services.email_deliver(email=email, connection=self._backend)

    def close(self) -> None:
        # The SMTP goodbye: after the server accepted a message nothing here may count as a failure.
        backend, self._backend = self._backend, None
        if backend is None:
            return
        try:
            backend.close()
        except Exception as exc:  # noqa: BLE001
            log.info("closing the mail connection failed after delivery: %s", exc)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def load(email_ids: Sequence[int]) -> dict[int, Email]:
    """The rows of a run in one query, by id. What goes out (recipient, subject, bodies,
    Message-ID) never changes once queued; the state each row is in is the claim's business."""
    try:
        return Email.objects.in_bulk(list(email_ids))
    except DATABASE_ERRORS as exc:
        log.warning("emails %s: database unavailable, will retry: %s", list(email_ids)[:5], exc)
        raise DatabaseDown(exc) from exc


@contextmanager
def quick_commits():
    """A run's state changes (claimed, sent, failed) commit without waiting for PostgreSQL to
    flush them to disk: a few milliseconds each on a busy disk, the most a message costs here.
    Only a crash of the database server itself can lose the last fraction of a second of them,
    and a row whose "sent" was lost goes out again with its own Message-ID, as after a worker
    that died between the server's acceptance and "sent". Other processes see each commit at
    once, so two attempts still cannot claim the same row."""
    relaxed = connection.vendor == "postgresql"
    if relaxed:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")
        except DATABASE_ERRORS:
            relaxed = False  # the run's first query meets the same trouble and says so
    try:
        yield
    finally:
        if relaxed:
            # A broken connection or transaction has nothing left to reset.
            with suppress(DatabaseError, TransactionManagementError), connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def attempt(
    *, email: Email | None, claim: str, smtp: SmtpSession, claimed: bool = False, following: Email | None = None
) -> Outcome:
    """Claim EMAIL (loaded by load()) for the attempt CLAIM unless CLAIMED already, send it,
    record the result, and with FOLLOWING claim that one in the same statement as "sent".
    Raises DatabaseDown when a database call failed; every other failure is recorded on the row."""
    if email is None:  # erased since it was handed out
        return Outcome(SKIPPED)
    try:
        claimed = claimed or services.email_claim(email_id=email.pk, claim=claim)
    except DATABASE_ERRORS as exc:
        log.warning("email %s: database unavailable at claim, will retry: %s", email.pk, exc)
        raise DatabaseDown(exc) from exc
    if not claimed:
        return Outcome(SKIPPED)
    try:
        smtp.send(email)
    except Exception as exc:
        smtp.close()
        return _record_failure(email, claim, exc)
    # Accepted by the server: nothing but recording it, before the SMTP goodbye.
    then_claim = following.pk if following is not None else None
    try:
        next_claimed = services.email_mark_sent(email_id=email.pk, then_claim=then_claim, claim=claim)
    except DATABASE_ERRORS as exc:
        smtp.close()
        log.warning("email %s delivered, database unavailable to record it, will retry: %s", email.pk, exc)
        raise DatabaseDown(exc, delivered=True) from exc
    return Outcome(Email.Status.SENT, next_claimed=next_claimed)


def _record_failure(email: Email, claim: str, exc: Exception) -> Outcome:
    try:
        # The count as claimed: the row was loaded before the claim.
        attempts = Email.objects.filter(pk=email.pk).values_list("attempts", flat=True).first()
        if attempts is None:  # erased meanwhile: nothing left to retry
            return Outcome(SKIPPED)
        email.attempts, email.claimed_by = attempts, claim
        final = not is_temporary(exc) or attempts >= settings.EMAIL_MAX_ATTEMPTS
        retry_in = backoff(attempts - 1)
        services.email_mark_error(email=email, error=f"{type(exc).__name__}: {exc}", final=final, retry_in=retry_in)
    except DATABASE_ERRORS as db_exc:
        # Still in sending under this attempt's claim: the retry takes it up again without a new count.
        log.warning("email %s: delivery failed and database unavailable, will retry: %s", email.pk, db_exc)
        raise DatabaseDown(db_exc) from db_exc
    log.warning("email %s attempt %s failed (%s): %s", email.pk, attempts, "final" if final else "will retry", exc)
    return Outcome(Email.Status.FAILED) if final else Outcome(RETRY, retry_in)


def record_sent(email_id: int) -> None:
    """Record a delivery whose "sent" the database could not take at the time (raises DatabaseDown)."""
    try:
        services.email_mark_sent(email_id=email_id)
    except DATABASE_ERRORS as exc:
        raise DatabaseDown(exc, delivered=True) from exc
