"""'Add to calendar' links for one session day: Google Calendar and Outlook on the web (Microsoft
365 and Outlook.com) take an event in their URL; other programs read the .ics download."""

import datetime as dt
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sessions.models import Session, SessionDay

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC


def _moments(day: SessionDay) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day.date, day.start_time, tzinfo=AMSTERDAM)
    end = dt.datetime.combine(day.date, day.end_time, tzinfo=AMSTERDAM)
    return start, end


def _location(day: SessionDay, *, with_online: bool) -> str:
    place = ", ".join(p for p in (day.venue, day.address) if p)
    if day.online_url and (with_online or not place):
        return f"{place} / {day.online_url}" if place else day.online_url
    return place


def day_links(*, session: Session, day: SessionDay, details: str, with_online: bool) -> dict[str, str]:
    """{"google": url, "outlook": url, "office": url} for DAY, DETAILS as the event's text."""
    start, end = _moments(day)
    location = _location(day, with_online=with_online)
    google = {
        "action": "TEMPLATE",
        "text": session.title,
        "dates": f"{start.astimezone(UTC):%Y%m%dT%H%M%SZ}/{end.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        "details": details,
        "location": location,
        "ctz": "Europe/Amsterdam",
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": session.title,
        "startdt": start.isoformat(),
        "enddt": end.isoformat(),
        "body": details,
        "location": location,
    }
    return {
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google),
        "outlook": "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(outlook),
        "office": "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(outlook),
    }


def map_link(day: SessionDay) -> str:
    """OpenStreetMap's search for the day's address (or venue); empty when it has neither."""
    query = day.address or day.venue
    return "https://www.openstreetmap.org/search?" + urlencode({"query": query}) if query else ""
