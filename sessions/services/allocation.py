"""Workshop allocation: a lottery, once, when answering has closed; one place per time slot."""

import datetime as dt
import random
import secrets

from django.db import transaction
from django.utils import timezone

from sessions.models import Invitation, Session, Workshop


def workshop_slots(workshops: list[Workshop]) -> list[list[Workshop]]:
    """The workshops grouped by time slot (same day, start and end), the slots in time order
    (pass them with their day loaded); workshops without a slot together form one, as they did
    before slots, and come first."""
    slots: dict[tuple, list[Workshop]] = {}
    for workshop in workshops:
        slots.setdefault(workshop.slot, []).append(workshop)
    return sorted(slots.values(), key=lambda slot: _slot_order(slot[0]))


def _slot_order(workshop: Workshop) -> tuple:
    day = workshop.day.date if workshop.day_id else dt.date.min
    return (day, workshop.start_time or dt.time.min, workshop.end_time or dt.time.min)


@transaction.atomic
def workshop_allocate(*, session: Session, seed: str | None = None) -> dict[int, int | None]:
    """Random serial dictatorship per time slot: a lottery (seed stored for audit) orders the
    attendees; each in turn gets their highest-ranked workshop of the slot with a place left, or
    else the slot's one with most room. Nobody's chance depends on how fast they answered.

    Each slot draws its own order (the first slot from the seed itself, so a session without
    slots is allocated as it always was; later ones from the seed and the slot's number), so
    whoever drew last in one slot is not last everywhere. An invitee's ranking is one list over
    all workshops; per slot its order among that slot's workshops counts. Every place is stored
    in Invitation.places, at most one per slot; Invitation.workshop is the place in the first
    slot. Returns {invitation id: workshop id in the first slot}."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    workshops = list(session.workshops.select_related("day"))
    accepted = session.invitations.filter(answer=Invitation.Answer.ACCEPTED)
    if session.allocated_at is not None or not workshops:
        return dict(accepted.values_list("pk", "workshop_id"))
    session.allocation_seed = seed or secrets.token_hex(16)
    attendees = list(accepted.prefetch_related("preferences").order_by("pk"))
    places: dict[int, list[int]] = {invitation.pk: [] for invitation in attendees}
    result = {}
    for number, slot in enumerate(workshop_slots(workshops)):
        order = list(attendees)
        random.Random(session.allocation_seed if number == 0 else f"{session.allocation_seed}:{number}").shuffle(order)
        chosen = _slot_allocate(order, slot)
        for position, invitation in enumerate(order, start=1):
            choice = chosen[invitation.pk]
            if choice is not None:
                places[invitation.pk].append(choice)
            if number == 0:
                invitation.workshop_id, invitation.lottery_position = choice, position
                result[invitation.pk] = choice
    Invitation.objects.bulk_update(attendees, ["workshop", "lottery_position"])
    Place = Invitation.places.through
    Place.objects.filter(invitation__in=attendees).delete()
    Place.objects.bulk_create(
        Place(invitation_id=pk, workshop_id=workshop_id) for pk, chosen in places.items() for workshop_id in chosen
    )
    session.allocated_at = timezone.now()
    session.save(update_fields=["allocation_seed", "allocated_at", "updated_at"])
    return result


def _slot_allocate(order: list[Invitation], slot: list[Workshop]) -> dict[int, int | None]:
    """One slot's places for the attendees in lottery ORDER: {invitation id: workshop id or None}."""
    room = {w.pk: w.capacity for w in slot}
    chosen = {}
    for invitation in order:
        ranked = [p.workshop_id for p in sorted(invitation.preferences.all(), key=lambda p: p.rank)]
        choice = next((pk for pk in ranked if room.get(pk, 0) > 0), None)
        if choice is None:
            choice = max(room, key=lambda pk: room[pk]) if any(room.values()) else None
            choice = choice if choice is not None and room[choice] > 0 else None
        if choice is not None:
            room[choice] -= 1
        chosen[invitation.pk] = choice
    return chosen


def allocation_due(session: Session, today: dt.date, first_day: dt.date | None) -> bool:
    """The lottery runs once answering has closed: after the deadline, or without one two days
    before the first day."""
    if session.answer_deadline is not None:
        return today > session.answer_deadline
    return first_day is not None and (first_day - today).days <= 2
