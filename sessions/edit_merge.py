"""When two planners edit one session: a three-way merge of what the second editor opened (signed
into the form), what is stored now, and what they typed.

A field only the other editor changed takes the stored value, so saving again can never quietly
undo their change; a field only this editor changed keeps the input; a field both changed keeps
the input and is named, so the editor decides. The same holds for the days as a whole."""

import datetime as dt

from django.core import signing
from django.http import QueryDict

from sessions.models import Session, SessionDay
from sessions.services.planning import DAY_FIELDS, SESSION_FORM_FIELDS, session_version

EDIT_SALT = "sessions.edit"
SCALARS = [name for name in SESSION_FORM_FIELDS if name != "reminder_days"]


def _norm(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if hasattr(value, "pk"):
        return value.pk
    if value is None:
        return ""
    return value


def _days_of(session: Session) -> dict[str, list]:
    days = SessionDay.objects.filter(session_id=session.pk).order_by("date", "start_time", "pk")
    return {str(day.pk): [_norm(getattr(day, name)) for name in DAY_FIELDS] for day in days}


def snapshot(session: Session) -> dict:
    """What the editor sees when opening SESSION, in comparable form."""
    values = {name: _norm(getattr(session, name)) for name in SCALARS}
    values["reminder_days"] = list(session.reminder_days)
    values["municipalities"] = sorted(session.participations.values_list("municipality_id", flat=True))
    values["days"] = _days_of(session)
    return values


def version_token(session: Session) -> str:
    return signing.dumps({"v": session_version(session), "s": snapshot(session)}, salt=EDIT_SALT, compress=True)


def read_version_token(token: str) -> dict | None:
    """{"v": version, "s": snapshot}, or None for an empty or tampered token."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=EDIT_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and "v" in data and "s" in data else None


def _yours(form, changes) -> dict:
    data = form.cleaned_data
    values = {name: _norm(data.get(name)) for name in SCALARS}
    values["reminder_days"] = list(data.get("reminder_days_text") or [])
    values["municipalities"] = sorted(form.municipality_ids())
    values["days"] = {
        str(d.id): [_norm(getattr(d, name)) for name in DAY_FIELDS] for d in changes.days if d.id is not None
    }
    values["_new_days"] = [d for d in changes.days if d.id is None]
    values["_removed"] = {str(pk) for pk in changes.removed_ids}
    return values


def merge(*, original: dict, form, changes, current: Session) -> dict:
    """{"take": {name: stored value}, "both": [names], "days": "stored" | "yours" | "both"}."""
    stored = snapshot(current)
    yours = _yours(form, changes)
    take, both = {}, []
    for name in [*SCALARS, "reminder_days", "municipalities"]:
        mine_changed = yours[name] != original.get(name)
        theirs_changed = stored[name] != original.get(name)
        if theirs_changed and not mine_changed:
            take[name] = stored[name]
        elif theirs_changed and mine_changed and yours[name] != stored[name]:
            both.append(name)
    original_days = original.get("days", {})
    mine_days_changed = (
        bool(yours["_new_days"])
        or bool(yours["_removed"])
        or {k: v for k, v in original_days.items() if k not in yours["_removed"]} != yours["days"]
    )
    theirs_days_changed = stored["days"] != original_days
    if theirs_days_changed and not mine_days_changed:
        days = "stored"
    elif theirs_days_changed and mine_days_changed:
        days = "both"
    else:
        days = "yours"
    return {"take": take, "both": both, "days": days, "stored": stored}


def rebound_data(*, post: QueryDict, merged: dict, current: Session, own_province_ids: set[int]) -> QueryDict:
    """The posted data with the other editor's changes taken over where this editor left a field
    alone, and the version of what is stored now: the form the editor is asked to save again."""
    data = post.copy()
    data["version"] = version_token(current)
    for name, value in merged["take"].items():
        if name == "reminder_days":
            data["reminder_days_text"] = ", ".join(str(d) for d in value)
        elif name == "municipalities":
            data.setlist("municipalities", [str(pk) for pk in value if pk in own_province_ids])
            data.setlist("other_municipalities", [str(pk) for pk in value if pk not in own_province_ids])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        else:
            data[name] = "" if value is None else str(value)
    if merged["days"] == "stored":
        for key in [k for k in data if k.startswith("days-")]:
            del data[key]
        stored_days = merged["stored"]["days"]
        for index, (pk, values) in enumerate(stored_days.items()):
            data[f"days-{index}-id"] = pk
            for name, value in zip(DAY_FIELDS, values, strict=True):
                data[f"days-{index}-{name}"] = str(value)
        extra = len(stored_days)
        for name in DAY_FIELDS:
            data[f"days-{extra}-{name}"] = ""
        data[f"days-{extra}-id"] = ""
        data["days-TOTAL_FORMS"], data["days-INITIAL_FORMS"] = str(extra + 1), str(extra)
        data["days-MIN_NUM_FORMS"], data["days-MAX_NUM_FORMS"] = "0", "1000"
    return data
