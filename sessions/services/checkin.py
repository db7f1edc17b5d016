"""Checking people in on the day: ticking who is there (per day), and walk-ins added at the door.

Present on any day makes the invitation attended (what the thank-you and the evaluation go by);
the attendance page after the session can still correct that for the whole session.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from municipalities.models import Organisation
from sessions.models import Invitation, InvitationDay, Session, SessionDay
from sessions.services.invitations import contact_for_invitee


def checkin_refusal(session: Session, day: SessionDay) -> str:
    """Why nobody can be checked in on DAY now, or "": from that day on, for a session that goes ahead."""
    if session.status == Session.Status.CANCELLED:
        return _("Deze sessie is geannuleerd.")
    if day.date > timezone.localdate():
        return _("Inchecken kan vanaf de dag zelf (%(date)s).") % {"date": date_format(day.date, "l j F Y")}
    return ""


def _attended_from_days(invitation_id: int) -> None:
    present = InvitationDay.objects.filter(invitation_id=invitation_id, present_at__isnull=False).exists()
    # Unticked on every day: back to "not recorded", not "absent" (nobody said they were away).
    Invitation.objects.filter(pk=invitation_id).update(attended=True if present else None)


@transaction.atomic
def checkin_mark(*, attendance: InvitationDay, present: bool, user) -> InvitationDay:
    """Tick (or untick) one person on one day. A second tap on a ticked row changes nothing."""
    row = InvitationDay.objects.select_for_update().select_related("day__session").get(pk=attendance.pk)
    refusal = checkin_refusal(row.day.session, row.day)
    if refusal:
        raise ValidationError(refusal)
    if present == (row.present_at is not None):
        return row
    row.present_at, row.checked_in_by = (timezone.now(), user) if present else (None, None)
    row.save(update_fields=["present_at", "checked_in_by"])
    _attended_from_days(row.invitation_id)
    return row


@transaction.atomic
def checkin_walk_in(
    *, session: Session, day: SessionDay, name: str, email: str, organisation: Organisation | None, user
) -> InvitationDay:
    """Someone at the door who was not on the list (or had not said they come): in the register,
    on the day's list, checked in. They get the thank-you and the evaluation like everyone present."""
    refusal = checkin_refusal(session, day)
    if refusal:
        raise ValidationError(refusal)
    contact = contact_for_invitee(name=name, email=email)
    if organisation is not None and contact.organisation_id is None:
        contact.organisation = organisation
        contact.save(update_fields=["organisation"])
    invitation, created = Invitation.objects.select_for_update().get_or_create(
        session=session, contact=contact, defaults={"walk_in": True, "invited_by": user}
    )
    if invitation.answer != Invitation.Answer.ACCEPTED:
        invitation.answer, invitation.answered_at = Invitation.Answer.ACCEPTED, timezone.now()
        invitation.save(update_fields=["answer", "answered_at"])
    row, _created = InvitationDay.objects.get_or_create(invitation=invitation, day=day)
    row.present_at, row.checked_in_by = row.present_at or timezone.now(), row.checked_in_by or user
    row.save(update_fields=["present_at", "checked_in_by"])
    _attended_from_days(invitation.pk)
    if created:
        audit_record(Action.SESSION_WALK_IN, actor=user, obj=session, summary=_("Deelnemer bij de deur toegevoegd"))
    return row
