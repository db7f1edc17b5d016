"""What an organiser does to one invitee: send their invitation again, or take them off the list
(telling them, with a calendar cancellation, when they had been invited already)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.services import Attachment, email_queue
from sessions.ical import session_ics
from sessions.models import Invitation, Session
from sessions.services._mail import invitee_mail_queue


@transaction.atomic
def invitation_resend(*, invitation: Invitation, user) -> Invitation:
    """The invitation once more, as a new message with the current link; the row's delivery state
    becomes this message's. Only for an invitation sent before, of a session still ahead."""
    invitation = Invitation.objects.select_for_update().select_related("contact").get(pk=invitation.pk)
    session = Session.objects.select_related("organiser_province", "created_by").get(pk=invitation.session_id)
    if not session.is_open:
        raise ValidationError(_("Deze sessie is geannuleerd of al gehouden."))
    if invitation.email_id is None:
        raise ValidationError(_("Deze uitnodiging is nog niet verstuurd; verstuur eerst de uitnodigingen."))
    attachments = [Attachment("sessie.ics", session_ics(session=session))] if session.days.all() else []
    occasion = f"resend-{timezone.now():%Y%m%d%H%M%S%f}"
    email, _created = invitee_mail_queue(
        invitation, session, occasion, "sessions_invitation", attachments, workshops=list(session.workshops.all())
    )
    invitation.email = email
    invitation.save(update_fields=["email"])
    audit_record(Action.INVITATION_RESENT, actor=user, obj=session, summary=invitation.contact.name)
    return invitation


@transaction.atomic
def invitation_remove(*, invitation: Invitation, user) -> bool:
    """Take INVITATION off the list. Who had received it is told, with a cancellation for their
    calendar; one never sent disappears quietly. Returns whether the person was told."""
    invitation = Invitation.objects.select_for_update().select_related("contact").get(pk=invitation.pk)
    session = Session.objects.select_related("organiser_province", "created_by").get(pk=invitation.session_id)
    told = invitation.email_id is not None and session.is_open
    if told:
        days = list(session.days.all())
        cancel = session_ics(session=session, days=days, method="CANCEL") if days else ""
        attachments = [Attachment("sessie.ics", cancel)] if days else []
        contact_name, contact_email = session.contact
        email_queue(
            key=f"session:{session.pk}:removed:{invitation.pk}",
            to_email=invitation.contact.email,
            to_name=invitation.contact.name,
            template="sessions_removed",
            context={
                "session": session,
                "contact": invitation.contact,
                "contact_name": contact_name,
                "contact_email": contact_email,
            },
            attachments=attachments,
            reply_to=session.contact,
        )
    name = invitation.contact.name
    invitation.delete()
    audit_record(Action.INVITATION_REMOVED, actor=user, obj=session, summary=name)
    return told
