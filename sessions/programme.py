"""The programme of a session as it is shown: per day, its items in the planner's order and its
workshops by time slot. Built from the session's prefetched days, programme and workshops
(sessions.selectors.sessions_with_detail), so it asks the database nothing more."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sessions.models import ProgrammeItem, Session, SessionDay, Workshop


def day_label(number: int, day: SessionDay) -> str:
    """ "Dag 1 — vrijdag 8 januari": how a day of a session is named to planners and invitees."""
    return _("Dag %(number)s — %(date)s") % {"number": number, "date": date_format(day.date, "l j F")}


def day_choices(days) -> list[tuple[int, str]]:
    return [(day.pk, day_label(number, day)) for number, day in enumerate(days, start=1)]


@dataclass
class ProgrammeDay:
    day: SessionDay | None
    label: str  # empty for the one group of a session without days
    items: list[ProgrammeItem] = field(default_factory=list)
    workshops: list[Workshop] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"programma-dag-{self.day.pk}" if self.day else "programma-zonder-dag"


def programme_days(session: Session) -> list[ProgrammeDay]:
    """One group per day of the session (in date order, even an empty one when the session has
    several days), then one for items and workshops without a day, if any. A session with one
    day shows what has no day under that day; a session without days has one unnamed group."""
    days = list(session.days.all())
    groups = {day.pk: ProgrammeDay(day=day, label=day_label(n, day)) for n, day in enumerate(days, start=1)}
    only = days[0].pk if len(days) == 1 else None
    loose = ProgrammeDay(day=None, label=_("Nog zonder dag") if days else "")
    items = sorted(session.programme.all(), key=lambda item: (item.position, item.pk))
    for item in items:
        groups.get(item.day_id or only, loose).items.append(item)
    workshops = sorted(
        session.workshops.all(),
        key=lambda w: (w.start_time is None, w.start_time or dt.time.min, w.end_time or dt.time.min, w.pk),
    )
    for workshop in workshops:
        groups.get(workshop.day_id or only, loose).workshops.append(workshop)
    result = list(groups.values())
    if loose.items or loose.workshops or not days:
        result.append(loose)
    return result
