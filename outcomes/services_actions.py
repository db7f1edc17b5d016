"""Writes of an agreed action's status and of its signed link (beside outcomes/services.py, which
records and edits the rows themselves).

Who may call them: action_status_set with a USER checks `outcomes.change_outcome` itself; without
one, the caller is the signed-link page, which has checked the token (outcomes.tokens). The link
goes to the owner's contact through the outbox, once per link_key: a retry queues nothing new.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.models import Email
from heatportal.mail.services import email_queue
from outcomes.models import AgreedAction
from outcomes.models import _new_action_key as new_action_key
from outcomes.tokens import action_url, link_expires_on, link_version

STATUS_FIELDS = ["status", "status_note", "status_changed_at", "status_changed_by", "status_changed_by_name"]


@transaction.atomic
def action_status_set(
    *, action: AgreedAction, status: str, note: str, user=None, contact_name: str = ""
) -> AgreedAction:
    """Set ACTION's STATUS and NOTE, by USER or (through the signed link) by CONTACT_NAME. The
    same status and note again changes nothing: no save, no history row, no audit row."""
    if user is not None and not user.has_perm("outcomes.change_outcome", action):
        raise PermissionDenied
    if status not in AgreedAction.Status.values:
        raise ValidationError(_("Kies een geldige status."), code="invalid_status")
    name = (contact_name or (user.get_full_name() if user is not None else "")).strip()
    if not name:
        raise ValidationError(_("Vul uw naam in."), code="no_name")
    stored = AgreedAction.objects.select_for_update().select_related("session", "municipality").get(pk=action.pk)
    note = note.strip()
    if stored.status == status and stored.status_note == note:
        return stored
    # The note's text stays on the action (and its history), where the shredder can reach it: the
    # audit log, kept for years and never scrubbed, says only that it changed.
    changes = {"status": [stored.status, status], "note_changed": stored.status_note != note}
    if user is None:
        # The contact, who has no account: named by the register's id, never by name (the audit
        # log outlives an erasure; the name stays on the action, where the shredder finds it).
        changes["contact"] = stored.owner_contact_id
    stored.status, stored.status_note = status, note
    stored.status_changed_at = timezone.now()
    stored.status_changed_by = user
    stored.status_changed_by_name = name[:150]
    stored._history_user = user
    stored.save(update_fields=[*STATUS_FIELDS, "updated_at"])
    audit_record(
        Action.ACTION_STATUS_CHANGED,
        actor=user,
        obj=stored,
        summary=f"{stored.session}: {stored.municipality}: {stored.get_status_display()}",
        changes=changes,
    )
    return stored


def action_link_send(*, action: AgreedAction) -> Email | None:
    """Queue the signed link for ACTION's owner contact (none without a contact with an address).
    The key names the action and its link_key's version, never the token: sending the same
    link twice is a no-op, a renewed link_key is a new occasion."""
    contact = action.owner_contact
    if contact is None or not contact.email:
        return None
    email, _created = email_queue(
        key=f"outcomes-action-link:{action.pk}:{link_version(action)}",
        to_email=contact.email,
        to_name=contact.name,
        template="outcomes_action_link",
        context={
            "action": action,
            "contact_name": contact.name,
            "municipality": action.municipality,
            "session": action.session,
            "action_url": action_url(action),
            "expires_on": link_expires_on(),
        },
        # A working write link for whoever reads it: the outbox shows its body to nobody.
        sensitive=True,
        # A question about the action goes to whoever answers for the session, as with its invitations.
        reply_to=action.session.contact,
    )
    return email


@transaction.atomic
def action_link_renew(*, action: AgreedAction, user) -> Email:
    """A new link_key for ACTION (every link sent before stops working) and the new link mailed
    to its owner contact ("Stuur de link opnieuw")."""
    if not user.has_perm("outcomes.change_outcome", action):
        raise PermissionDenied
    # Only the action's row is locked: the contact is a nullable join, which FOR UPDATE refuses.
    stored = AgreedAction.objects.select_for_update(of=("self",)).select_related(
        "session", "municipality", "owner_contact"
    )
    stored = stored.get(pk=action.pk)
    if stored.owner_contact is None or not stored.owner_contact.email:
        raise ValidationError(_("Deze afspraak heeft geen contactpersoon met een e-mailadres."), code="no_contact")
    stored.link_key = new_action_key()
    stored._history_user = user
    stored.save(update_fields=["link_key", "updated_at"])
    audit_record(
        Action.OUTCOME_CHANGED,
        actor=user,
        obj=stored,
        summary=f"{stored.session}: {stored.municipality}: {_('link voor de contactpersoon vernieuwd')}",
        changes={"link": "renewed", "contact": stored.owner_contact_id},
    )
    return action_link_send(action=stored)
