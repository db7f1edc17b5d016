"""Writes to the outbox. Callers queue; a Celery task delivers after the transaction commits."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from heatportal.mail.models import Email
from heatportal.tasks import enqueue_on_commit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str = "text/calendar"


def render_email(*, template: str, context: dict, language: str = "nl") -> tuple[str, str, str]:
    """Subject, text and HTML of templates/emails/<template>_{subject.txt,body.txt,body.html}."""
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", ctx)
        text = render_to_string(f"emails/{template}_body.txt", ctx)
        html = render_to_string(f"emails/{template}_body.html", ctx)
    return " ".join(subject.split()), text.strip() + "\n", html


@transaction.atomic
def email_queue(
    *,
    key: str,
    to_email: str,
    to_name: str = "",
    template: str,
    context: dict,
    attachments: list[Attachment] = (),
    batch: str = "",
    language: str = "nl",
    sensitive: bool = False,
) -> tuple[Email, bool]:
    """Queue one message for the occasion KEY. Returns (email, created); an existing key is a no-op."""
    existing = Email.objects.filter(key=key).first()
    if existing:
        return existing, False
    subject, text, html = render_email(template=template, context=context, language=language)
    email, created = Email.objects.get_or_create(
        key=key,
        defaults={
            "to_email": to_email,
            "to_name": to_name,
            "subject": subject,
            "body_text": text,
            "body_html": html,
            "attachments": [a.__dict__ for a in attachments],
            "batch": batch,
            "sensitive": sensitive,
        },
    )
    if created:
        _enqueue(email.pk)
    return email, created


def _enqueue(email_id: int) -> None:
    from heatportal.mail.tasks import send_email

    enqueue_on_commit(send_email, email_id)


@transaction.atomic
def email_retry(*, email: Email) -> Email:
    """Put a failed message back in the queue (administrator's "opnieuw proberen")."""
    updated = Email.objects.filter(pk=email.pk, status=Email.Status.FAILED).update(
        status=Email.Status.QUEUED, attempts=0, retry_after=None, updated_at=timezone.now()
    )
    if updated:
        _enqueue(email.pk)
    email.refresh_from_db()
    return email


def email_claim(*, email_id: int, claim: str) -> Email | None:
    """Move a queued message to sending for the attempt CLAIM (its Celery task id); None when
    another worker has it or it is done. The same attempt may take it up again where a database
    error left it in sending, without counting a new attempt."""
    now = timezone.now()
    resumed = claim and Email.objects.filter(pk=email_id, status=Email.Status.SENDING, claimed_by=claim).update(
        updated_at=now
    )
    claimed = resumed or Email.objects.filter(pk=email_id, status=Email.Status.QUEUED).update(
        status=Email.Status.SENDING, claimed_by=claim, attempts=F("attempts") + 1, retry_after=None, updated_at=now
    )
    return Email.objects.get(pk=email_id) if claimed else None


def email_message(*, email: Email) -> EmailMultiAlternatives:
    """The message as it goes out, with the row's own Message-ID on every attempt."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers={"X-Heatportal-Key": email.key, "Message-ID": email.message_id},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def email_deliver(*, email: Email, connection=None) -> None:
    """Hand the message to the mailer (SMTP in production). Raises on failure.

    With CONNECTION (already open) the caller decides when to close it, so that "sent" can be
    recorded before the SMTP goodbye rather than after it."""
    message = email_message(email=email)
    if connection is None:
        message.send()
    else:
        connection.send_messages([message])


def email_mark_sent(*, email_id: int) -> None:
    """Record delivery. Unconditional: the server has the message, whatever the sweep did since."""
    now = timezone.now()
    Email.objects.filter(pk=email_id).update(
        status=Email.Status.SENT, sent_at=now, last_error="", retry_after=None, claimed_by="", updated_at=now
    )


def email_mark_error(*, email: Email, error: str, final: bool, retry_in: float = 0) -> None:
    """Record a failed attempt: back to queued for the retry in RETRY_IN seconds, or failed.
    Only while this attempt still holds the row: a slow attempt the sweep gave up on must not
    overwrite what the attempt that replaced it recorded (sent, say), or the sweep sends again."""
    now = timezone.now()
    Email.objects.filter(pk=email.pk, status=Email.Status.SENDING, claimed_by=email.claimed_by).update(
        status=Email.Status.FAILED if final else Email.Status.QUEUED,
        last_error=error[:2000],
        retry_after=None if final else now + timezone.timedelta(seconds=retry_in),
        claimed_by="",
        updated_at=now,
    )


def email_requeue_stuck(
    *, queued_after: int | None = None, in_flight_after: int | None = None, limit: int | None = None
) -> list[int]:
    """Hand the broker again what it or a worker lost, oldest first (beat, every minute):
    queued messages nobody picked up for QUEUED_AFTER seconds (a planned retry counts from its
    due time) and messages in sending for longer than IN_FLIGHT_AFTER seconds, whose worker died.

    Sending rows go back to queued, so the next attempt claims them as usual; one that died after
    the server accepted it goes out again with the same Message-ID. A queued row a live worker is
    about to claim is harmless to enqueue twice: only one claim succeeds. updated_at is left as it
    was, so the pages keep saying since when the message waits."""
    now = timezone.now()
    queued_cutoff = now - timezone.timedelta(seconds=queued_after or settings.EMAIL_SWEEP_QUEUED_SECONDS)
    sending_cutoff = now - timezone.timedelta(seconds=in_flight_after or settings.EMAIL_IN_FLIGHT_SECONDS)
    lost_queued = Q(status=Email.Status.QUEUED, updated_at__lt=queued_cutoff) & (
        Q(retry_after__isnull=True) | Q(retry_after__lt=queued_cutoff)
    )
    dead_sending = Q(status=Email.Status.SENDING, updated_at__lt=sending_cutoff)
    ids = list(
        Email.objects.filter(lost_queued | dead_sending)
        .order_by("updated_at", "pk")
        .values_list("pk", flat=True)[: limit or settings.EMAIL_SWEEP_BATCH]
    )
    Email.objects.filter(pk__in=ids, status=Email.Status.SENDING, updated_at__lt=sending_cutoff).update(
        status=Email.Status.QUEUED, claimed_by="", retry_after=None
    )
    for email_id in ids:
        _enqueue(email_id)
    if ids:
        log.warning("outbox sweep: %s message(s) handed to the broker again: %s", len(ids), ids[:20])
    return ids
