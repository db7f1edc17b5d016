from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet

from heatportal.mail.models import Email

# What a row of the outbox page shows: never the bodies or attachments.
LIST_FIELDS = ("created_at", "to_email", "subject", "status", "attempts", "last_error", "batch")
LIST_FIELDS += ("updated_at", "retry_after")  # whether it waits (Email.waiting_since)
PAGE_SIZE = 50


def _filtered(*, batch: str = "", query: str = "") -> QuerySet[Email]:
    emails = Email.objects.all()
    if batch:
        emails = emails.filter(batch=batch)
    if query:
        # UPPER(to_email) LIKE: a trigram index on PostgreSQL (migration 0006).
        emails = emails.filter(to_email__icontains=query)
    return emails


# Counting the whole outbox reads every entry of a status index (200,000 at national scale, tens
# of milliseconds, growing with the years): its overall counts are kept this long. A batch or a
# search narrows the aggregate to an index range and is counted afresh every time.
OVERALL_COUNTS_SECONDS = 10


def outbox_counts(*, batch: str = "", query: str = "") -> dict[str, int]:
    """Messages per status within the batch and search given, in one aggregate that reads the
    status indexes, not the rows' bodies."""
    overall = not batch and not query
    if overall and (cached := cache.get("mail:outbox-counts")) is not None:
        return cached
    rows = _filtered(batch=batch, query=query).order_by().values("status").annotate(n=Count("*"))
    counts = dict.fromkeys(Email.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    if overall:
        cache.set("mail:outbox-counts", counts, OVERALL_COUNTS_SECONDS)
    return counts


class _CountedPaginator(Paginator):
    """A paginator told its count (from outbox_counts) instead of counting the rows again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


def outbox_page(*, status: str = "", batch: str = "", query: str = "", page=None):
    """(page of messages newest first, counts per status): two queries, the page one walks the
    index on (-created_at, -id) and fetches PAGE_SIZE rows without their bodies."""
    counts = outbox_counts(batch=batch, query=query)
    emails = _filtered(batch=batch, query=query).only(*LIST_FIELDS).order_by("-created_at", "-id")
    if status:
        emails = emails.filter(status=status)
    total = counts[status] if status else sum(counts.values())
    return _CountedPaginator(emails, PAGE_SIZE, count=total).get_page(page), counts
