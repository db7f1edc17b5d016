"""Attendance: who came, recorded once the session has begun; the session is then held."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sessions.models import Invitation, Session


def attendance_refusal(session: Session) -> str:
    """Why attendance cannot be recorded for SESSION now, or "" when it can: only for a scheduled
    (or already held) session whose first day is today or earlier (Europe/Amsterdam)."""
    if session.status == Session.Status.CANCELLED:
        return _("Deze sessie is geannuleerd; er valt geen aanwezigheid te registreren.")
    if session.status == Session.Status.TO_SCHEDULE:
        return _("Deze sessie heeft nog geen data; aanwezigheid registreren kan vanaf de eerste sessiedag.")
    first = min((day.date for day in session.days.all()), default=None)
    if first is None:
        return _("Deze sessie heeft nog geen data; aanwezigheid registreren kan vanaf de eerste sessiedag.")
    if first > timezone.localdate():
        return _("Aanwezigheid registreren kan vanaf de eerste sessiedag (%(date)s).") % {
            "date": date_format(first, "l j F Y")
        }
    return ""


@transaction.atomic
def attendance_save(*, session: Session, attended_ids: set[int], nobody_attended: bool = False) -> Session:
    """Tick who attended; the session is then held. Refused (ValidationError) for a cancelled,
    unscheduled or future session, and when nobody is ticked unless NOBODY_ATTENDED says so."""
    session = Session.objects.select_for_update().prefetch_related("days").get(pk=session.pk)
    refusal = attendance_refusal(session)
    if refusal:
        raise ValidationError(refusal)
    invitations = list(session.invitations.filter(answer=Invitation.Answer.ACCEPTED))
    ticked = {invitation.pk for invitation in invitations} & set(attended_ids)
    if not ticked and not nobody_attended:
        raise ValidationError(_("Vink aan wie er waren, of vink “Niemand was aanwezig” aan."))
    if ticked and nobody_attended:
        raise ValidationError(_("U vinkte aanwezigen én “Niemand was aanwezig” aan; kies één van beide."))
    for invitation in invitations:
        invitation.attended = invitation.pk in ticked
    Invitation.objects.bulk_update(invitations, ["attended"])
    if session.status != Session.Status.HELD:
        session.status = Session.Status.HELD
        session.save(update_fields=["status", "updated_at"])
    return session
