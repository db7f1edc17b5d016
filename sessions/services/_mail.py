"""How the sessions services queue a mail to an invitee (private to this package).

Every email goes through the outbox with a key naming the occasion and the invitation, so a
message goes out once per person and occasion however often beat or a retried task asks.
"""

import logging
from types import SimpleNamespace

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from heatportal.mail.merge import MailMerge, placeholders
from heatportal.mail.models import Email
from heatportal.mail.services import Outgoing, email_queue, email_queue_many
from sessions.models import Invitation, Session
from sessions.services.answers import answer_url

log = logging.getLogger(__name__)


def invitee_context(invitation: Invitation, session: Session) -> dict:
    """What every invitee mail template can use."""
    contact_name, contact_email = session.contact
    return {
        "session": session,
        "days": list(session.days.all()),
        "invitation": invitation,
        "contact": invitation.contact,
        "answer_url": answer_url(invitation),
        "session_url": session.get_absolute_url(),
        # The link of a day that also meets in a room goes to those who said they come.
        "show_online": invitation.answer == Invitation.Answer.ACCEPTED,
        "contact_name": contact_name,
        "contact_email": contact_email,
    }


def _key(invitation: Invitation, session: Session, occasion: str) -> str:
    return f"session:{session.pk}:{occasion}:{invitation.pk}"


def invitee_email(session: Session, occasion: str) -> Subquery:
    """The id of the invitee's message for OCCASION, as a subquery on an Invitation queryset (to
    link many invitations to their messages in one UPDATE)."""
    key = Concat(Value(f"session:{session.pk}:{occasion}:"), Cast(OuterRef("pk"), CharField()))
    return Subquery(Email.objects.filter(key=key).values("pk")[:1])


def invitee_mail_queue(
    invitation: Invitation, session: Session, occasion: str, template: str, attachments=(), batch: str = "", **extra
):
    """Queue TEMPLATE for the invitee under the key of OCCASION; returns email_queue's
    (email, created), created False when this person already had this message."""
    return email_queue(
        key=_key(invitation, session, occasion),
        to_email=invitation.contact.email,
        to_name=invitation.contact.name,
        template=template,
        context={**invitee_context(invitation, session), **extra},
        attachments=list(attachments),
        batch=batch,
        reply_to=session.contact,
    )


def invitee_mails_queue(
    invitations: list[Invitation],
    session: Session,
    occasion: str,
    template: str,
    attachments=(),
    batch: str = "",
    **extra,
) -> dict[int, int]:
    """invitee_mail_queue for many invitees in a few queries (email_queue_many) and about two
    renderings (a mail merge over each invitee's name, address and answer link): {invitation pk:
    email id}. Pass the session with its days prefetched, each invitation with its contact, and
    what else the template shows in EXTRA, so rendering asks the database nothing (and its
    creator, who answers replies when it names no contact). A template
    that uses anything else of the invitee fails the merge's check and is rendered per invitee."""
    if not invitations:
        return {}
    first = invitations[0]
    person = placeholders(["name", "email", "answer_url"])
    stand_in = {
        "invitation": None,
        "contact": SimpleNamespace(name=person["name"], email=person["email"]),
        "answer_url": person["answer_url"],
    }
    full = {**invitee_context(first, session), **extra}
    merge = MailMerge(template=template, context={**full, **stand_in}, placeholders=person)
    merged = merge.matches(values=_own_strings(first), context=full)
    if not merged:
        log.warning("mail merge of %s does not match its full rendering: rendering each invitee", template)
    reply_to = session.contact
    messages = [
        Outgoing(
            key=_key(invitation, session, occasion),
            to_email=invitation.contact.email,
            to_name=invitation.contact.name,
            template=template,
            context={} if merged else {**invitee_context(invitation, session), **extra},
            rendered=merge.fill(_own_strings(invitation)) if merged else None,
            attachments=list(attachments),
            batch=batch,
            reply_to=reply_to,
        )
        for invitation in invitations
    ]
    ids = email_queue_many(messages=messages)
    return {invitation.pk: ids[_key(invitation, session, occasion)] for invitation in invitations}


def _own_strings(invitation: Invitation) -> dict[str, str]:
    return {"name": invitation.contact.name, "email": invitation.contact.email, "answer_url": answer_url(invitation)}
