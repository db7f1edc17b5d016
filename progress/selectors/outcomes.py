"""What the sessions a municipality took part in produced, for the "Uit sessies" section of its
page: koppelkansen, agreed actions (open ones apart from done or dropped ones) and wijk
directions (still to adopt apart from adopted ones), each with the session it came from.

Three queries, however many sessions and rows: one per kind of outcome, each with its session,
the session's first day and whether the viewer may open it (subqueries) and the party it names."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone

from outcomes.models import AgreedAction, LinkingOpportunity, WijkDirection
from sessions.models import SessionDay
from sessions.rules import visible_sessions


def _with_source(queryset, viewer):
    """QUERYSET with its session loaded, the session's first day as `session_date` and whether
    VIEWER may open the session as `session_visible` (a coordinator sees the municipality's
    progress, not the sessions); newest session first (one without days last), within a session
    the model's own order."""
    first_day = SessionDay.objects.filter(session=OuterRef("session_id")).order_by("date").values("date")[:1]
    visible = visible_sessions(viewer).filter(pk=OuterRef("session_id"))
    ordering = [F("session_date").desc(nulls_last=True), "-session_id", *queryset.model._meta.ordering]
    return (
        queryset.select_related("session")
        .annotate(session_date=Subquery(first_day), session_visible=Exists(visible))
        .order_by(*ordering)
    )


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


def municipality_outcomes(
    *, municipality_id: int, viewer, neighbourhoods: Iterable = (), today: dt.date | None = None
) -> SessionOutcomes:
    """Every outcome of every session for MUNICIPALITY_ID as VIEWER sees them, newest session
    first, in 3 queries (the viewer's roles are read once per request, by the page's own
    permission check). An open action past its due date has
    `overdue` set; an adopted direction its wijk as `adopted_neighbourhood`, looked up in
    NEIGHBOURHOODS (the page has them; None once deleted)."""
    today = today or timezone.localdate()
    result = SessionOutcomes()
    opportunities = LinkingOpportunity.objects.filter(municipality_id=municipality_id).select_related("organisation")
    result.opportunities = list(_with_source(opportunities, viewer))
    actions = AgreedAction.objects.filter(municipality_id=municipality_id).select_related("owner_organisation")
    for action in _with_source(actions, viewer):
        is_open = action.status == AgreedAction.Status.OPEN
        action.overdue = is_open and action.due_on is not None and action.due_on < today
        (result.open_actions if is_open else result.closed_actions).append(action)
    wijken = {n.pk: n for n in neighbourhoods}
    for direction in _with_source(WijkDirection.objects.filter(municipality_id=municipality_id), viewer):
        direction.adopted_neighbourhood = wijken.get(direction.adopted_neighbourhood_id)
        (result.directions if direction.adopted_at is None else result.adopted_directions).append(direction)
    return result
