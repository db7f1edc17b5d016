"""Sending the invitations of a session.

Sending only marks invitations as requested; a Celery task queues the mails after commit, and
beat re-queues what a lost task left behind (invitations_queue_lost).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.services import Attachment
from heatportal.tasks import enqueue_on_commit
from sessions.ical import session_ics
from sessions.models import Invitation, Session
from sessions.services._mail import invitee_email, invitee_mails_queue


def invitation_batch(session: Session) -> str:
    return f"session-{session.pk}-invitations"


@transaction.atomic
def invitations_send(*, session: Session) -> int:
    """Mark the unsent invitations of SESSION as requested and hand them to Celery after commit;
    the web request sends nothing. Returns how many are waiting to be queued."""
    from sessions.tasks import queue_invitations

    # Walk-ins came in at the door: no invitation goes to them.
    unsent = session.invitations.filter(email__isnull=True, walk_in=False)
    unsent.filter(send_requested_at__isnull=True).update(send_requested_at=timezone.now())
    count = unsent.count()
    if count:
        enqueue_on_commit(queue_invitations, session.pk)
        audit_record(Action.INVITATIONS_SENT, obj=session, summary=str(count), changes={"count": count})
    return count


# Invitations queued per transaction: each chunk is in the outbox (and its messages with the
# broker) when it commits, so delivery starts while the rest is still being rendered.
QUEUE_CHUNK = 200


def invitations_queue_emails(*, session_id: int) -> int:
    """Queue the invitation email of every requested invitation not yet queued (Celery task body).

    A few queries per chunk of QUEUE_CHUNK, whatever its size: the session with its days,
    workshops and programme once (handed to the templates, which query nothing), then per chunk the
    invitations with their contacts, the outbox keys already there, one insert, their ids, and
    one update linking each invitation to its message. Each chunk commits on its own, so a run
    cut short leaves no invitation half queued and a rerun (retry, sweep) carries on."""
    session = (
        Session.objects.select_related("organiser_province", "created_by")
        .prefetch_related("days", "workshops", "programme")
        .get(pk=session_id)
    )
    if session.status == Session.Status.CANCELLED:
        return 0
    attachments = [Attachment("sessie.ics", session_ics(session=session))] if session.days.all() else []
    workshops, batch = list(session.workshops.all()), invitation_batch(session)
    requested = session.invitations.filter(email__isnull=True, send_requested_at__isnull=False)
    requested = requested.select_related("contact").order_by("pk")
    queued, after = 0, 0
    while chunk := list(requested.filter(pk__gt=after)[:QUEUE_CHUNK]):
        with transaction.atomic():
            invitee_mails_queue(
                chunk, session, "invitation", "sessions_invitation", attachments, batch, workshops=workshops
            )
            linked = Invitation.objects.filter(pk__in=[invitation.pk for invitation in chunk])
            linked.update(email=invitee_email(session, "invitation"))
        queued += len(chunk)
        after = chunk[-1].pk
    return queued


def invitations_queue_lost() -> int:
    """Queue the invitations whose queueing task was lost (broker down when they were sent, Redis
    restart, dead worker): requested over INVITATIONS_LOST_AFTER_SECONDS ago and still not in the
    outbox. Beat runs this every minute; a batch still being queued is safe to run alongside."""
    from django.conf import settings

    stale = timezone.now() - dt.timedelta(seconds=settings.INVITATIONS_LOST_AFTER_SECONDS)
    lost = Invitation.objects.filter(email__isnull=True, send_requested_at__lt=stale).exclude(
        session__status=Session.Status.CANCELLED
    )
    return sum(
        invitations_queue_emails(session_id=session_id)
        for session_id in sorted(set(lost.values_list("session_id", flat=True)))
    )
