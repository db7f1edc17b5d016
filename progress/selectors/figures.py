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
