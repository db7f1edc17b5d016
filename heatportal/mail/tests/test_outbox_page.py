"""The outbox page at scale: paged, filtered by status, batch and address, counted in one
aggregate, and each of its queries able to use an index rather than read the whole table."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from heatportal.mail.models import Email
from heatportal.mail.selectors import PAGE_SIZE, outbox_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox():
    """120 messages, newest last: 80 of a session's batch (70 sent, 10 failed), 40 on their own
    (queued); one address at a municipality."""
    now = timezone.now()
    rows = []
    for i in range(120):
        batch = "session-7-invitations" if i < 80 else ""
        status = Email.Status.QUEUED if i >= 80 else Email.Status.FAILED if i % 8 == 0 else Email.Status.SENT
        address = "wethouder@gemeente-assen.example" if i == 5 else f"ontvanger{i}@example.org"
        rows.append(
            Email(key=f"k{i}", to_email=address, subject=f"Bericht {i}", body_text="x", batch=batch, status=status)
        )
    Email.objects.bulk_create(rows)
    for i, email in enumerate(Email.objects.order_by("pk")):  # created in order, a second apart
        Email.objects.filter(pk=email.pk).update(created_at=now - timezone.timedelta(seconds=120 - i))
    return rows


def _subjects(page) -> list[str]:
    return [email.subject for email in page]


def test_the_page_shows_the_newest_fifty_and_counts_every_status(outbox, django_assert_num_queries):
    with django_assert_num_queries(2):  # the counts, the page: the paginator counts nothing again
        page, counts = outbox_page()
        subjects = _subjects(page)
    assert subjects == [f"Bericht {i}" for i in range(119, 119 - PAGE_SIZE, -1)]
    assert counts == {"queued": 40, "sending": 0, "sent": 70, "failed": 10}
    assert page.paginator.num_pages == 3
    last, _ = outbox_page(page=3)
    assert _subjects(last) == [f"Bericht {i}" for i in range(19, -1, -1)]


def test_filters_narrow_the_page_and_the_counts_follow_batch_and_address(outbox):
    page, counts = outbox_page(batch="session-7-invitations", status=Email.Status.FAILED)
    assert _subjects(page) == [f"Bericht {i}" for i in range(72, -1, -8)]
    assert counts == {"queued": 0, "sending": 0, "sent": 70, "failed": 10}  # the batch's, every status

    page, counts = outbox_page(query="GEMEENTE-assen")
    assert _subjects(page) == ["Bericht 5"]
    assert counts["sent"] == 1 and sum(counts.values()) == 1


def test_the_outbox_view_pages_over_htmx_within_its_queries(client, world, outbox, django_assert_num_queries):
    client.force_login(world.users["programme_admin"])
    url = reverse("mail:outbox")
    with django_assert_num_queries(6):  # session, user, second-factor device, roles, counts, page
        response = client.get(url, {"reeks": "session-7-invitations", "pagina": 2}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="outbox-results"' in html and "<form" not in html  # the partial alone
    assert "Bericht 29" in html and "Bericht 30" not in html and "Bericht 90" not in html
    assert "Pagina 2 van 2" in html
    assert "reeks=session-7-invitations&amp;pagina=1" in html  # links keep the filter
    assert "Verzonden: 70" in html and "In wachtrij: 0" in html


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # As on a table too big to read whole: the planner must have an index to go by.
        cursor.execute("ANALYZE mail_email")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_page_and_its_filters_each_have_an_index(outbox):
    from django.db.models import Count

    newest = Email.objects.order_by("-created_at", "-id")[:PAGE_SIZE]
    assert "mail_email_newest" in _plan(newest)
    search = Email.objects.filter(to_email__icontains="assen").order_by()
    assert "mail_email_address_trgm" in _plan(search)
    per_status = Email.objects.order_by().values("status").annotate(n=Count("*"))
    assert "Seq Scan" not in _plan(per_status)  # an index with status serves (index only, once vacuumed)
    in_batch = Email.objects.filter(batch="session-7-invitations").order_by().values("status").annotate(n=Count("*"))
    assert "mail_email_batch_status" in _plan(in_batch)


def test_the_overall_counts_are_kept_a_few_seconds_and_a_batch_is_counted_afresh(outbox, django_assert_num_queries):
    outbox_page()
    Email.objects.filter(status=Email.Status.QUEUED).update(status=Email.Status.SENT)
    with django_assert_num_queries(1):  # the page only: the whole outbox is not counted again
        page, counts = outbox_page(page=2)
        assert len(_subjects(page)) == PAGE_SIZE
    assert counts["queued"] == 40  # as counted a moment ago (OVERALL_COUNTS_SECONDS)
    _, counts = outbox_page(batch="session-7-invitations")
    assert counts == {"queued": 0, "sending": 0, "sent": 70, "failed": 10}
    Email.objects.filter(batch="session-7-invitations", status=Email.Status.FAILED).update(status=Email.Status.SENT)
    _, counts = outbox_page(batch="session-7-invitations")
    assert counts["failed"] == 0 and counts["sent"] == 80  # a batch is never served from memory
