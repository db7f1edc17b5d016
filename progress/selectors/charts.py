"""The data behind the overview charts: status of the vision and the warmteprogramma at each
quarter's end (from the history), the state of each municipality's headline deadline, and
the programme status per province. Pure data: progress/charts.py draws it."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from progress.deadlines import DeadlineState, headlines_of
from progress.models import AdoptionStatus, Progress

MAX_QUARTERS = 12
STATUSES = [AdoptionStatus.NOT_STARTED, AdoptionStatus.IN_PREPARATION, AdoptionStatus.ADOPTED]
NO_DATE = "no_date"
DEADLINE_STATES = [
    DeadlineState.MET,
    DeadlineState.ON_TRACK,
    DeadlineState.AT_RISK,
    DeadlineState.OVERDUE,
    NO_DATE,
]


@dataclass
class Tally:
    """Counts of municipalities per key (a status or a deadline state), in KEYS' order."""

    label: str
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter - 2, 1)


def _quarters(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Quarters from FIRST to LAST, the most recent MAX_QUARTERS of them."""
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = _next_quarter(*current)
    return quarters[-MAX_QUARTERS:]


def quarter_label(year: int, quarter: int) -> str:
    return _("K%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


HISTORY_FIELDS = ("municipality_id", "history_date", "history_type", "vision_status", "programme_status")
ADOPTION_FIELDS = ("vision_adopted_on", "programme_adopted_on")


def _history_rows(municipalities: QuerySet[Municipality], today: dt.date) -> list[tuple]:
    """The history records of MUNICIPALITIES up to TODAY, oldest first, dated by local day."""
    rows = (
        Progress.history.model.objects.filter(municipality_id__in=municipalities.values("pk"))
        .order_by("history_date", "history_id")
        .values_list(*HISTORY_FIELDS, *ADOPTION_FIELDS)
    )
    rows = [(pk, timezone.localdate(when), *rest) for pk, when, *rest in rows]
    return [row for row in rows if row[1] <= today]


def _replayed(records: list) -> tuple[list, dict]:
    """RECORDS (history, oldest first) as [(pk, day, kind, vision, programme)], and per
    municipality the adoption dates its newest record holds ({pk: (vision_on, programme_on)})."""
    replay, adopted = [], {}
    for pk, when, kind, vision, programme, vision_on, programme_on in records:
        replay.append((pk, when, kind, vision, programme))
        adopted[pk] = (
            (vision_on if vision == AdoptionStatus.ADOPTED else None),
            (programme_on if programme == AdoptionStatus.ADOPTED else None),
        )
        if kind == "-":
            adopted.pop(pk)
    return replay, adopted


def _state_at(state: dict, adopted: dict, end: dt.date) -> list[tuple[str, str]]:
    """The statuses at a quarter's END: the replayed STATE, and adopted wherever the adoption date
    (a fact the council set) lies before END, even if the portal learned of it later."""
    result = []
    for pk in state.keys() | {pk for pk, dates in adopted.items() if any(d and d < end for d in dates)}:
        vision, programme = state.get(pk, (AdoptionStatus.NOT_STARTED, AdoptionStatus.NOT_STARTED))
        vision_on, programme_on = adopted.get(pk, (None, None))
        result.append(
            (
                AdoptionStatus.ADOPTED if vision_on and vision_on < end else vision,
                AdoptionStatus.ADOPTED if programme_on and programme_on < end else programme,
            )
        )
    return result


def status_over_time(
    *, municipalities: QuerySet[Municipality], total: int, today: dt.date | None = None
) -> dict[str, list[Tally]]:
    """{"vision": [Tally per quarter], "programme": [...]}: how many of MUNICIPALITIES (TOTAL of
    them) had each status at the end of each quarter (the current one: today), from the quarter
    of the first recorded change or adoption, at most the last MAX_QUARTERS. One query: the
    history records, replayed in order; a municipality without a record before a quarter's end
    had not started, and an adoption counts from its date (a vision adopted in 2021 and entered
    in 2026 was adopted in 2024 too)."""
    today = today or timezone.localdate()
    records, adopted = _replayed(_history_rows(municipalities, today))
    if not records:
        return {"vision": [], "programme": []}
    first = min([records[0][1], *(d for dates in adopted.values() for d in dates if d)])
    quarters = _quarters(_quarter_of(first), _quarter_of(today))
    state: dict[int, tuple[str, str]] = {}
    result: dict[str, list[Tally]] = {"vision": [], "programme": []}
    position = 0
    for year, quarter in quarters:
        end = _quarter_start(*_next_quarter(year, quarter))
        while position < len(records) and records[position][1] < end:
            pk, _when, kind, vision, programme = records[position]
            if kind == "-":
                state.pop(pk, None)
            else:
                state[pk] = (vision, programme)
            position += 1
        statuses = _state_at(state, adopted, end)
        for index, key in enumerate(("vision", "programme")):
            counts = Counter(values[index] for values in statuses)
            started = counts[AdoptionStatus.IN_PREPARATION] + counts[AdoptionStatus.ADOPTED]
            result[key].append(
                Tally(
                    quarter_label(year, quarter),
                    {
                        AdoptionStatus.NOT_STARTED: max(total - started, 0),
                        AdoptionStatus.IN_PREPARATION: counts[AdoptionStatus.IN_PREPARATION],
                        AdoptionStatus.ADOPTED: counts[AdoptionStatus.ADOPTED],
                    },
                )
            )
    return result


def deadline_states(*, deadlines: list, total: int) -> Tally:
    """How many of TOTAL municipalities have a headline deadline in each state, from their
    DEADLINES (progress.deadlines.scope_deadlines); those without a dated deadline count as
    "no date". No query."""
    headlines = headlines_of(deadlines)
    counts = Counter(view.state for view in headlines.values() if view is not None)
    dated = sum(counts.values())
    return Tally(
        _("Termijnen"),
        {**{state: counts[state] for state in DEADLINE_STATES[:-1]}, NO_DATE: max(total - dated, 0)},
    )


def programme_by_province(provinces) -> list[Tally]:
    """The warmteprogramma status per province from the rollup figures ([(code, name, Figures)],
    progress.selectors.figures): no query."""
    return [
        Tally(
            name,
            {
                AdoptionStatus.NOT_STARTED: figures.municipalities
                - figures.programme_adopted
                - figures.programme_in_preparation,
                AdoptionStatus.IN_PREPARATION: figures.programme_in_preparation,
                AdoptionStatus.ADOPTED: figures.programme_adopted,
            },
        )
        for _code, name, figures in provinces or []
    ]
