"""Reads for progress: dashboard rows, headline figures rolled up, the adoption timeline and the
change log built from the history tables. Each does a fixed number of queries, however many
municipalities it covers."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labs.selectors import municipality_lab_summary
from municipalities.models import (
    AdoptionStatus,
    Initiative,
    Municipality,
    Neighbourhood,
    Progress,
    ProgressComment,
)
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
    "aandacht": lambda r: r.flagged,
}


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["naam"])
    # Name first, then the sort key: ties stay alphabetical (sorted() is stable).
    rows = sorted(rows, key=SORT_KEYS["naam"])
    return sorted(rows, key=key, reverse=descending)


# --- Headline figures -----------------------------------------------------------------------
@dataclass
class Figures:
    municipalities: int = 0
    vision_adopted: int = 0
    vision_in_preparation: int = 0
    programme_adopted: int = 0
    programme_in_preparation: int = 0
    flagged: int = 0
    dwellings: int | None = None
    neighbourhoods: int = 0
    neighbourhoods_planned: int = 0
    planned_dwellings: int = 0
    initiatives: dict = field(default_factory=dict)  # phase value -> count

    @property
    def vision_share(self) -> int:
        return round(100 * self.vision_adopted / self.municipalities) if self.municipalities else 0

    @property
    def planned_dwellings_share(self) -> int | None:
        return round(100 * self.planned_dwellings / self.dwellings) if self.dwellings else None

    @property
    def initiatives_total(self) -> int:
        return sum(self.initiatives.values())

    @property
    def initiatives_by_phase(self) -> list[tuple[str, int]]:
        return [(label, self.initiatives.get(value, 0)) for value, label in Initiative.Phase.choices]


def _municipality_aggregates():
    return {
        "total": Count("pk"),
        "vision_adopted": Count("pk", filter=Q(progress__vision_status=ADOPTED)),
        "vision_in_preparation": Count("pk", filter=Q(progress__vision_status=AdoptionStatus.IN_PREPARATION)),
        "programme_adopted": Count("pk", filter=Q(progress__programme_status=ADOPTED)),
        "programme_in_preparation": Count("pk", filter=Q(progress__programme_status=AdoptionStatus.IN_PREPARATION)),
        "flagged": Count("pk", filter=Q(progress__flagged=True)),
        "dwellings": Sum("dwellings"),
    }


def _neighbourhood_aggregates():
    planned = Q(period_start__isnull=False)
    return {
        "neighbourhoods": Count("pk"),
        "neighbourhoods_planned": Count("pk", filter=planned),
        "planned_dwellings": Coalesce(Sum("dwellings", filter=planned), 0),
    }


def _figures_from(row: dict, neighbourhoods: dict, initiatives: dict) -> Figures:
    return Figures(
        municipalities=row["total"],
        vision_adopted=row["vision_adopted"],
        vision_in_preparation=row["vision_in_preparation"],
        programme_adopted=row["programme_adopted"],
        programme_in_preparation=row["programme_in_preparation"],
        flagged=row["flagged"],
        dwellings=row["dwellings"],
        neighbourhoods=neighbourhoods.get("neighbourhoods", 0),
        neighbourhoods_planned=neighbourhoods.get("neighbourhoods_planned", 0),
        planned_dwellings=neighbourhoods.get("planned_dwellings", 0),
        initiatives=initiatives,
    )


def progress_figures(*, municipalities: QuerySet[Municipality]) -> Figures:
    """Headline figures of a set of municipalities (region, province, country): 3 queries."""
    row = municipalities.order_by().aggregate(**_municipality_aggregates())
    neighbourhoods = Neighbourhood.objects.filter(municipality__in=municipalities).aggregate(
        **_neighbourhood_aggregates()
    )
    phases = (
        Initiative.objects.filter(municipality__in=municipalities)
        .order_by()
        .values("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    return _figures_from(row, neighbourhoods, dict(phases))


def progress_rollup(*, municipalities: QuerySet[Municipality], by: str) -> list[tuple]:
    """Figures per RES region or province (BY = "res_region" or "province"): 3 queries.
    Returns [(code, name, Figures)] ordered by name."""
    rows = (
        municipalities.order_by()
        .values(f"{by}_id", f"{by}__code", f"{by}__name")
        .annotate(**_municipality_aggregates())
        .order_by(f"{by}__name")
    )
    neighbourhoods = {
        row.pop("key"): row
        for row in Neighbourhood.objects.filter(municipality__in=municipalities)
        .order_by()
        .values(key=F(f"municipality__{by}_id"))
        .annotate(**_neighbourhood_aggregates())
    }
    phases: dict = defaultdict(dict)
    for key, phase, n in (
        Initiative.objects.filter(municipality__in=municipalities)
        .order_by()
        .values(f"municipality__{by}_id", "phase")
        .annotate(n=Count("pk"))
        .values_list(f"municipality__{by}_id", "phase", "n")
    ):
        phases[key][phase] = n
    return [
        (
            row[f"{by}__code"],
            row[f"{by}__name"],
            _figures_from(row, neighbourhoods.get(row[f"{by}_id"], {}), phases.get(row[f"{by}_id"], {})),
        )
        for row in rows
    ]


# --- Timeline of adopted visions --------------------------------------------------------------
@dataclass
class Quarter:
    year: int
    quarter: int
    municipalities: list = field(default_factory=list)
    width: int = 0

    @property
    def label(self) -> str:
        return _("%(year)s, kwartaal %(quarter)s") % {"year": self.year, "quarter": self.quarter}

    @property
    def count(self) -> int:
        return len(self.municipalities)


def adoption_timeline(*, municipalities: QuerySet[Municipality]) -> list[Quarter]:
    """Adopted visions per quarter, from the first to the last, empty quarters included: 1 query."""
    adopted = (
        municipalities.filter(progress__vision_status=ADOPTED, progress__vision_adopted_on__isnull=False)
        .order_by("progress__vision_adopted_on", "name")
        .values_list("name", "progress__vision_adopted_on")
    )
    by_quarter: dict = defaultdict(list)
    for name, adopted_on in adopted:
        by_quarter[(adopted_on.year, (adopted_on.month - 1) // 3 + 1)].append((name, adopted_on))
    if not by_quarter:
        return []
    first, last = min(by_quarter), max(by_quarter)
    quarters, (year, q) = [], first
    while (year, q) <= last:
        quarters.append(Quarter(year, q, by_quarter.get((year, q), [])))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    most = max(quarter.count for quarter in quarters)
    for quarter in quarters:
        quarter.width = round(100 * quarter.count / most)
    return quarters


# --- Change log from the history tables ---------------------------------------------------------
@dataclass
class Change:
    when: dt.datetime
    who: str
    municipality_id: int
    subject: str
    action: str
    fields: list  # [(label, old, new)]
    municipality_name: str = ""
    kind: str = "~"  # simple_history's history_type: + created, ~ changed, - deleted


def _display(record, name: str) -> str:
    value = getattr(record, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j F Y")
    if name == "dwellings":
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    getter = getattr(record, f"get_{name}_display", None)
    return str(getter()) if getter else str(value)


def _tracked():
    """(history model, municipality field, fields shown, subject of a record)."""
    return [
        (
            Progress.history.model,
            "municipality_id",
            [
                "vision_status",
                "vision_adopted_on",
                "vision_url",
                "programme_status",
                "programme_adopted_on",
                "programme_url",
                "revision_due_on",
                "flagged",
                "flag_reason",
            ],
            lambda r: _("Visie en warmteprogramma"),
        ),
        (
            Neighbourhood.history.model,
            "municipality_id",
            [
                "name",
                "cbs_code",
                "dwellings",
                "period_start",
                "period_end",
                "alternative",
                "insulation_first",
                "wup_status",
            ],
            lambda r: _("Wijk %(name)s") % {"name": r.name},
        ),
        (
            Initiative.history.model,
            "municipality_id",
            [
                "name",
                "phase",
                "heat_solution",
                "contact_name",
                "contact_email",
                "collaboration",
                "collaboration_notes",
            ],
            lambda r: _("Initiatief %(name)s") % {"name": r.name},
        ),
        (Municipality.history.model, "id", ["dwellings"], lambda r: _("Aantal woningen")),
    ]


ACTIONS = {"+": gettext_lazy("toegevoegd"), "~": gettext_lazy("gewijzigd"), "-": gettext_lazy("verwijderd")}


def _change(record, previous, municipality_field, names, subject) -> Change | None:
    model = record.instance_type
    label = {name: str(model._meta.get_field(name).verbose_name) for name in names}
    if record.history_type == "~" and previous is not None:
        fields = [
            (label[n], _display(previous, n), _display(record, n))
            for n in names
            if getattr(previous, n) != getattr(record, n)
        ]
        if not fields:
            return None
    else:
        shown = previous if record.history_type == "-" and previous is not None else record
        # A new progress row starts "not started": only what differs from that is news.
        defaults = {n: model._meta.get_field(n).get_default() if model is Progress else None for n in names}
        fields = [
            (label[n], "", _display(shown, n)) for n in names if getattr(shown, n) not in (None, "", False, defaults[n])
        ]
        if record.history_type == "+" and not fields and model is Progress:
            return None  # the empty row made by a first edit; that edit follows as its own change
    user = record.history_user
    return Change(
        when=record.history_date,
        who=(user.full_name or user.email) if user else _("onbekend (import of beheer)"),
        municipality_id=getattr(record, municipality_field),
        subject=subject(record),
        action=str(ACTIONS[record.history_type]),
        fields=fields,
        kind=record.history_type,
    )


def change_log(*, municipality_ids, since=None, until=None, limit: int | None = None) -> list[Change]:
    """What changed in MUNICIPALITY_IDS between SINCE and UNTIL, newest first: one query per
    history table (4). Each record is compared with the record before it of the same object."""
    changes: list[Change] = []
    for model, municipality_field, names, subject in _tracked():
        window = Q()
        if since is not None:
            window &= Q(history_date__gte=since)
        if until is not None:
            window &= Q(history_date__lt=until)
        touched = model.objects.filter(window, **{f"{municipality_field}__in": municipality_ids}).values("id")
        if municipality_field == "id":
            # Reference data loads create municipalities without a user: only dwellings count.
            touched = touched.filter(history_type="~")
        records = model.objects.filter(id__in=touched).select_related("history_user").order_by("id", "history_date")
        if until is not None:
            records = records.filter(history_date__lt=until)
        previous = None
        for record in records:
            if previous is not None and previous.id != record.id:
                previous = None
            in_window = (since is None or record.history_date >= since) and (
                until is None or record.history_date < until
            )
            if in_window and not (municipality_field == "id" and record.history_type != "~"):
                change = _change(record, previous, municipality_field, names, subject)
                if change:
                    changes.append(change)
            previous = record
    changes.sort(key=lambda c: c.when, reverse=True)
    changes = changes[:limit] if limit else changes
    if changes:
        names = dict(Municipality.objects.filter(pk__in={c.municipality_id for c in changes}).values_list("pk", "name"))
        for change in changes:
            change.municipality_name = names.get(change.municipality_id, "")
    return changes


def comments_between(*, municipality_ids, since=None, until=None) -> list[ProgressComment]:
    comments = ProgressComment.objects.filter(municipality_id__in=municipality_ids).select_related(
        "author", "municipality"
    )
    if since is not None:
        comments = comments.filter(created_at__gte=since)
    if until is not None:
        comments = comments.filter(created_at__lt=until)
    return list(comments.order_by("-created_at"))


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
