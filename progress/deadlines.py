"""The law's deadlines per municipality (Wgiw): worked out from the rules (LegalDeadline,
reference data) and the municipality's adoptions, overridden by hand with a reason, and their
state today.

- The first warmteprogramma is due on the rule's fixed date (31-12-2026) and met once the
  warmteprogramma is adopted.
- The next warmteprogramma is due five years after the current one's adoption; adopting a new
  one moves the date on, which is how "herziening uiterlijk" clears when the new document is
  adopted.
- The vision (TVW) is revised five years after its adoption; it is met when a warmteprogramma
  is adopted after it (the programme takes the vision's place under the Wgiw). While the first
  warmteprogramma is still open, that one act meets both: headlines and lists show the
  programme's deadline, not a revision it covers (the municipality page lists both).

Rows (progress.models.Deadline) exist for every current municipality, one per kind that has a
date, kept up to date by `deadlines_refresh`: after every adoption change (progress_update), a
change of a rule (the admin, `manage.py load_legal_deadlines`) and a daily beat run (new
municipalities after a merger). A state is worked out on reading, since it depends on today.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from progress.models import AdoptionStatus, Deadline, DeadlineKind, LegalDeadline, Progress

# Unmet and due within this many days: at risk whatever the status. Not started and due within a
# year: at risk too (a warmteprogramma takes a year of preparation and participation).
AT_RISK_DAYS = 92
NOT_STARTED_RISK_DAYS = 366


class DeadlineState(models.TextChoices):
    MET = "met", _("Gehaald")
    ON_TRACK = "on_track", _("Op schema")
    AT_RISK = "at_risk", _("Risico")
    OVERDUE = "overdue", _("Verlopen")


def add_years(day: dt.date, years: int) -> dt.date:
    """DAY moved YEARS on; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _adopted_on(progress: Progress | None, field: str) -> dt.date | None:
    if progress is None or getattr(progress, f"{field}_status") != AdoptionStatus.ADOPTED:
        return None
    return getattr(progress, f"{field}_adopted_on")


def law_dates(rule: LegalDeadline, progress: Progress | None) -> tuple[dt.date | None, dt.date | None]:
    """(due date by RULE, the date it was met) for a municipality with PROGRESS."""
    programme_on = _adopted_on(progress, "programme")
    vision_on = _adopted_on(progress, "vision")
    if rule.kind == DeadlineKind.PROGRAMME:
        return rule.due_on, programme_on
    if rule.kind == DeadlineKind.PROGRAMME_RENEWAL:
        return (add_years(programme_on, rule.years_after_adoption) if programme_on else None), None
    # VISION_REVISION
    if vision_on is None:
        return None, None
    met = programme_on if programme_on and programme_on >= vision_on else None
    return add_years(vision_on, rule.years_after_adoption), met


def _status_for(kind: str, progress: Progress | None) -> str:
    if progress is None:
        return AdoptionStatus.NOT_STARTED
    if kind == DeadlineKind.VISION_REVISION:
        return progress.programme_status
    if kind == DeadlineKind.PROGRAMME_RENEWAL:
        return AdoptionStatus.IN_PREPARATION  # the renewal's own preparation is not recorded
    return progress.programme_status


def deadline_state(
    *, kind: str, due_on: dt.date | None, met_on: dt.date | None, progress: Progress | None, today: dt.date
) -> str | None:
    """The DeadlineState of a deadline today, or None when it has no date yet."""
    if met_on is not None:
        return DeadlineState.MET
    if due_on is None:
        return None
    if today > due_on:
        return DeadlineState.OVERDUE
    days = (due_on - today).days
    if days <= AT_RISK_DAYS:
        return DeadlineState.AT_RISK
    if days <= NOT_STARTED_RISK_DAYS and _status_for(kind, progress) == AdoptionStatus.NOT_STARTED:
        return DeadlineState.AT_RISK
    return DeadlineState.ON_TRACK


@dataclass(frozen=True)
class DeadlineView:
    """A deadline as pages show it."""

    kind: str
    label: str
    due_on: dt.date | None
    law_due_on: dt.date | None
    met_on: dt.date | None
    state: str | None
    state_label: str
    days_left: int | None  # negative when overdue
    overridden: bool
    override_reason: str
    covered: bool = False  # a vision revision the open first warmteprogramma will meet

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def deadline_view(deadline: Deadline, progress: Progress | None, today: dt.date) -> DeadlineView:
    state = deadline_state(
        kind=deadline.kind, due_on=deadline.due_on, met_on=deadline.met_on, progress=progress, today=today
    )
    return DeadlineView(
        kind=deadline.kind,
        label=str(DeadlineKind(deadline.kind).label),
        due_on=deadline.due_on,
        law_due_on=deadline.law_due_on,
        met_on=deadline.met_on,
        state=state,
        state_label=str(DeadlineState(state).label) if state else "",
        days_left=(deadline.due_on - today).days if deadline.due_on and not deadline.met_on else None,
        overridden=deadline.is_overridden,
        override_reason=deadline.override_reason,
    )


# The order of urgency: which deadline a municipality's row shows when it has several.
URGENCY = {DeadlineState.OVERDUE: 0, DeadlineState.AT_RISK: 1, DeadlineState.ON_TRACK: 2, DeadlineState.MET: 3}


def _covered_by_programme(views: list[DeadlineView]) -> bool:
    """Whether VIEWS (one municipality's) hold an open first warmteprogramma: adopting it meets
    the vision's revision too, so that revision is not a deadline of its own to chase."""
    return any(v.kind == DeadlineKind.PROGRAMME and v.state and v.state != DeadlineState.MET for v in views)


def with_cover(views: list[DeadlineView]) -> list[DeadlineView]:
    """One municipality's VIEWS, a vision revision the open first warmteprogramma covers marked
    as such (the municipality page says so beside it)."""
    if not _covered_by_programme(views):
        return views
    return [replace(v, covered=True) if v.kind == DeadlineKind.VISION_REVISION else v for v in views]


def _uncovered(views: list[DeadlineView]) -> list[DeadlineView]:
    if not _covered_by_programme(views):
        return views
    return [v for v in views if v.kind != DeadlineKind.VISION_REVISION]


def headline(views: list[DeadlineView]) -> DeadlineView | None:
    """The deadline that matters most now: the most urgent state, then the earliest date; a met
    deadline only when nothing else is ahead (then the latest met). A vision revision the open
    first warmteprogramma covers does not count."""
    dated = [v for v in _uncovered(views) if v.state]
    if not dated:
        return None
    open_ = [v for v in dated if v.state != DeadlineState.MET]
    if open_:
        return min(open_, key=lambda v: (URGENCY[v.state], v.due_on))
    return max(dated, key=lambda v: v.met_on)


def scope_deadlines(*, municipalities, today: dt.date | None = None) -> list[tuple[Municipality, DeadlineView]]:
    """Every deadline of MUNICIPALITIES (a queryset, or ids), as (municipality, view), earliest
    first: 1 query, the municipality and its progress joined in."""
    today = today or timezone.localdate()
    rows = (
        Deadline.objects.filter(municipality__in=municipalities)
        .select_related("municipality__progress")
        .order_by("due_on", "municipality__name", "kind")
    )
    return [(row.municipality, deadline_view(row, _progress_of(row.municipality), today)) for row in rows]


def municipality_deadlines(
    *, municipality_ids, today: dt.date | None = None, progress: dict | None = None
) -> dict[int, list[DeadlineView]]:
    """Every deadline of each of MUNICIPALITY_IDS (a list or a queryset of ids), as views,
    earliest first: 1 query (with PROGRESS, the rows by municipality id, passed in: no join)."""
    result: dict[int, list[DeadlineView]] = {}
    if progress is None:
        for municipality, view in scope_deadlines(municipalities=municipality_ids, today=today):
            result.setdefault(municipality.pk, []).append(view)
        return result
    today = today or timezone.localdate()
    for deadline in Deadline.objects.filter(municipality_id__in=municipality_ids).order_by("due_on", "kind"):
        view = deadline_view(deadline, progress.get(deadline.municipality_id), today)
        result.setdefault(deadline.municipality_id, []).append(view)
    return result


def municipality_headlines(
    *, municipality_ids, today: dt.date | None = None, progress: dict | None = None
) -> dict[int, DeadlineView | None]:
    """The headline deadline of each of MUNICIPALITY_IDS (None: no dated deadline): 1 query."""
    views = municipality_deadlines(municipality_ids=municipality_ids, today=today, progress=progress)
    return {pk: headline(items) for pk, items in views.items()}


def headlines_of(deadlines: list[tuple[Municipality, DeadlineView]]) -> dict[int, DeadlineView | None]:
    """The headline of each municipality in DEADLINES (scope_deadlines): no query."""
    views: dict[int, list[DeadlineView]] = {}
    for municipality, view in deadlines:
        views.setdefault(municipality.pk, []).append(view)
    return {pk: headline(items) for pk, items in views.items()}


def quarter_end(day: dt.date) -> dt.date:
    """The last day of DAY's quarter."""
    last_month = ((day.month - 1) // 3 + 1) * 3
    return add_months(dt.date(day.year, last_month, 1), 1) - dt.timedelta(days=1)


def _progress_of(municipality: Municipality) -> Progress | None:
    try:
        return municipality.progress
    except Progress.DoesNotExist:
        return None


def open_until(deadlines: list[tuple[Municipality, DeadlineView]], until: dt.date) -> list:
    """Of DEADLINES (scope_deadlines), the ones not met and due by UNTIL (overdue ones too),
    earliest first, leaving out a vision revision the open first warmteprogramma covers: no query."""
    views: dict[int, list[DeadlineView]] = {}
    for municipality, view in deadlines:
        views.setdefault(municipality.pk, []).append(view)
    covered = {pk for pk, items in views.items() if _covered_by_programme(items)}
    return [
        (m, v)
        for m, v in deadlines
        if v.met_on is None
        and v.due_on is not None
        and v.due_on <= until
        and not (v.kind == DeadlineKind.VISION_REVISION and m.pk in covered)
    ]


def at_risk_this_quarter(deadlines: list, today: dt.date | None = None) -> list[tuple[Municipality, DeadlineView]]:
    """Of DEADLINES (scope_deadlines), the open ones overdue or due before this quarter ends."""
    return open_until(deadlines, quarter_end(today or timezone.localdate()))


def deadlines_coming(*, municipalities, today: dt.date | None = None, months: int = 3) -> list:
    """The open deadlines of MUNICIPALITIES due in the coming MONTHS (and the overdue ones),
    earliest first, with their municipality: the digest's lead. 1 query."""
    today = today or timezone.localdate()
    return open_until(scope_deadlines(municipalities=municipalities, today=today), add_months(today, months))


def add_months(day: dt.date, months: int) -> dt.date:
    """DAY moved MONTHS on, to the month's last day where it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- Writes ---------------------------------------------------------------------------------
@transaction.atomic
def deadlines_refresh(*, municipality_ids=None) -> int:
    """Bring the deadlines of MUNICIPALITY_IDS (default: every current municipality) in line with
    the rules and their adoptions: law dates and met dates recomputed, an overridden due date
    kept. Returns how many rows were created or changed. A fixed number of queries."""
    rules = list(LegalDeadline.objects.all())
    municipalities = Municipality.objects.current()
    if municipality_ids is not None:
        municipalities = municipalities.filter(pk__in=municipality_ids)
    ids = list(municipalities.values_list("pk", flat=True))
    progress = {p.municipality_id: p for p in Progress.objects.filter(municipality_id__in=ids)}
    existing = {
        (d.municipality_id, d.kind): d for d in Deadline.objects.select_for_update().filter(municipality_id__in=ids)
    }
    to_create, to_update = [], []
    now = timezone.now()
    for pk in ids:
        for rule in rules:
            law_due_on, met_on = law_dates(rule, progress.get(pk))
            row = existing.get((pk, rule.kind))
            if row is None:
                if law_due_on is not None or met_on is not None:
                    to_create.append(
                        Deadline(
                            municipality_id=pk, kind=rule.kind, law_due_on=law_due_on, due_on=law_due_on, met_on=met_on
                        )
                    )
                continue
            due_on = row.due_on if row.is_overridden else law_due_on
            if (row.law_due_on, row.due_on, row.met_on) != (law_due_on, due_on, met_on):
                row.law_due_on, row.due_on, row.met_on, row.updated_at = law_due_on, due_on, met_on, now
                to_update.append(row)
    # Computed dates follow the law and the adoptions (each in the progress history already):
    # no history rows of their own. Overrides, a person's decision, are saved with history.
    Deadline.objects.bulk_create(to_create)
    Deadline.objects.bulk_update(to_update, ["law_due_on", "due_on", "met_on", "updated_at"])
    return len(to_create) + len(to_update)
