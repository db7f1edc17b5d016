"""Writes to the outbox. Callers queue; a Celery task delivers after the transaction commits."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from heatportal.mail.models import Email


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

    transaction.on_commit(lambda: send_email.delay(email_id))


@transaction.atomic
def email_retry(*, email: Email) -> Email:
    """Put a failed message back in the queue (administrator's "opnieuw proberen")."""
    updated = Email.objects.filter(pk=email.pk, status=Email.Status.FAILED).update(
        status=Email.Status.QUEUED, attempts=0, updated_at=timezone.now()
    )
    if updated:
        _enqueue(email.pk)
    email.refresh_from_db()
    return email


def email_claim(*, email_id: int) -> Email | None:
    """Move a queued message to sending; None when another worker has it or it is done."""
    claimed = Email.objects.filter(pk=email_id, status=Email.Status.QUEUED).update(
        status=Email.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return Email.objects.get(pk=email_id) if claimed else None


def email_deliver(*, email: Email) -> None:
    """Hand the message to the configured mailer (SMTP in production). Raises on failure."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers={"X-Heatportal-Key": email.key},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


def email_mark_sent(*, email: Email) -> None:
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now()
    )


def email_mark_error(*, email: Email, error: str, final: bool) -> None:
    """Record a failed attempt: back to queued for the retry, or failed when out of attempts."""
    status = Email.Status.FAILED if final else Email.Status.QUEUED
    Email.objects.filter(pk=email.pk).update(status=status, last_error=error[:2000], updated_at=timezone.now())


def email_requeue_stuck(*, older_than_minutes: int = 15) -> list[int]:
    """Messages left in sending by a dead worker, or queued but lost by the broker, go again."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    stuck = Email.objects.filter(
        status__in=[Email.Status.SENDING, Email.Status.QUEUED], updated_at__lt=cutoff
    ).values_list("pk", flat=True)
    ids = list(stuck)
    Email.objects.filter(pk__in=ids, status=Email.Status.SENDING).update(
        status=Email.Status.QUEUED, updated_at=timezone.now()
    )
    for email_id in ids:
        _enqueue(email_id)
    return ids
