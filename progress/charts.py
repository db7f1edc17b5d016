"""Geometry of the overview charts, drawn as SVG by progress/templates/progress/_chart_*.html:
stacked bars from counts (progress.selectors.charts). Integer pixels, rounded on the running
total so the segments always add up to the bar's full length and a zero count draws nothing."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from progress.deadlines import DeadlineState
from progress.models import AdoptionStatus
from progress.selectors.charts import DEADLINE_STATES, NO_DATE, STATUSES, Tally

# A label needs this many pixels of its segment to fit inside it with room to spare: 14-pixel
# digits with their 3-pixel halo; closer, two neighbours' counts read as one ("1 1").
MIN_LABEL_WIDTH = 30
MIN_LABEL_HEIGHT = 22
BAR_LENGTH = 400  # pixels of a horizontal bar in the SVG's own units (it scales with the page)


@dataclass(frozen=True)
class Series:
    """One kind of segment: its colour (at least 3:1 against the white page and the white gap
    between segments, WCAG 1.4.11) and a pattern, so colour is never the only difference."""

    key: str
    label: str
    colour: str
    pattern: str  # "" (solid) or the id of a pattern in _chart_defs.html


STATUS_SERIES = [
    Series(AdoptionStatus.NOT_STARTED, AdoptionStatus.NOT_STARTED.label, "#6b6b6b", "hp-pattern-dots"),
    Series(AdoptionStatus.IN_PREPARATION, AdoptionStatus.IN_PREPARATION.label, "#a35200", "hp-pattern-stripes"),
    Series(AdoptionStatus.ADOPTED, AdoptionStatus.ADOPTED.label, "#2a7a2e", ""),
]
DEADLINE_SERIES = [
    Series(DeadlineState.MET, DeadlineState.MET.label, "#2a7a2e", ""),
    Series(DeadlineState.ON_TRACK, DeadlineState.ON_TRACK.label, "#1f5fa8", "hp-pattern-lines"),
    Series(DeadlineState.AT_RISK, DeadlineState.AT_RISK.label, "#a35200", "hp-pattern-stripes"),
    Series(DeadlineState.OVERDUE, DeadlineState.OVERDUE.label, "#b3261e", "hp-pattern-cross"),
    Series(NO_DATE, _("Geen datum"), "#6b6b6b", "hp-pattern-dots"),
]
assert [s.key for s in STATUS_SERIES] == STATUSES and [s.key for s in DEADLINE_SERIES] == DEADLINE_STATES


@dataclass(frozen=True)
class Segment:
    series: Series
    count: int
    start: int  # pixels from the bar's start
    size: int

    @property
    def centre(self) -> float:
        return self.start + self.size / 2


def segments(counts: dict, series: list[Series], length: int) -> list[Segment]:
    """Segments of a bar LENGTH pixels long for COUNTS, in the order of SERIES; none for a zero
    count. The ends are rounded on the running total, so the sizes add up to LENGTH exactly."""
    total = sum(counts.get(s.key, 0) for s in series)
    result, running, start = [], 0, 0
    if total <= 0:
        return result
    for item in series:
        count = counts.get(item.key, 0)
        if count <= 0:
            continue
        running += count
        end = round(running * length / total)
        if end > start:
            result.append(Segment(item, count, start, end - start))
        start = end
    return result


@dataclass
class Bar:
    """A horizontal stacked bar: its label, segments (x from 0) and whether each count fits."""

    label: str
    total: int
    length: int
    segments: list[Segment] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)  # the counts in the order of the series, for the table

    @property
    def labelled(self) -> list[Segment]:
        return [s for s in self.segments if s.size >= MIN_LABEL_WIDTH]


def bar(tally: Tally, series: list[Series], *, length: int) -> Bar:
    cells = [tally.counts.get(s.key, 0) for s in series]
    return Bar(tally.label, tally.total, length, segments(tally.counts, series, length), cells)


def small_multiples(tallies: list[Tally], series: list[Series], *, length: int) -> list[Bar]:
    """One bar per tally on the same scale: the largest total fills LENGTH, the others are as
    long as their total is of it (a province with half the municipalities, half the bar)."""
    most = max((t.total for t in tallies), default=0)
    return [bar(t, series, length=round(length * t.total / most) if most else 0) for t in tallies]


@dataclass
class Column:
    label: str
    year_label: str
    x: int
    width: int
    total: int
    segments: list = field(default_factory=list)  # [(Segment, y)], y from the top
    cells: list[int] = field(default_factory=list)
    full_label: str = ""

    @property
    def centre(self) -> float:
        return self.width / 2

    @property
    def labelled(self) -> list:
        return [(s, y) for s, y in self.segments if s.size >= MIN_LABEL_HEIGHT]


@dataclass
class Columns:
    width: int
    height: int  # of the plot area; the axis labels go below it
    top: int
    most: int
    columns: list[Column] = field(default_factory=list)


def columns(tallies: list[Tally], series: list[Series], *, width: int = 480, height: int = 180) -> Columns:
    """A column per tally (a quarter), stacked from the bottom, on one scale: the largest total
    is HEIGHT pixels tall. Labels "K1 2026" are split in two lines under the column."""
    top = 8
    chart = Columns(width, height, top, max((t.total for t in tallies), default=0))
    if not tallies:
        return chart
    slot = width // len(tallies)
    gap = max(slot // 5, 2)
    for index, tally in enumerate(tallies):
        size = round(height * tally.total / chart.most) if chart.most else 0
        # Stacked upwards: the first series sits at the bottom.
        stacked = [(s, top + height - s.start - s.size) for s in segments(tally.counts, series, size)]
        quarter, _space, year = tally.label.partition(" ")
        cells = [tally.counts.get(s.key, 0) for s in series]
        x = index * slot + gap // 2
        chart.columns.append(Column(quarter, year, x, slot - gap, tally.total, stacked, cells, tally.label))
    return chart


def legend(series: list[Series], counts: dict | None = None) -> list[tuple[Series, int | None]]:
    return [(s, (counts or {}).get(s.key)) for s in series]
