"""What the conflict notice shows when someone else saved the session while this editor had it open."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sessions.forms.days import DayChanges
from sessions.forms.planning import SessionForm
from sessions.models import Session


def _shown(value) -> str:
    """A value as the conflict notice shows it to a planner."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _day_label(day) -> str:
    place = ", ".join(part for part in (day.venue, day.address, day.online_url) if part)
    label = f"{date_format(day.date, 'j F Y')} {day.start_time:%H:%M}–{day.end_time:%H:%M}"
    return f"{label} ({place})" if place else label


def conflict_differences(*, form: SessionForm, days: DayChanges, current: Session, merged: dict) -> list[dict]:
    """What the other editor changed meanwhile, field by field: "taken" when it is now in this
    editor's form (they had left that field alone), "both" when both changed it differently (the
    form keeps theirs, this editor decides)."""
    data = form.cleaned_data
    labels = {name: form.fields[name].label for name in SessionForm.Meta.fields}
    labels |= {"reminder_days": form.fields["reminder_days_text"].label, "municipalities": _("Deelnemende gemeenten")}
    differences = [
        {"kind": "taken", "label": labels[name], "stored": _shown(_stored_value(current, name)), "yours": ""}
        for name in merged["take"]
    ]
    differences += [
        {
            "kind": "both",
            "label": labels[name],
            "stored": _shown(_stored_value(current, name)),
            "yours": _shown(_typed_value(data, name)),
        }
        for name in merged["both"]
    ]
    if merged["days"] != "yours":
        differences.append(_days_difference(days=days, current=current, taken=merged["days"] == "stored"))
    return differences


def _stored_value(current: Session, name: str):
    if name == "kind":
        return current.get_kind_display()
    if name == "municipalities":
        return sorted(p.municipality.name for p in current.participations.select_related("municipality"))
    return getattr(current, name)


def _typed_value(data: dict, name: str):
    if name == "kind":
        return dict(Session.Kind.choices).get(data.get("kind"), data.get("kind"))
    if name == "municipalities":
        return sorted(m.name for m in [*data.get("municipalities", []), *data.get("other_municipalities", [])])
    if name == "reminder_days":
        return data.get("reminder_days_text")
    return data.get(name)


def _days_difference(*, days: DayChanges, current: Session, taken: bool) -> dict:
    """The days as stored now; beside them this editor's days when both changed the days."""
    stored_days = [_day_label(d) for d in current.days.order_by("date", "start_time")]
    return {
        "kind": "taken" if taken else "both",
        "label": _("Dagen"),
        "stored": _shown(stored_days),
        "yours": "" if taken else _shown([_day_label(d) for d in days.days]),
    }
