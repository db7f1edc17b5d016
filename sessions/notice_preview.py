"""What a save of the session form would tell invitees, shown to the organiser before it goes:
the days added, removed or changed, and how many people get the update."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sessions.models import Session, SessionDay
from sessions.selectors import notice_recipients
from sessions.services.planning import DAY_FIELDS, DayData

NAMED = 10  # the notice names this many of those told, and counts the rest


def _described(values: dict) -> str:
    text = f"{date_format(values['date'], 'l j F Y')}, {values['start_time']:%H:%M}–{values['end_time']:%H:%M}"
    place = ", ".join(part for part in (values["venue"], values["address"]) if part)
    if place:
        text += f", {place}"
    if values["online_url"]:
        text += ", " + _("online")
    return text


def notice_preview(*, session: Session | None, days: list[DayData], removed_day_ids: set[int]) -> dict | None:
    """{"lines": what changes, "recipients": how many are told, "names": the first of them,
    "others": how many more} when saving DAYS would send an update; None for a new session, an
    unchanged schedule, or nobody to tell."""
    if session is None or session.pk is None:
        return None
    stored = {
        day.pk: {name: getattr(day, name) for name in DAY_FIELDS} for day in SessionDay.objects.filter(session=session)
    }
    lines = []
    for data in days:
        values = {name: getattr(data, name) for name in DAY_FIELDS}
        if data.id in removed_day_ids:
            continue
        before = stored.get(data.id)
        if before is None:
            lines.append(_("Nieuwe dag: %(day)s") % {"day": _described(values)})
        elif before != values:
            lines.append(
                _("Gewijzigd: %(before)s → %(after)s") % {"before": _described(before), "after": _described(values)}
            )
    lines += [_("Vervalt: %(day)s") % {"day": _described(stored[pk])} for pk in sorted(removed_day_ids) if pk in stored]
    if not lines:
        return None
    recipients = notice_recipients(session=session)
    count = recipients.count()
    if not count:
        return None
    names = list(recipients.order_by("contact__name").values_list("contact__name", flat=True)[:NAMED])
    return {"lines": lines, "recipients": count, "names": names, "others": count - len(names)}
