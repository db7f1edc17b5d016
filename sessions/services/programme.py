"""The programme of a session (items per day, in the planner's order) and its workshops (each in
a time slot): added, edited and moved from the session page. Edits are audited on the session,
as its other changes are, and only with the fields that really changed."""

import datetime as dt

from django.db import transaction

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from sessions.models import ProgrammeItem, Session, SessionDay, Workshop

ITEM_FIELDS = ("day", "start_time", "title", "speaker", "format")
WORKSHOP_FIELDS = ("title", "capacity", "description", "day", "start_time", "end_time", "room")


def _lock(session: Session) -> Session:
    # Serialises writes to one session's programme: two planners moving items at once would
    # otherwise both read the same positions and leave two items on one place.
    return Session.objects.select_for_update().get(pk=session.pk)


def _day_for(session: Session, day: SessionDay | None) -> SessionDay | None:
    """DAY when given (it must be one of the session's); else the session's only day, if it has one."""
    if day is not None:
        if day.session_id != session.pk:
            raise ValueError(f"day {day.pk} is not a day of session {session.pk}")
        return day
    days = list(SessionDay.objects.filter(session_id=session.pk).values_list("pk", flat=True)[:2])
    return SessionDay.objects.get(pk=days[0]) if len(days) == 1 else None


def _day_items(session_id: int, day_id: int | None, *, exclude: int | None = None) -> list[ProgrammeItem]:
    items = ProgrammeItem.objects.filter(session_id=session_id, day_id=day_id).exclude(pk=exclude)
    return list(items.order_by("position", "pk"))


def _renumber(items: list[ProgrammeItem]) -> None:
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    ProgrammeItem.objects.bulk_update(changed, ["position"])


def _place(item: ProgrammeItem) -> None:
    """Put ITEM among its day's items: before the first one that starts later, or last when it
    has no time (or nothing starts later). The others keep their order."""
    others = _day_items(item.session_id, item.day_id, exclude=item.pk)
    at = len(others)
    if item.start_time is not None:
        at = next((n for n, o in enumerate(others) if o.start_time is not None and o.start_time > item.start_time), at)
    _renumber([*others[:at], item, *others[at:]])


@transaction.atomic
def programme_item_add(
    *,
    session: Session,
    title: str,
    start_time: dt.time | None = None,
    speaker: str = "",
    format: str = ProgrammeItem.Format.PLENARY,
    day: SessionDay | None = None,
) -> ProgrammeItem:
    session = _lock(session)
    item = ProgrammeItem.objects.create(
        session=session, day=_day_for(session, day), start_time=start_time, title=title, speaker=speaker, format=format
    )
    _place(item)
    return item


@transaction.atomic
def programme_item_edit(*, item: ProgrammeItem, user=None, **values) -> list[str]:
    """Change ITEM to VALUES (any of ITEM_FIELDS); returns the fields that changed. A new day or
    time places it again by time; otherwise it keeps its place. Nothing changed: nothing written."""
    session = _lock(item.session)
    item = ProgrammeItem.objects.get(pk=item.pk, session=session)
    if "day" in values:
        values["day"] = _day_for(session, values["day"])
    changed = [name for name in ITEM_FIELDS if name in values and getattr(item, name) != values[name]]
    if not changed:
        return []
    old_day = item.day_id
    for name in changed:
        setattr(item, name, values[name])
    item.save(update_fields=changed)
    if "day" in changed or "start_time" in changed:
        _place(item)
        _renumber(_day_items(session.pk, old_day))
    _audit(session, user, f"programma: {item.title}", changed, programme_item=item.pk)
    return changed


@transaction.atomic
def programme_item_move(*, item: ProgrammeItem, up: bool, user=None) -> bool:
    """Swap ITEM with the one before it (UP) or after it in its day; False at either end."""
    session = _lock(item.session)
    items = _day_items(session.pk, ProgrammeItem.objects.get(pk=item.pk, session=session).day_id)
    index = next(n for n, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    _renumber(items)
    _audit(session, user, f"programma: {item.title}", ["position"], programme_item=item.pk)
    return True


@transaction.atomic
def programme_item_delete(*, item: ProgrammeItem) -> None:
    session = _lock(item.session)
    day_id = ProgrammeItem.objects.get(pk=item.pk, session=session).day_id
    ProgrammeItem.objects.filter(pk=item.pk).delete()
    _renumber(_day_items(session.pk, day_id))


@transaction.atomic
def workshop_add(
    *,
    session: Session,
    title: str,
    capacity: int,
    description: str = "",
    day: SessionDay | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    room: str = "",
) -> Workshop:
    return Workshop.objects.create(
        session=session,
        title=title,
        capacity=capacity,
        description=description,
        day=_day_for(session, day),
        start_time=start_time,
        end_time=end_time,
        room=room,
    )


@transaction.atomic
def workshop_edit(*, workshop: Workshop, user=None, **values) -> list[str]:
    """Change WORKSHOP to VALUES (any of WORKSHOP_FIELDS); returns the fields that changed.

    Places already allocated stay: a new slot or capacity applies to a lottery still to come."""
    session = _lock(workshop.session)
    workshop = Workshop.objects.get(pk=workshop.pk, session=session)
    if "day" in values:
        values["day"] = _day_for(session, values["day"])
    changed = [name for name in WORKSHOP_FIELDS if name in values and getattr(workshop, name) != values[name]]
    if not changed:
        return []
    for name in changed:
        setattr(workshop, name, values[name])
    workshop.save(update_fields=changed)
    _audit(session, user, f"workshop: {workshop.title}", changed, workshop=workshop.pk)
    return changed


def _audit(session: Session, user, summary: str, changed: list[str], **part) -> None:
    audit_record(
        Action.SESSION_CHANGED,
        actor=user,
        obj=session,
        summary=f"{summary} ({', '.join(changed)})",
        changes={"fields": changed, **part},
    )
