"""people's writes: portal invitations and ending roles (section 1); access requests and the
yearly access review (section 2, see people/access_requests.py)."""

import datetime as dt
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.rules import may_grant
from accounts.services import role_end, role_grant
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.services import email_queue, reply_to_person
from people.models import PortalInvitation

# --- Portal invitations and ending roles ---------------------------------------------------
# One purpose only: a token signed for anything else never opens an invitation.
INVITATION_SALT = "people.portal-invitation"


class InvitationError(Exception):
    """An invitation link that cannot be used (any more); MESSAGE is for the page."""

    def __init__(self, message: str, *, status: int = 410):
        super().__init__(message)
        self.message, self.status = message, status


def invitation_token(invitation: PortalInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> PortalInvitation:
    """The pending invitation TOKEN opens, or InvitationError saying why not."""
    max_age = dt.timedelta(days=settings.PORTAL_INVITATION_DAYS)
    try:
        data = signing.loads(token[:500], salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise InvitationError(
            _("Deze uitnodiging is verlopen. Vraag degene die u uitnodigde om een nieuwe uitnodiging.")
        ) from None
    except (signing.BadSignature, ValueError):
        raise InvitationError(
            _("Deze link is ongeldig. Controleer of u de hele link uit de e-mail gebruikt."), status=404
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("n"), str):
        raise InvitationError(_("Deze link is ongeldig."), status=404)
    invitation = (
        PortalInvitation.objects.select_related("province", "municipality", "res_region", "invited_by")
        .filter(pk=data["i"])
        .first()
    )
    if invitation is None:
        raise InvitationError(_("Deze uitnodiging bestaat niet meer."), status=404)
    if invitation.status == PortalInvitation.Status.ACCEPTED:
        raise InvitationError(_("Deze uitnodiging is al aanvaard. U kunt gewoon inloggen."))
    if invitation.status == PortalInvitation.Status.WITHDRAWN:
        raise InvitationError(_("Deze uitnodiging is ingetrokken."))
    if not data["n"] or not secrets.compare_digest(data["n"], invitation.nonce):
        raise InvitationError(
            _(
                "Deze link werkt niet meer: er is een nieuwere uitnodiging verstuurd. "
                "Gebruik de link uit de laatste e-mail."
            )
        )
    return invitation


def _scope_kwargs(kind: str, scope) -> dict:
    field = Role.SCOPE_FIELD[kind]
    return {field: scope} if field else {}


def _invitation_email_queue(invitation: PortalInvitation) -> None:
    existing = User.objects.filter(email__iexact=invitation.email).first()
    url = settings.SITE_URL + reverse("people:invitation_link", kwargs={"token": invitation_token(invitation)})
    email_queue(
        # Names the invitation and how often it was sent; never the token (the key is shown in
        # the outbox and sent as a header).
        key=f"people:invitation:{invitation.pk}:{invitation.send_count}",
        to_email=invitation.email,
        to_name=existing.full_name if existing else invitation.full_name,
        template="people_invitation_existing" if existing else "people_invitation",
        context={
            "invitation": invitation,
            "recipient_name": existing.full_name if existing else invitation.full_name,
            "invited_by": invitation.invited_by,
            "role_label": invitation.role_label(),
            "url": url,
            "expires_on": timezone.localdate() + dt.timedelta(days=settings.PORTAL_INVITATION_DAYS),
        },
        language=existing.language if existing else "nl",
        sensitive=True,
        reply_to=reply_to_person(invitation.invited_by),
    )


def pending_invitation_find(*, email: str, kind: str, scope) -> PortalInvitation | None:
    return PortalInvitation.objects.filter(
        email__iexact=email, kind=kind, status=PortalInvitation.Status.PENDING, **_scope_kwargs(kind, scope)
    ).first()


@transaction.atomic
def invitation_send(
    *, by, email: str, kind: str, scope=None, full_name: str = "", ends_on=None, message: str = ""
) -> tuple[PortalInvitation, bool]:
    """Invite EMAIL to the role KIND in SCOPE. A pending invitation for the same address and
    role is sent again instead of a second one. Returns (invitation, resent)."""
    if not may_grant(by, kind, scope):
        raise PermissionDenied
    email = User.objects.normalize_email(email.strip())
    if existing := pending_invitation_find(email=email, kind=kind, scope=scope):
        existing.full_name = full_name or existing.full_name
        existing.message, existing.ends_on = message, ends_on
        existing.save(update_fields=["full_name", "message", "ends_on"])
        return invitation_resend(invitation=existing, by=by), True
    account = User.objects.filter(email__iexact=email, is_active=True).first()
    now = timezone.now()
    invitation = PortalInvitation.objects.create(
        email=account.email if account else email,
        full_name=full_name,
        kind=kind,
        **_scope_kwargs(kind, scope),
        ends_on=ends_on,
        message=message,
        invited_by=by,
        nonce="" if account else secrets.token_urlsafe(16),
        sent_at=now,
        send_count=1,
        # An address that already has an account just gains the role: there is nothing to
        # accept and no link to send, so the invitation is decided at once (kept as a record).
        status=PortalInvitation.Status.ACCEPTED if account else PortalInvitation.Status.PENDING,
        decided_at=now if account else None,
        user=account,
    )
    audit_record(
        Action.PORTAL_INVITATION_SENT,
        actor=by,
        obj=invitation,
        summary=str(invitation),
        changes={
            "role": kind,
            "scope": str(scope or ""),
            "ends_on": str(ends_on or ""),
            "existing_account": bool(account),
        },
    )
    if account:
        role_grant(user=account, kind=kind, scope=scope, by=by, ends_on=ends_on)
        _role_granted_email_queue(invitation, account)
    else:
        _invitation_email_queue(invitation)
    return invitation, False


def _role_granted_email_queue(invitation: PortalInvitation, user) -> None:
    email_queue(
        key=f"people:invitation:{invitation.pk}:granted",
        to_email=user.email,
        to_name=user.full_name,
        template="people_invitation_granted",
        context={
            "invitation": invitation,
            "recipient_name": user.full_name,
            "invited_by": invitation.invited_by,
            "role_label": invitation.role_label(),
            "url": settings.SITE_URL + reverse("accounts:login"),
        },
        reply_to=reply_to_person(invitation.invited_by),
        language=user.language,
    )


@transaction.atomic
def invitation_resend(*, invitation: PortalInvitation, by) -> PortalInvitation:
    """Send INVITATION again with a new nonce: the link in every earlier email stops working."""
    invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != PortalInvitation.Status.PENDING:
        raise InvitationError("not pending", status=400)
    invitation.nonce = secrets.token_urlsafe(16)
    invitation.sent_at = timezone.now()
    invitation.send_count += 1
    invitation.save(update_fields=["nonce", "sent_at", "send_count"])
    audit_record(
        Action.PORTAL_INVITATION_RESENT,
        actor=by,
        obj=invitation,
        summary=str(invitation),
        changes={"send_count": invitation.send_count},
    )
    _invitation_email_queue(invitation)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: PortalInvitation, by) -> PortalInvitation:
    invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != PortalInvitation.Status.PENDING:
        raise InvitationError("not pending", status=400)
    invitation.status, invitation.nonce, invitation.decided_at = PortalInvitation.Status.WITHDRAWN, "", timezone.now()
    invitation.save(update_fields=["status", "nonce", "decided_at"])
    audit_record(Action.PORTAL_INVITATION_WITHDRAWN, actor=by, obj=invitation, summary=str(invitation), changes={})
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: PortalInvitation, user) -> Role:
    """USER takes the role INVITATION offers; only the account with the invited address may."""
    invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != PortalInvitation.Status.PENDING:
        raise InvitationError("not pending")
    if not user.is_authenticated or user.email.casefold() != invitation.email.casefold():
        raise PermissionDenied
    role = role_grant(
        user=user, kind=invitation.kind, scope=invitation.scope, by=invitation.invited_by, ends_on=invitation.ends_on
    )
    invitation.status, invitation.nonce = PortalInvitation.Status.ACCEPTED, ""
    invitation.decided_at, invitation.user = timezone.now(), user
    invitation.save(update_fields=["status", "nonce", "decided_at", "user"])
    audit_record(
        Action.PORTAL_INVITATION_ACCEPTED,
        actor=user,
        obj=invitation,
        summary=str(invitation),
        changes={"role": invitation.kind, "scope": str(invitation.scope or "")},
    )
    return role


@transaction.atomic
def invitation_accept_with_new_account(*, invitation: PortalInvitation, full_name: str, password: str):
    """Create the account for the invited address (none exists yet) and accept INVITATION with it."""
    # Locked first: two submits of the same form wait for each other, and the second finds
    # the invitation accepted instead of tripping over the unique address.
    invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != PortalInvitation.Status.PENDING:
        raise InvitationError(_("Deze uitnodiging is al aanvaard. U kunt gewoon inloggen."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise PermissionDenied
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def role_end_date_set(*, role: Role, by, ends_on=None) -> Role:
    """End ROLE on ENDS_ON (default today: at once). Moving an end date that lies in the future
    to another future date is a change (ROLE_CHANGED), not a second ending."""
    if role.user_id == by.pk or not may_grant(by, role.kind, role.scope):
        raise PermissionDenied
    today = timezone.localdate()
    ends_on = ends_on or today
    if ends_on > today and role.ends_on and role.ends_on > today:
        old = role.ends_on
        role.ends_on = ends_on
        role.save(update_fields=["ends_on"])
        audit_record(
            Action.ROLE_CHANGED,
            actor=by,
            obj=role.user,
            summary=str(role),
            changes={"ends_on": [str(old), str(ends_on)]},
        )
        role.user.__dict__.pop("role_list", None)
        return role
    return role_end(role=role, by=by, ends_on=ends_on)


# --- Access requests and access reviews ----------------------------------------------------
