"""Scheduled messages: what beat finds due (reminders, nudges, allocation, thanks) is queued.

Keys make every message once per person and occasion, so a scan that runs twice, or late,
sends nothing twice.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from sessions.models import Invitation, Session
from sessions.services._mail import invitee_mail_queue
from sessions.services.allocation import allocation_due, workshop_allocate
from sessions.services.evaluations import evaluation_url
from sessions.services.sending import invitations_queue_lost

NUDGE_DAYS_BEFORE_DEADLINE = 3
THANKS_WITHIN_DAYS = 14


def due_messages_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Scan for what is due and queue it. Keys make every message once per person and occasion."""
    today = today or timezone.localdate()
    counts = {"invitation": 0, "reminder": 0, "nudge": 0, "allocation": 0, "thanks": 0, "evaluation": 0}
    counts["invitation"] = invitations_queue_lost()
    sessions = (
        Session.objects.filter(status__in=[Session.Status.SCHEDULED, Session.Status.HELD])
        .filter(days__date__gte=today - dt.timedelta(days=THANKS_WITHIN_DAYS))
        .distinct()
        .select_related("created_by")
        .prefetch_related("days", "workshops")
    )
    for session in sessions:
        days = list(session.days.all())
        first, last = days[0].date, days[-1].date
        invitations = session.invitations.filter(email__isnull=False).select_related("contact", "workshop")
        if session.status == Session.Status.SCHEDULED:
            _before_session_send(session=session, invitations=invitations, first=first, today=today, counts=counts)
        elif session.status == Session.Status.HELD and last < today:
            accepted = invitations.filter(answer=Invitation.Answer.ACCEPTED)
            for invitation in accepted.exclude(attended=False):
                counts["thanks"] += invitee_mail_queue(invitation, session, "thanks", "sessions_thanks")[1]
        if last < today:
            counts["evaluation"] += _evaluations_send(session=session)
    return counts


def _slot_order(workshop) -> tuple:
    return (workshop.day.date if workshop.day_id else dt.date.min, workshop.start_time or dt.time.min, workshop.pk)


def _evaluations_send(*, session: Session) -> int:
    """The day after the last day: the evaluation to everyone checked in or ticked present
    (walk-ins among them), once each."""
    sent = 0
    for invitation in _present(session):
        url = evaluation_url(invitation)
        sent += invitee_mail_queue(invitation, session, "evaluation", "sessions_evaluation", evaluation_url=url)[1]
    return sent


def _present(session: Session):
    # Walk-ins have no invitation mail, so not the EMAIL filter of the other messages.
    return session.invitations.filter(attended=True).select_related("contact")


def _before_session_send(*, session: Session, invitations, first: dt.date, today: dt.date, counts: dict) -> None:
    """What a session still to come may have due: a reminder, the answer nudge, the allocation."""
    accepted = invitations.filter(answer=Invitation.Answer.ACCEPTED)
    until = (first - today).days
    due = sorted(n for n in session.reminder_days if 0 < until <= n)
    if due:
        for invitation in accepted:
            counts["reminder"] += invitee_mail_queue(invitation, session, f"reminder:{due[0]}d", "sessions_reminder")[1]
    deadline = session.answer_deadline
    if deadline and 0 <= (deadline - today).days <= NUDGE_DAYS_BEFORE_DEADLINE:
        for invitation in invitations.filter(answer=Invitation.Answer.PENDING).exclude(email__status="failed"):
            counts["nudge"] += invitee_mail_queue(invitation, session, "nudge", "sessions_nudge")[1]
    if session.workshops.all() and allocation_due(session, today, first):
        workshop_allocate(session=session)
        placed = accepted.filter(Q(workshop__isnull=False) | Q(places__isnull=False)).distinct()
        for invitation in placed.prefetch_related("places"):
            # Every place, one per time slot (sessions with one slot: the one workshop).
            titles = [w.title for w in sorted(invitation.places.all(), key=_slot_order)] or [invitation.workshop.title]
            queued = invitee_mail_queue(
                invitation, session, "allocation", "sessions_allocation", places=", ".join(titles)
            )
            counts["allocation"] += queued[1]
