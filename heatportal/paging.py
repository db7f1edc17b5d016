"""A page of a queryset with its total counted in the same query.

Django's Paginator asks the database twice: COUNT(*) for the number of pages, then the page.
`counted_page` reads the page with COUNT(*) OVER () beside each row, so the total comes along;
only a page number past the end needs a second look (the count, then the last page). It answers
as Paginator.get_page does: not a number is the first page, past the end the last."""

import math

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

# Beyond any list the portal holds; keeps OFFSET inside PostgreSQL's bigint for absurd numbers.
_MAX_PAGE = 1_000_000


def _number(value) -> int:
    try:
        return min(max(int(value), 1), _MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _rows(objects: QuerySet, size: int, number: int) -> list:
    start = (number - 1) * size
    return list(objects.annotate(page_total=Window(Count("pk")))[start : start + size])


def counted_page(objects: QuerySet, size: int, number) -> Page:
    """Page NUMBER (any value from a query string) of OBJECTS, SIZE to a page; object_list is a list."""
    number = _number(number)
    rows = _rows(objects, size, number)
    if not rows and number > 1:
        number = max(math.ceil(objects.count() / size), 1)
        rows = _rows(objects, size, number)
    paginator = Paginator(rows, size)
    paginator.count = rows[0].page_total if rows else 0  # instead of the COUNT(*) of its own
    return Page(rows, number, paginator)
