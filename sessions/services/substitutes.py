"""'Stuur een collega': an invitee hands their invitation to a colleague, who gets their own link.

The invitation itself moves (so the organiser's counts, seat mix and lists stay one row per place)
and its link version goes up, which voids every link signed before. The colleague answers afresh;
the person who sent them is told, and the organiser sees whom the colleague came in place of.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.services import Attachment, email_queue
from municipalities.models import Contact
from sessions.ical import session_ics
from sessions.models import Invitation, InvitationDay, Session, WorkshopPreference
from sessions.services._mail import invitee_mail_queue
from sessions.services.answers import answer_open
from sessions.services.invitations import contact_for_invitee


@transaction.atomic
def invitation_substitute(*, invitation: Invitation, name: str, email: str) -> Invitation:
    """Move INVITATION to the colleague NAME <EMAIL>. Raises ValidationError (nothing changed)
    when answering is closed, the address is the invitee's own, or the colleague is invited already."""
    invitation = Invitation.objects.select_for_update().select_related("session", "contact").get(pk=invitation.pk)
    session = invitation.session
    if not answer_open(invitation):
        raise ValidationError(_("De termijn om te reageren is voorbij; neem contact op met de organisator."))
    if email.strip().lower() == invitation.contact.email.lower():
        raise ValidationError(_("Dit is uw eigen e-mailadres. Vul het adres van uw collega in."), code="self")
    colleague = contact_for_invitee(name=name, email=email)
    if session.invitations.filter(contact=colleague).exists():
        raise ValidationError(_("Deze collega is al uitgenodigd voor deze sessie."), code="invited")
    _organisation_of(colleague, invitation.contact)
    previous = invitation.contact
    _move(invitation, colleague)
    session = Session.objects.select_related("organiser_province", "created_by").get(pk=session.pk)
    _tell_colleague(invitation, session, previous)
    _tell_previous(invitation, session, previous)
    audit_record(
        Action.INVITATION_SUBSTITUTED,
        actor=None,
        obj=session,
        summary=_("Uitnodiging doorgegeven aan een collega"),
        changes={"invitation": invitation.pk},
    )
    return invitation


def _organisation_of(colleague: Contact, previous: Contact) -> None:
    """A colleague new to the register works where the invitee does: their organisation counts
    for the same seat at the table."""
    if colleague.organisation_id is None and previous.organisation_id is not None:
        colleague.organisation_id = previous.organisation_id
        colleague.save(update_fields=["organisation"])


def _move(invitation: Invitation, colleague: Contact) -> None:
    """The invitation is the colleague's now, unanswered; the first invitee stays on record."""
    invitation.replaced_contact_id = invitation.replaced_contact_id or invitation.contact_id
    invitation.contact = colleague
    invitation.replaced_at = timezone.now()
    invitation.link_version += 1
    invitation.answer, invitation.answered_at = Invitation.Answer.PENDING, None
    invitation.workshop, invitation.lottery_position = None, None
    invitation.save(
        update_fields=[
            "contact",
            "replaced_contact",
            "replaced_at",
            "link_version",
            "answer",
            "answered_at",
            "workshop",
            "lottery_position",
        ]
    )
    WorkshopPreference.objects.filter(invitation=invitation).delete()
    InvitationDay.objects.filter(invitation=invitation).delete()
    invitation.places.clear()


def _tell_colleague(invitation: Invitation, session: Session, previous: Contact) -> None:
    """The colleague's own invitation, with the link that works now; the row's delivery state
    becomes theirs."""
    attachments = [Attachment("sessie.ics", session_ics(session=session))] if session.days.all() else []
    email, _created = invitee_mail_queue(
        invitation,
        session,
        f"substitute-{invitation.link_version}",
        "sessions_substitute",
        attachments,
        previous=previous,
        workshops=list(session.workshops.all()),
    )
    Invitation.objects.filter(pk=invitation.pk).update(email=email)
    invitation.email = email


def _tell_previous(invitation: Invitation, session: Session, previous: Contact) -> None:
    # Not the invitee context: its link is the colleague's now, and must not reach the sender.
    contact_name, contact_email = session.contact
    context = {
        "session": session,
        "days": list(session.days.all()),
        "contact": previous,
        "colleague": invitation.contact,
        "contact_name": contact_name,
        "contact_email": contact_email,
    }
    # The session leaves their calendar: the invitation (and maybe their confirmation) put it there.
    days = context["days"]
    cancel = [Attachment("sessie.ics", session_ics(session=session, days=days, method="CANCEL"))] if days else []
    email_queue(
        key=f"session:{session.pk}:substituted-{invitation.link_version}:{invitation.pk}",
        to_email=previous.email,
        to_name=previous.name,
        template="sessions_substituted",
        context=context,
        attachments=cancel,
        reply_to=session.contact,
    )
