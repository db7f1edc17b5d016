"""How the sessions services queue a mail to an invitee (private to this package).

Every email goes through the outbox with a key naming the occasion and the invitation, so a
message goes out once per person and occasion however often beat or a retried task asks.
"""

from heatportal.mail.services import email_queue
from sessions.models import Invitation, Session
from sessions.services.answers import answer_url


def invitee_context(invitation: Invitation, session: Session) -> dict:
    """What every invitee mail template can use."""
    return {
        "session": session,
        "days": list(session.days.all()),
        "invitation": invitation,
        "contact": invitation.contact,
        "answer_url": answer_url(invitation),
        "session_url": session.get_absolute_url(),
    }


def invitee_mail_queue(
    invitation: Invitation, session: Session, occasion: str, template: str, attachments=(), batch: str = "", **extra
):
    """Queue TEMPLATE for the invitee under the key of OCCASION; returns email_queue's
    (email, created), created False when this person already had this message."""
    return email_queue(
        key=f"session:{session.pk}:{occasion}:{invitation.pk}",
        to_email=invitation.contact.email,
        to_name=invitation.contact.name,
        template=template,
        context={**invitee_context(invitation, session), **extra},
        attachments=list(attachments),
        batch=batch,
    )
