"""Reads for the dashboard table (one row per municipality) and for one municipality's page.
Each does a fixed number of queries, however many municipalities it covers."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy

from labs.selectors import municipality_lab_summary
from municipalities.models import Municipality
from progress.deadlines import DeadlineView, municipality_deadlines, municipality_headlines, with_cover
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
    # Left out (None) where a page shows only the vision (the map).
    neighbourhoods_planned: int | None = None
    initiatives: int | None = None
    sessions: dict | None = None
    labs: dict | None = None
    deadline: DeadlineView | None = None  # the one that matters most now (progress.deadlines.headline)
    # Agreed actions of sessions still open past their due date; None where a page does not show them.
    overdue_actions: int | None = None

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


def _filtered(
    municipalities: QuerySet[Municipality],
    *,
    vision: str,
    programme: str,
    flagged: bool,
    query: str,
    no_evidence: bool = False,
) -> QuerySet[Municipality]:
    qs = municipalities
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
    if no_evidence:
        qs = qs.filter(WITHOUT_EVIDENCE)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(cbs_code__iexact=query))
    return qs


# Adopted without the council decision: no link and no document, for the vision or the programme.
WITHOUT_EVIDENCE = Q(
    progress__vision_status=AdoptionStatus.ADOPTED, progress__vision_decision_url="", progress__vision_decision_file=""
) | Q(
    progress__programme_status=AdoptionStatus.ADOPTED,
    progress__programme_decision_url="",
    progress__programme_decision_file="",
)


def _with_counts(municipalities: QuerySet[Municipality]) -> QuerySet[Municipality]:
    return municipalities.select_related("progress").annotate(
        neighbourhoods_planned=_count_subquery(Neighbourhood.objects.filter(period_start__isnull=False)),
        initiative_count=_count_subquery(Initiative.objects.all()),
    )


def _rows(municipalities: list[Municipality], sessions=None, labs=None, overdue=None) -> list[Row]:
    """Rows of MUNICIPALITIES (loaded by _with_counts) with their deadline, sessions and labs:
    3 queries, 1 when the summaries are passed in. OVERDUE ({municipality id: overdue actions},
    outcomes.selectors) is shown where given, 0 for a municipality it leaves out."""
    ids = [m.pk for m in municipalities]
    progress = {m.pk: _progress_of(m) for m in municipalities}
    deadlines = municipality_headlines(municipality_ids=ids, progress=progress)
    sessions = sessions if sessions is not None else municipality_session_summary(municipality_ids=ids)
    labs = labs if labs is not None else municipality_lab_summary(municipality_ids=ids)
    return [
        Row(
            municipality=m,
            progress=progress[m.pk],
            deadline=deadlines.get(m.pk),
            neighbourhoods_planned=m.neighbourhoods_planned,
            initiatives=m.initiative_count,
            sessions=sessions[m.pk],
            labs=labs[m.pk],
            overdue_actions=None if overdue is None else overdue.get(m.pk, 0),
        )
        for m in municipalities
    ]


def overview_rows(
    *,
    municipalities: QuerySet[Municipality],
    vision: str = "",
    programme: str = "",
    flagged: bool = False,
    query: str = "",
    sort: str = "naam",
    no_evidence: bool = False,
) -> list[Row]:
    """Every row of the dashboard table (export, print): 3 queries (municipalities with
    progress, sessions, labs)."""
    qs = _filtered(
        municipalities, vision=vision, programme=programme, flagged=flagged, query=query, no_evidence=no_evidence
    )
    return sort_rows(_rows(list(_with_counts(qs).order_by(*NAME_ORDER))), sort)


# Every region and every province fits one page (the largest, Noord-Brabant, has 56
# municipalities); the country's 342 take six.
OVERVIEW_PAGE_SIZE = 60


def overview_page(
    *,
    municipalities: QuerySet[Municipality],
    page: str | int | None = None,
    size: int = OVERVIEW_PAGE_SIZE,
    vision: str = "",
    programme: str = "",
    flagged: bool = False,
    query: str = "",
    sort: str = "naam",
    no_evidence: bool = False,
    overdue: dict[int, int] | None = None,
) -> Page:
    """One page of the dashboard table, its object_list the page's rows: 4 queries. Sorts the
    database can do are done there, with the summaries read for the page alone; sorting by
    sessions or labs needs the summaries of every municipality matched, then the page is read."""
    qs = _filtered(
        municipalities, vision=vision, programme=programme, flagged=flagged, query=query, no_evidence=no_evidence
    )
    if sort.lstrip("-") in SQL_ORDER:
        result = _sql_page(_with_counts(qs).order_by(*_sql_order(sort)), page, size)
        result.object_list = _rows(list(result.object_list), overdue=overdue)
        return result
    ids = list(qs.order_by(*NAME_ORDER).values_list("pk", flat=True))
    sessions = municipality_session_summary(municipality_ids=ids)
    labs = municipality_lab_summary(municipality_ids=ids)
    key = SORT_KEYS[sort.lstrip("-")]
    ids.sort(key=lambda pk: key(Row(None, None, sessions=sessions[pk], labs=labs[pk])), reverse=sort.startswith("-"))
    result = Paginator(ids, size).get_page(page)
    by_id = {m.pk: m for m in _with_counts(municipalities.filter(pk__in=result.object_list))}
    result.object_list = _rows([by_id[pk] for pk in result.object_list], sessions, labs, overdue)
    return result


def _sql_page(qs: QuerySet, page, size: int) -> Page:
    """PAGE of QS. The first page is read with one row more than it holds: a table that fits on
    one page (every region and province) needs no count query."""
    if str(page or "1").strip() == "1":
        first = list(qs[: size + 1])
        if len(first) <= size:
            return Paginator(first, size).get_page(1)
        result = Paginator(qs, size).get_page(1)
        result.object_list = first[:size]
        return result
    return Paginator(qs, size).get_page(page)


@dataclass(frozen=True)
class MapRow:
    """A municipality on the map and in the table beside it, with what the table shows worked
    out once: the country's 342 rows are the page's bulk."""

    code: str
    name: str
    url: str
    state: str
    label: str
    adopted_on: dt.date | None
    adopted_text: str


def map_rows(*, municipalities: QuerySet[Municipality], layer: str = "vision") -> list[MapRow]:
    """The map's rows: each municipality's vision, or (LAYER "programme") its warmteprogramma;
    1 query."""
    # One reverse() for all rows: the detail URL differs only in the CBS code.
    pattern = reverse("municipalities:detail", kwargs={"cbs_code": "GM0000"})
    labels = {value: str(label) for value, label in AdoptionStatus.choices}
    field = "programme" if layer == "programme" else "vision"
    rows = []
    for m in municipalities.select_related("progress").order_by(*NAME_ORDER):
        row = Row(m, _progress_of(m))
        state = getattr(row, f"{field}_status")
        adopted_on = getattr(row.progress, f"{field}_adopted_on") if row.progress else None
        rows.append(
            MapRow(
                code=m.cbs_code,
                name=m.name,
                url=pattern.replace("GM0000", m.cbs_code),
                state=state,
                label=labels[state],
                adopted_on=adopted_on,
                adopted_text=formats.date_format(adopted_on, "j F Y") if adopted_on else "",
            )
        )
    return rows


def _adoption_key(status: str, adopted_on) -> tuple:
    return (STATUS_ORDER[status], adopted_on or dt.date.min)


# Ties stay in name order; the database's order of names is the one every sort starts from.
NAME_ORDER = (Lower("name"), "name", "pk")
_VISION_RANK = Case(
    When(progress__vision_status=AdoptionStatus.ADOPTED, then=Value(2)),
    When(progress__vision_status=AdoptionStatus.IN_PREPARATION, then=Value(1)),
    default=Value(0),
)
_PROGRAMME_RANK = Case(
    When(progress__programme_status=AdoptionStatus.ADOPTED, then=Value(2)),
    When(progress__programme_status=AdoptionStatus.IN_PREPARATION, then=Value(1)),
    default=Value(0),
)
# The sorts of SORT_KEYS the database does: (expressions, ascending?) each, where a missing value
# (no progress row, no date) counts as the lowest, as in SORT_KEYS.
SQL_ORDER = {
    "naam": (),
    "visie": ((_VISION_RANK, True), (F("progress__vision_adopted_on"), True)),
    "programma": ((_PROGRAMME_RANK, True), (F("progress__programme_adopted_on"), True)),
    "bijgewerkt": ((F("progress__updated_at"), True),),
    # Attention first: flagged (true) before the rest when ascending.
    "aandacht": ((Coalesce(F("progress__flagged"), Value(False)), False),),
}


def _sql_order(sort: str) -> list:
    descending = sort.startswith("-")
    order = []
    for expression, ascending in SQL_ORDER[sort.lstrip("-")]:
        up = ascending != descending
        order.append(expression.asc(nulls_first=True) if up else expression.desc(nulls_last=True))
    if sort == "-naam":
        return [Lower("name").desc(), F("name").desc(), F("pk").desc()]
    return [*order, *NAME_ORDER]


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
    deadlines = municipality_deadlines(municipality_ids=[municipality.pk], progress={municipality.pk: progress})
    return {
        "progress": progress,
        "deadlines": with_cover(deadlines.get(municipality.pk, [])),
        "neighbourhoods": list(municipality.neighbourhoods.order_by("period_start", "name")),
        "initiatives": list(municipality.initiatives.order_by("name")),
        "comments": list(municipality.progress_comments.select_related("author").order_by("-created_at")[:20]),
    }
