"""Reads of what sessions produced, for the apps above (progress's dashboards and digest).

Overdue: an agreed action still open whose due date is behind us, today being the portal's day
(Europe/Amsterdam, timezone.localdate()), not the server's.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, QuerySet
from django.utils import timezone

from outcomes.models import AgreedAction


def _overdue(municipality_ids, today: dt.date | None) -> QuerySet[AgreedAction]:
    today = today or timezone.localdate()
    return AgreedAction.objects.filter(
        municipality_id__in=municipality_ids, status=AgreedAction.Status.OPEN, due_on__lt=today
    )


def overdue_actions_counts(
    *, municipality_ids: Iterable[int] | QuerySet, today: dt.date | None = None
) -> dict[int, int]:
    """{municipality id: overdue actions} for those of MUNICIPALITY_IDS (ids, or a queryset of
    municipalities or their ids) that have any: 1 query."""
    rows = _overdue(municipality_ids, today).order_by().values("municipality_id").annotate(n=Count("pk"))
    return {row["municipality_id"]: row["n"] for row in rows}


def overdue_actions(*, municipality_ids: Iterable[int] | QuerySet, today: dt.date | None = None) -> list[AgreedAction]:
    """The overdue actions of MUNICIPALITY_IDS, the longest overdue first, with their
    municipality, session and owner: 1 query."""
    qs = _overdue(municipality_ids, today).select_related(
        "municipality", "session", "owner_organisation", "owner_contact"
    )
    return list(qs.order_by("due_on", "municipality__name", "pk"))


def counts_of(actions: Iterable[AgreedAction]) -> dict[int, int]:
    """overdue_actions_counts of actions already read (no query)."""
    counts: dict[int, int] = {}
    for action in actions:
        counts[action.municipality_id] = counts.get(action.municipality_id, 0) + 1
    return counts
