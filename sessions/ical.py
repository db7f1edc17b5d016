"""iCalendar (RFC 5545) for sessions: invitation/update/cancel attachments and personal feeds."""

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from sessions.models import Session, SessionDay

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)
PRODID = "-//Warmteportaal//Sessies//NL"


def _event_uid(session: Session, day: SessionDay) -> str:
    # One UID per day for the life of that day, from its own id: moving a day keeps its UID,
    # removing one never hands its UID to another day (a position would). Days from before
    # this rule keep the UID they were sent under (stored by migration 0006).
    return day.ical_uid or f"{session.uid}-day{day.pk}@warmteportaal"


def _location(day: SessionDay) -> str:
    parts = [p for p in (day.venue, day.address) if p]
    return ", ".join(parts) or day.online_url


def _events(session: Session, days: Iterable[SessionDay], *, cancelled: bool, url: str = "") -> list[Event]:
    url = url or f"{settings.SITE_URL}{session.get_absolute_url()}"
    events = []
    for day in days:
        event = Event()
        event.add("uid", _event_uid(session, day))
        event.add("sequence", session.sequence)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", dt.datetime.combine(day.date, day.start_time, tzinfo=AMSTERDAM))
        event.add("dtend", dt.datetime.combine(day.date, day.end_time, tzinfo=AMSTERDAM))
        event.add("summary", session.title)
        event.add("description", f"{session.description}\n\n{url}".strip())
        event.add("url", url)
        location = _location(day)
        if location:
            event.add("location", location)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if session.organiser:
            address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
            event.add("organizer", f"mailto:{address}", parameters={"CN": str(session.organiser)})
        events.append(event)
    return events


def _calendar(method: str | None = None, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _add_timezone(calendar: Calendar, dates: list[dt.date]) -> None:
    """The Europe/Amsterdam VTIMEZONE, with its standard and daylight parts for every year an
    event falls in. A block covering only the season of the events makes stricter readers
    (vobject) place the other season an hour off, and a feed spans both."""
    if not dates:
        return
    first = dt.date(min(dates).year, 1, 1)
    last = dt.date(max(dates).year, 12, 31)
    timezone_block = Timezone.from_tzinfo(AMSTERDAM, tzid=TZID, first_date=first, last_date=last)
    timezone_block.pop("COMMENT", None)  # icalendar's English note on the years covered
    calendar.add_component(timezone_block)


def _finish(calendar: Calendar, dates: list[dt.date]) -> str:
    _add_timezone(calendar, dates)
    # VTIMEZONE must come before the events that name it (RFC 5545 3.6.5, and Outlook insists).
    calendar.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
    return calendar.to_ical().decode()


def session_ics(
    *, session: Session, days: Iterable[SessionDay] | None = None, method: str = "REQUEST", url: str = ""
) -> str:
    """The session as an attachment: METHOD:REQUEST for invitations and updates; METHOD:CANCEL
    (every event STATUS:CANCELLED) when the session, or just the DAYS given, are called off.
    URL: where the event links to (an invitee's own answer page; the session's page otherwise)."""
    calendar = _calendar(method)
    days = list(session.days.all() if days is None else days)
    for event in _events(session, days, cancelled=method == "CANCEL", url=url):
        calendar.add_component(event)
    return _finish(calendar, [day.date for day in days])


def feed_ics(*, sessions: Iterable[Session], name: str) -> str:
    calendar = _calendar("PUBLISH", name)
    dates = []
    for session in sessions:
        days = list(session.days.all())
        dates += [day.date for day in days]
        for event in _events(session, days, cancelled=session.status == Session.Status.CANCELLED):
            calendar.add_component(event)
    return _finish(calendar, dates)
