"""Sign-up requests for invitation-only sessions: asking to take part, and staff deciding."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.services import email_queue
from sessions.models import Invitation, Session, SignupRequest
from sessions.services._mail import invitee_context
from sessions.services.answers import answer_url
from sessions.services.invitations import contact_for_invitee, invitations_add
from sessions.services.sending import invitations_send


# An anonymous form: nothing it stores goes into the stakeholder register before staff approve,
# and what it shows never says whether an address is known (the page is the same in every case).
@transaction.atomic
def signup_request_create(
    *, session: Session, name: str, email: str, organisation_name: str = "", motivation: str = ""
) -> SignupRequest | None:
    """Store a request, or update the pending one of the same address (asking twice is one
    request). An address already invited gets a kind email with its answer link instead, and
    no request: None."""
    email = email.strip().lower()
    invitation = session.invitations.filter(contact__email__iexact=email).select_related("contact").first()
    if invitation is not None:
        _already_invited_notice(invitation=invitation, session=session)
        return None
    values = {"name": name, "organisation_name": organisation_name, "motivation": motivation}
    pending = SignupRequest.objects.select_for_update().filter(
        session=session, email__iexact=email, status=SignupRequest.Status.PENDING
    )
    signup = pending.first()
    if signup is None:
        try:
            with transaction.atomic():
                return SignupRequest.objects.create(session=session, email=email, **values)
        except IntegrityError:  # the same address sent at the same moment: merge into that one
            signup = pending.get()
    for field, value in values.items():
        setattr(signup, field, value)
    signup.save(update_fields=list(values))
    return signup


def _already_invited_notice(*, invitation: Invitation, session: Session) -> None:
    """Once a day at most, so the form cannot be used to flood an invitee's mailbox."""
    email_queue(
        key=f"session:{session.pk}:already-invited:{invitation.pk}:{timezone.localdate():%Y%m%d}",
        to_email=invitation.contact.email,
        to_name=invitation.contact.name,
        template="sessions_already_invited",
        context={
            **invitee_context(invitation, session),
            # The link only once staff sent the invitation: until then they may still change the list.
            "answer_url": answer_url(invitation) if invitation.email_id else "",
        },
        reply_to=session.contact,
    )


@transaction.atomic
def signup_request_decide(*, signup: SignupRequest, approve: bool, user=None) -> SignupRequest:
    """Approval puts the person in the register and invites them (the invitation goes out
    through Celery); rejection tells them and leaves the register untouched."""
    signup = SignupRequest.objects.select_for_update().select_related("session").get(pk=signup.pk)
    if signup.status != SignupRequest.Status.PENDING:
        return signup
    signup.status = SignupRequest.Status.APPROVED if approve else SignupRequest.Status.REJECTED
    signup.decided_by, signup.decided_at = user, timezone.now()
    fields = ["status", "decided_by", "decided_at"]
    if approve:
        signup.contact = contact_for_invitee(name=signup.name, email=signup.email)
        fields.append("contact")
    signup.save(update_fields=fields)
    if approve:
        invitations_add(session=signup.session, contacts=[signup.contact], user=user)
        invitations_send(session=signup.session)
    else:
        email_queue(
            key=f"session:{signup.session_id}:request-rejected:{signup.pk}",
            to_email=signup.email,
            to_name=signup.name,
            template="sessions_request_rejected",
            context={"session": signup.session, "contact": {"name": signup.name}},
            reply_to=signup.session.contact,
        )
    audit_record(
        Action.SIGNUP_DECIDED,
        actor=user,
        obj=signup.session,
        summary=signup.get_status_display(),
        changes={"status": signup.status},
    )
    return signup
