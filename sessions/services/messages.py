"""A message from the organiser to a chosen group of invitees: who is in the group, a preview, a
test copy to the organiser, and the sending itself (queued by Celery, progress from the outbox)."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.mail.services import email_queue, render_email, reply_to_person
from heatportal.tasks import enqueue_on_commit
from sessions.models import Invitation, Session, SessionMessage, Workshop
from sessions.services._mail import invitee_context, invitee_mails_queue

TEMPLATE = "sessions_message"
QUEUE_CHUNK = 200


def message_recipients(*, session: Session, audience: str, types=(), workshop: Workshop | None = None) -> QuerySet:
    """The invitees of SESSION who received the invitation, by answer (AUDIENCE), kind of
    organisation (TYPES, any when empty) and WORKSHOP (a place in it)."""
    rows = session.invitations.filter(Q(email__isnull=False) | Q(walk_in=True))
    if audience != SessionMessage.Audience.ALL:
        rows = rows.filter(answer=audience)
    if types:
        rows = rows.filter(contact__organisation__type__in=list(types))
    if workshop is not None:
        rows = rows.filter(Q(places=workshop) | Q(workshop=workshop)).distinct()
    return rows


def _preview_context(*, session: Session, subject: str, body: str) -> dict:
    """What the template gets for a preview or test copy: a stand-in invitee and no real link (a
    test copy must not carry someone's personal link)."""
    from municipalities.models import Contact

    stand_in = Invitation(
        session=session, contact=Contact(name=_("Naam van de genodigde"), email="genodigde@example.org")
    )
    return {
        **invitee_context(stand_in, session),
        "answer_url": _("[persoonlijke link van de genodigde]"),
        "subject": subject,
        "body": body,
    }


def message_preview(*, session: Session, subject: str, body: str) -> tuple[str, str, str]:
    """(subject, text, HTML) of the message as an invitee gets it, with a stand-in's name."""
    return render_email(template=TEMPLATE, context=_preview_context(session=session, subject=subject, body=body))


def message_test_send(*, session: Session, subject: str, body: str, user) -> None:
    """The message as an invitee gets it, to the organiser's own address."""
    email_queue(
        key=f"session:{session.pk}:message-test:{user.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        to_email=user.email,
        to_name=user.get_full_name(),
        template=TEMPLATE,
        # Marked, so the organiser's own inbox tells the test from the real thing.
        context=_preview_context(session=session, subject=_("[Test] %(subject)s") % {"subject": subject}, body=body),
        reply_to=reply_to_person(user),
    )


@transaction.atomic
def message_send(
    *, session: Session, audience: str, types, workshop: Workshop | None, subject: str, body: str, user
) -> SessionMessage:
    """Record the message and hand the queueing to Celery after commit."""
    from sessions.tasks import queue_session_message

    recipients = message_recipients(session=session, audience=audience, types=types, workshop=workshop)
    message = SessionMessage.objects.create(
        session=session,
        audience=audience,
        types=list(types),
        workshop=workshop,
        subject=subject,
        body=body,
        recipients=recipients.count(),
        created_by=user,
    )
    enqueue_on_commit(queue_session_message, message.pk)
    return message


def message_queue_emails(*, message_id: int) -> int:
    """Queue MESSAGE for each recipient, a chunk per transaction (Celery task body). Idempotent:
    each copy has its own outbox key, so a retry or a second run queues nothing twice."""
    message = SessionMessage.objects.select_related("workshop").get(pk=message_id)
    session = (
        Session.objects.select_related("organiser_province", "created_by")
        .prefetch_related("days")
        .get(pk=message.session_id)
    )
    rows = message_recipients(
        session=session, audience=message.audience, types=message.types, workshop=message.workshop
    )
    rows = rows.select_related("contact").order_by("pk")
    queued, after = 0, 0
    while chunk := list(rows.filter(pk__gt=after)[:QUEUE_CHUNK]):
        with transaction.atomic():
            invitee_mails_queue(
                chunk,
                session,
                f"message-{message.pk}",
                TEMPLATE,
                batch=message.batch,
                subject=message.subject,
                body=message.body,
            )
        queued += len(chunk)
        after = chunk[-1].pk
    return queued
