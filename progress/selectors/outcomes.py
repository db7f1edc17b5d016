"""What the sessions a municipality took part in produced, for the "Uit sessies" section of its
page: koppelkansen, agreed actions (open ones apart from done or dropped ones) and wijk
directions (still to adopt apart from adopted ones), each with the session it came from.

One query, however many sessions and rows: the three kinds united (UNION ALL) in the same
columns, each row with its session's title, first day and whether the viewer may open it
(subqueries) and the party it names. The municipality's page is near its query budget
(progress/tests/test_history_pages.py), so the rows come back as unsaved model instances built
from those columns: their displays (get_status_display, ...) work, their relations beyond these
were not loaded."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone

from municipalities.models import Organisation
from outcomes.models import AgreedAction, LinkingOpportunity, WijkDirection
from sessions.models import Session, SessionDay
from sessions.rules import visible_sessions


def _none(output_field):
    # Typed: PostgreSQL resolves a UNION pair by pair, and NULL with NULL would become text.
    return Cast(Value(None), output_field=output_field)


# Per kind, the expression of each shared column (a missing one is empty of the column's type).
COLUMNS = {
    "description": models.CharField(),
    "neighbourhood_name": models.CharField(),
    "status": models.CharField(),
    "party_id": models.IntegerField(),
    "party_name": models.CharField(),
    "from_year": models.IntegerField(),
    "due_on": models.DateField(),
    "alternative": models.CharField(),
    "insulation_first": models.BooleanField(),
    "adopted_at": models.DateTimeField(),
    "adopted_neighbourhood_id": models.IntegerField(),
}
KINDS = {
    "koppelkans": (
        LinkingOpportunity,
        {"party_id": F("organisation_id"), "party_name": F("organisation__name")},
    ),
    "afspraak": (
        AgreedAction,
        {"party_id": F("owner_organisation_id"), "party_name": F("owner_organisation__name")},
    ),
    "richting": (WijkDirection, {}),
}
MODEL_FIELDS = {  # the columns that are the model's own fields, per kind
    kind: [name for name in COLUMNS if name in {f.name for f in model._meta.concrete_fields}]
    for kind, (model, _extra) in KINDS.items()
}


def _part(kind: str, municipality_id: int, viewer):
    model, extra = KINDS[kind]
    first_day = SessionDay.objects.filter(session=OuterRef("session_id")).order_by("date").values("date")[:1]
    visible = visible_sessions(viewer).filter(pk=OuterRef("session_id"))
    shared = {
        name: extra.get(name) or (F(name) if name in MODEL_FIELDS[kind] else _none(output_field))
        for name, output_field in COLUMNS.items()
    }
    names = ["c_kind", "c_id", "c_session_id", "c_session_title", "c_session_date", "c_session_visible"]
    names += [f"c_{name}" for name in COLUMNS]
    return (
        model.objects.filter(municipality_id=municipality_id)
        .order_by()
        .annotate(
            c_kind=Value(kind),
            c_id=F("id"),
            c_session_id=F("session_id"),
            c_session_title=F("session__title"),
            c_session_date=Subquery(first_day, output_field=models.DateField()),
            c_session_visible=Exists(visible),
            **{f"c_{name}": expression for name, expression in shared.items()},
        )
        .values_list(*names, named=True)
    )


def _instance(row):
    """An unsaved instance of the row's model with what the section shows of it."""
    model, _extra = KINDS[row.c_kind]
    instance = model(pk=row.c_id, session_id=row.c_session_id)
    for name in MODEL_FIELDS[row.c_kind]:
        setattr(instance, name, getattr(row, f"c_{name}"))
    instance.session = Session(pk=row.c_session_id, title=row.c_session_title)
    instance.session_date, instance.session_visible = row.c_session_date, row.c_session_visible
    party = Organisation(pk=row.c_party_id, name=row.c_party_name) if row.c_party_id else None
    if row.c_kind == "koppelkans":
        instance.organisation = party
    elif row.c_kind == "afspraak":
        instance.owner_organisation = party
    return instance


def _sort_key(row) -> tuple:
    """Newest session first (one without days last); within a session each model's own order."""
    session = (row.c_session_date is None, -(row.c_session_date or dt.date.min).toordinal(), -row.c_session_id)
    within = {
        "koppelkans": (row.c_from_year is None, row.c_from_year or 0, row.c_description, ""),
        "afspraak": (row.c_due_on is None, (row.c_due_on or dt.date.min).toordinal(), "", ""),
        "richting": (False, 0, "", row.c_neighbourhood_name),
    }[row.c_kind]
    return (*session, *within, row.c_id)


@dataclass
class SessionOutcomes:
    opportunities: list = field(default_factory=list)
    open_actions: list = field(default_factory=list)
    closed_actions: list = field(default_factory=list)  # done or dropped
    directions: list = field(default_factory=list)  # not adopted yet
    adopted_directions: list = field(default_factory=list)

    def __bool__(self) -> bool:
        lists = (self.opportunities, self.open_actions, self.closed_actions, self.directions, self.adopted_directions)
        return any(lists)

    def add(self, instance, *, today: dt.date) -> None:
        if isinstance(instance, LinkingOpportunity):
            self.opportunities.append(instance)
        elif isinstance(instance, AgreedAction):
            is_open = instance.status == AgreedAction.Status.OPEN
            instance.overdue = is_open and instance.due_on is not None and instance.due_on < today
            (self.open_actions if is_open else self.closed_actions).append(instance)
        else:
            (self.directions if instance.adopted_at is None else self.adopted_directions).append(instance)


def municipality_outcomes(
    *, municipality_id: int, viewer, neighbourhoods: Iterable = (), today: dt.date | None = None
) -> SessionOutcomes:
    """Every outcome of every session for MUNICIPALITY_ID as VIEWER sees them, newest session
    first, in one query (the viewer's roles are read once per request, by the page's own
    permission check). An open action past its due date has `overdue` set; an adopted direction
    its wijk as `adopted_neighbourhood`, looked up in NEIGHBOURHOODS (the page has them; None
    once deleted)."""
    today = today or timezone.localdate()
    parts = [_part(kind, municipality_id, viewer) for kind in KINDS]
    rows = sorted(parts[0].union(*parts[1:], all=True).order_by(), key=_sort_key)
    wijken = {n.pk: n for n in neighbourhoods}
    result = SessionOutcomes()
    for row in rows:
        instance = _instance(row)
        if row.c_kind == "richting":
            instance.adopted_neighbourhood = wijken.get(instance.adopted_neighbourhood_id)
        result.add(instance, today=today)
    return result
