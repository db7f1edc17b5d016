"""Reads for the dashboard table (one row per municipality) and for one municipality's page.
Each does a fixed number of queries, however many municipalities it covers."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from labs.selectors import municipality_lab_summary
from municipalities.models import Municipality
from progress.models import AdoptionStatus, Initiative, Neighbourhood, Progress
from sessions.selectors import municipality_session_summary

ADOPTED = AdoptionStatus.ADOPTED
STATUS_ORDER = {AdoptionStatus.NOT_STARTED: 0, AdoptionStatus.IN_PREPARATION: 1, AdoptionStatus.ADOPTED: 2}
SORTS = {
    "naam": gettext_lazy("Gemeente"),
    "visie": gettext_lazy("Visie (TVW)"),
    "programma": gettext_lazy("Warmteprogramma"),
    "sessies": gettext_lazy("Sessies"),
    "leerlabs": gettext_lazy("Leer Labs"),
    "bijgewerkt": gettext_lazy("Laatst bijgewerkt"),
    "aandacht": gettext_lazy("Aandacht"),
}


def _count_subquery(queryset, expression=None) -> Coalesce:
    sub = queryset.filter(municipality=OuterRef("pk")).order_by().values("municipality")
    sub = sub.annotate(n=expression or Count("pk")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


@dataclass
class Row:
    municipality: Municipality
    progress: Progress | None
    neighbourhoods_planned: int
    initiatives: int
    sessions: dict
    labs: dict

    @property
    def vision_status(self) -> str:
        return self.progress.vision_status if self.progress else AdoptionStatus.NOT_STARTED

    @property
    def programme_status(self) -> str:
        return self.progress.programme_status if self.progress else AdoptionStatus.NOT_STARTED

    @property
    def vision_label(self) -> str:
        return AdoptionStatus(self.vision_status).label

    @property
    def programme_label(self) -> str:
        return AdoptionStatus(self.programme_status).label

    @property
    def updated_at(self):
        return self.progress.updated_at if self.progress else None

    @property
    def flagged(self) -> bool:
        return bool(self.progress and self.progress.flagged)


def _progress_of(municipality) -> Progress | None:
    try:
        return municipality.progress
    except Progress.DoesNotExist:
        return None


def overview_rows(
    *,
    municipalities: QuerySet[Municipality],
    vision: str = "",
    programme: str = "",
    flagged: bool = False,
    query: str = "",
    sort: str = "naam",
) -> list[Row]:
    """The dashboard table: 3 queries (municipalities with progress, sessions, labs)."""
    qs = municipalities.select_related("progress").annotate(
        neighbourhoods_planned=_count_subquery(Neighbourhood.objects.filter(period_start__isnull=False)),
        initiative_count=_count_subquery(Initiative.objects.all()),
    )
    if vision == AdoptionStatus.NOT_STARTED:
        qs = qs.filter(Q(progress__isnull=True) | Q(progress__vision_status=vision))
    elif vision in AdoptionStatus.values:
        qs = qs.filter(progress__vision_status=vision)
    if programme == AdoptionStatus.NOT_STARTED:
        qs = qs.filter(Q(progress__isnull=True) | Q(progress__programme_status=programme))
    elif programme in AdoptionStatus.values:
        qs = qs.filter(progress__programme_status=programme)
    if flagged:
        qs = qs.filter(progress__flagged=True)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(cbs_code__iexact=query))
    municipalities = list(qs.order_by("name"))
    ids = [m.pk for m in municipalities]
    sessions = municipality_session_summary(municipality_ids=ids)
    labs = municipality_lab_summary(municipality_ids=ids)
    rows = [
        Row(
            municipality=m,
            progress=_progress_of(m),
            neighbourhoods_planned=m.neighbourhoods_planned,
            initiatives=m.initiative_count,
            sessions=sessions[m.pk],
            labs=labs[m.pk],
        )
        for m in municipalities
    ]
    return sort_rows(rows, sort)


def _adoption_key(status: str, adopted_on) -> tuple:
    return (STATUS_ORDER[status], adopted_on or dt.date.min)


SORT_KEYS = {
    "naam": lambda r: r.municipality.name.lower(),
    "visie": lambda r: _adoption_key(r.vision_status, r.progress and r.progress.vision_adopted_on),
    "programma": lambda r: _adoption_key(r.programme_status, r.progress and r.progress.programme_adopted_on),
    "sessies": lambda r: (r.sessions["held"], r.sessions["sessions"]),
    "leerlabs": lambda r: (r.labs["labs"], r.labs["waiting"]),
    "bijgewerkt": lambda r: r.updated_at or dt.datetime.min.replace(tzinfo=dt.UTC),
    "aandacht": lambda r: not r.flagged,  # sorting by attention puts the flagged first
}


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["naam"])
    # Name first, then the sort key: ties stay alphabetical (sorted() is stable).
    rows = sorted(rows, key=SORT_KEYS["naam"])
    return sorted(rows, key=key, reverse=descending)


def municipality_progress(*, municipality: Municipality) -> dict:
    """Everything the progress sections of one municipality's page show."""
    progress = _progress_of(municipality)
    revision_due_on = progress.revision_due_on if progress else None
    return {
        "progress": progress,
        "revision_overdue": revision_due_on is not None and revision_due_on < timezone.localdate(),
        "neighbourhoods": list(municipality.neighbourhoods.order_by("period_start", "name")),
        "initiatives": list(municipality.initiatives.order_by("name")),
        "comments": list(municipality.progress_comments.select_related("author").order_by("-created_at")[:20]),
    }
