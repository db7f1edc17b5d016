"""Workshop allocation: a lottery, once, when answering has closed."""

import datetime as dt
import random
import secrets

from django.db import transaction
from django.utils import timezone

from sessions.models import Invitation, Session


@transaction.atomic
def workshop_allocate(*, session: Session, seed: str | None = None) -> dict[int, int | None]:
    """Random serial dictatorship: a lottery (seed stored for audit) orders the attendees; each in
    turn gets their highest-ranked workshop with a place left, or else the one with most room.
    Nobody's chance depends on how fast they answered. Returns {invitation id: workshop id}."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    workshops = list(session.workshops.all())
    if session.allocated_at is not None or not workshops:
        return dict(session.invitations.filter(answer=Invitation.Answer.ACCEPTED).values_list("pk", "workshop_id"))
    session.allocation_seed = seed or secrets.token_hex(16)
    attendees = list(
        session.invitations.filter(answer=Invitation.Answer.ACCEPTED).prefetch_related("preferences").order_by("pk")
    )
    random.Random(session.allocation_seed).shuffle(attendees)
    room = {w.pk: w.capacity for w in workshops}
    result = {}
    for position, invitation in enumerate(attendees, start=1):
        ranked = [p.workshop_id for p in sorted(invitation.preferences.all(), key=lambda p: p.rank)]
        choice = next((pk for pk in ranked if room.get(pk, 0) > 0), None)
        if choice is None:
            choice = max(room, key=lambda pk: room[pk]) if any(room.values()) else None
            choice = choice if choice is not None and room[choice] > 0 else None
        if choice is not None:
            room[choice] -= 1
        invitation.workshop_id, invitation.lottery_position = choice, position
        result[invitation.pk] = choice
    Invitation.objects.bulk_update(attendees, ["workshop", "lottery_position"])
    session.allocated_at = timezone.now()
    session.save(update_fields=["allocation_seed", "allocated_at", "updated_at"])
    return result


def allocation_due(session: Session, today: dt.date, first_day: dt.date | None) -> bool:
    """The lottery runs once answering has closed: after the deadline, or without one two days
    before the first day."""
    if session.answer_deadline is not None:
        return today > session.answer_deadline
    return first_day is not None and (first_day - today).days <= 2
