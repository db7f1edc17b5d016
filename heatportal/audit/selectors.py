"""Reading the audit log: a filtered page of the whole log, and the rows of one object.

The log only grows (five years of it at national scale), so a page is read as SIZE + 1 rows
along the (-at) index and never counted: "Volgende" shows when the extra row exists."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from heatportal.audit.models import ActionLog

PAGE_SIZE = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class LogFilter:
    action: str = ""
    actor: str = ""
    query: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class LogPage:
    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filtered(f: LogFilter) -> QuerySet:
    rows = ActionLog.objects.all()
    if f.action:
        rows = rows.filter(action=f.action)
    if f.actor:
        rows = rows.filter(actor_label__icontains=f.actor)
    if f.query:
        rows = rows.filter(Q(object_label__icontains=f.query) | Q(summary__icontains=f.query))
    if f.date_from:
        rows = rows.filter(at__gte=_day_start(f.date_from))
    if f.date_to:
        rows = rows.filter(at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    return rows


def log_page(*, filters: LogFilter, number: int = 1, size: int = PAGE_SIZE) -> LogPage:
    number = min(max(number, 1), MAX_PAGE)
    start = (number - 1) * size
    rows = list(_filtered(filters).select_related("content_type").order_by("-at", "-pk")[start : start + size + 1])
    return LogPage(rows=rows[:size], number=number, has_next=len(rows) > size)


def object_history(obj: Model, *, limit: int = 200) -> list[ActionLog]:
    """The rows about OBJ, newest first (a session's or lab's "Geschiedenis")."""
    content_type = ContentType.objects.get_for_model(obj)
    return list(
        ActionLog.objects.filter(content_type=content_type, object_id=str(obj.pk)).order_by("-at", "-pk")[:limit]
    )
