"""Headline figures of a set of municipalities, rolled up per region or province, and the
timeline of adopted visions. Each does a fixed number of queries, however many municipalities."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from progress.models import AdoptionStatus, Initiative, Neighbourhood

ADOPTED = AdoptionStatus.ADOPTED


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


def _add(totals: dict, row: dict) -> None:
    """Add the aggregates of ROW to TOTALS; a sum over no value (None) leaves the total alone."""
    for key, value in row.items():
        if value is not None:
            totals[key] = (totals.get(key) or 0) + value
        else:
            totals.setdefault(key, None)


def _figures_from(row: dict, neighbourhoods: dict, initiatives: dict) -> Figures:
    return Figures(
        municipalities=row.get("total", 0),
        vision_adopted=row.get("vision_adopted", 0),
        vision_in_preparation=row.get("vision_in_preparation", 0),
        programme_adopted=row.get("programme_adopted", 0),
        programme_in_preparation=row.get("programme_in_preparation", 0),
        flagged=row.get("flagged", 0),
        dwellings=row.get("dwellings"),
        neighbourhoods=neighbourhoods.get("neighbourhoods", 0),
        neighbourhoods_planned=neighbourhoods.get("neighbourhoods_planned", 0),
        planned_dwellings=neighbourhoods.get("planned_dwellings", 0),
        initiatives=initiatives,
    )


MUNICIPALITY_FIGURES = tuple(_municipality_aggregates())
NEIGHBOURHOOD_FIGURES = tuple(_neighbourhood_aggregates())
# Rollup name -> the key its rows are grouped on.
GROUPS = {"province": "province_id", "res_region": "res_region_id"}


def _grouped(municipalities: QuerySet[Municipality]) -> tuple[list, list, list]:
    """The aggregates per (province, RES region) pair: some forty rows for the whole country,
    3 queries, from which the totals and each rollup are summed."""
    rows = list(
        municipalities.order_by()
        .values("province_id", "res_region_id", "province__code", "province__name")
        .annotate(region_code=F("res_region__code"), region_name=F("res_region__name"))
        .annotate(**_municipality_aggregates())
    )
    pair = {"province_id": F("municipality__province_id"), "res_region_id": F("municipality__res_region_id")}
    neighbourhoods = list(
        Neighbourhood.objects.filter(municipality__in=municipalities)
        .order_by()
        .values(**pair)
        .annotate(**_neighbourhood_aggregates())
    )
    phases = list(
        Initiative.objects.filter(municipality__in=municipalities)
        .order_by()
        .values(**pair, kind=F("phase"))
        .annotate(n=Count("pk"))
    )
    return rows, neighbourhoods, phases


def _sum(rows, neighbourhoods, phases, key=None) -> dict:
    """{group id: Figures} for rows grouped on KEY ("province_id", "res_region_id"), or
    {None: Figures} of them all."""
    totals: dict = defaultdict(lambda: ({}, {}, defaultdict(int)))
    for row in rows:
        _add(totals[row[key] if key else None][0], {name: row[name] for name in MUNICIPALITY_FIGURES})
    for row in neighbourhoods:
        _add(totals[row[key] if key else None][1], {name: row[name] for name in NEIGHBOURHOOD_FIGURES})
    for row in phases:
        totals[row[key] if key else None][2][row["kind"]] += row["n"]
    return {group: _figures_from(m, n, dict(p)) for group, (m, n, p) in totals.items()}


def _names(rows, rollup: str) -> list[tuple]:
    """[(id, code, name)] of the provinces or regions of ROWS, ordered by name; a municipality
    outside any region (none in the reference data) counts in the totals only."""
    key = GROUPS[rollup]
    code, name = ("province__code", "province__name") if rollup == "province" else ("region_code", "region_name")
    seen = {row[key]: (row[code], row[name]) for row in rows if row[key] is not None}
    return sorted(((pk, c, n) for pk, (c, n) in seen.items()), key=lambda item: item[2])


def progress_summary(*, municipalities: QuerySet[Municipality], rollups=tuple(GROUPS)) -> tuple[Figures, dict]:
    """Headline figures of a set of municipalities and their rollups per province and per RES
    region ({"province": [(code, name, Figures)], "res_region": [...]}): 3 queries in all."""
    rows, neighbourhoods, phases = _grouped(municipalities)
    figures = _sum(rows, neighbourhoods, phases).get(None) or _figures_from({}, {}, {})
    by = {}
    for rollup in rollups:
        sums = _sum(rows, neighbourhoods, phases, GROUPS[rollup])
        by[rollup] = [(code, name, sums[pk]) for pk, code, name in _names(rows, rollup)]
    return figures, by


def progress_figures(*, municipalities: QuerySet[Municipality]) -> Figures:
    """Headline figures of a set of municipalities (region, province, country): 3 queries."""
    return progress_summary(municipalities=municipalities, rollups=())[0]


def progress_rollup(*, municipalities: QuerySet[Municipality], by: str) -> list[tuple]:
    """Figures per RES region or province (BY = "res_region" or "province"): 3 queries.
    Returns [(code, name, Figures)] ordered by name."""
    return progress_summary(municipalities=municipalities, rollups=(by,))[1][by]


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
