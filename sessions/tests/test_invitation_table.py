"""The invitations table of the session page: a page at a time, filtered, its counts from one
aggregate that never reads a message, and the sending poll that brings only rows that moved."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from heatportal.mail.models import Email
from municipalities.models import Contact
from sessions.invitation_selectors import POLL_OVERLAP, Delivery, invitation_progress, invitation_table
from sessions.models import Invitation
from sessions.tests.factories import InvitationFactory, SessionFactory
from tests.factories import ContactFactory, OrganisationFactory
from tests.hostile.common import HYPOTHESIS_GET, client_for
from tests.hostile.strategies import hostile_values

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
SECRET = "GEHEIM-BERICHT"


def invited(session, n: int, *, prefix: str = "Genodigde", organisation=None, **fields) -> list[Invitation]:
    contacts = Contact.objects.bulk_create(
        Contact(name=f"{prefix} {i:03d}", email=f"{prefix.lower()}{i}@example.org", organisation=organisation)
        for i in range(n)
    )
    return Invitation.objects.bulk_create(Invitation(session=session, contact=c, **fields) for c in contacts)


def mailed(invitation: Invitation, status: str, *, moved: dt.datetime | None = None, **fields) -> Email:
    """Give INVITATION its outbox row in STATUS, last changed at MOVED (now without)."""
    email = Email.objects.create(
        key=f"test:invitation:{invitation.pk}",
        to_email=invitation.contact.email,
        subject="Uitnodiging",
        body_text=SECRET,
        body_html=f"<p>{SECRET}</p>",
        attachments=[{"filename": "sessie.ics", "mimetype": "text/calendar", "content": SECRET}],
        status=status,
        **fields,
    )
    if moved:
        Email.objects.filter(pk=email.pk).update(updated_at=moved)
    Invitation.objects.filter(pk=invitation.pk).update(email=email, send_requested_at=timezone.now())
    return email


def rows(response) -> list[str]:
    return re.findall(r'<tr id="invitation-(\d+)"', response.content.decode())


def poll_url(response) -> str:
    match = re.search(r'<div id="invitations-progress" hx-get="([^"]+)"', response.content.decode())
    return html.unescape(match.group(1)) if match else ""


@pytest.fixture
def planner(client, world):
    client.force_login(world.users["staff_drenthe"])
    return client


def test_the_table_shows_one_page_and_the_counts_of_all(planner, planned):
    invitations = invited(planned, 60)
    for invitation in invitations[:55]:
        mailed(invitation, Email.Status.SENT)
    url = reverse("sessions:detail", kwargs={"pk": planned.pk})
    first = planner.get(url)
    body = first.content.decode()
    assert len(rows(first)) == 50 and "Genodigde 000" in body and "Genodigde 050" not in body
    assert "Verzonden: 55 van 55" in body and "5 nog niet verstuurd" in body
    assert "Pagina 1 van 2" in body and "pagina=2" in body
    second = planner.get(url, {"pagina": 2}, headers={**HTMX, "HX-Target": "invitations"})
    assert len(rows(second)) == 10 and "Genodigde 059" in second.content.decode()
    assert second.content.decode().lstrip().startswith('<div id="invitations"')


def test_each_filter_narrows_the_rows(planner, planned):
    corporation = OrganisationFactory(type="housing_corporation")
    people = invited(planned, 6, prefix="Corporatie", organisation=corporation)
    others = invited(planned, 4, prefix="Ander", organisation=OrganisationFactory(type="grid_operator"))
    Invitation.objects.filter(pk__in=[people[0].pk, others[0].pk]).update(answer=Invitation.Answer.ACCEPTED)
    mailed(people[1], Email.Status.SENT)
    mailed(people[2], Email.Status.FAILED, last_error="550 unknown user")
    mailed(people[3], Email.Status.QUEUED, moved=timezone.now() - dt.timedelta(minutes=5))
    mailed(people[4], Email.Status.QUEUED)
    names = {inv.pk: inv.contact.name for inv in people + others}

    def shown(**params):
        response = planner.get(reverse("sessions:invitations", kwargs={"pk": planned.pk}), params, headers=HTMX)
        return sorted(names[int(pk)] for pk in rows(response))

    assert shown(antwoord="accepted") == ["Ander 000", "Corporatie 000"]
    assert shown(bezorging="sent") == ["Corporatie 001"]
    assert shown(bezorging="failed") == ["Corporatie 002"]
    assert shown(bezorging="queued") == ["Corporatie 003", "Corporatie 004"]
    assert shown(bezorging="stalled") == ["Corporatie 003"]
    assert shown(bezorging="not_sent") == ["Ander 000", "Ander 001", "Ander 002", "Ander 003", "Corporatie 000"] + [
        "Corporatie 005"
    ]
    assert shown(soort="grid_operator") == ["Ander 000", "Ander 001", "Ander 002", "Ander 003"]
    assert shown(q="CORPORATIE 00") == [f"Corporatie {i:03d}" for i in range(6)]
    assert shown(q="ander2@example") == ["Ander 002"]
    assert shown(q="corporatie", antwoord="accepted", soort="housing_corporation") == ["Corporatie 000"]
    page = planner.get(reverse("sessions:invitations", kwargs={"pk": planned.pk}), {"q": "ander"}, headers=HTMX)
    assert "4 van 10 genodigden" in page.content.decode()


def test_no_filter_or_poll_value_gives_a_server_error(world):
    session = SessionFactory(organiser_province=world.drenthe)
    urls = [reverse("sessions:detail", kwargs={"pk": session.pk}), reverse("sessions:invitations", args=[session.pk])]

    @HYPOTHESIS_GET
    @given(
        params=st.dictionaries(
            st.sampled_from(["antwoord", "bezorging", "soort", "q", "pagina", "sinds", "rijen"]),
            st.one_of(hostile_values, st.sampled_from(["-1", "0", "9" * 30, "1,2,x", "２", "2026-01-01T00:00:00"])),
            max_size=5,
        )
    )
    def check(params):
        for url in urls:
            assert client_for(world.users["staff_drenthe"]).get(url, params, headers=HTMX).status_code == 200

    check()


def test_the_counts_are_one_aggregate_that_never_reads_a_message(planned):
    invitations = invited(planned, 4)
    mailed(invitations[0], Email.Status.SENT)
    mailed(invitations[1], Email.Status.FAILED)
    mailed(invitations[2], Email.Status.SENDING, moved=timezone.now() - dt.timedelta(minutes=3))
    with CaptureQueriesContext(connection) as queries:
        progress = invitation_progress(session=planned)
        page = list(invitation_table(session=planned))
    assert len(queries) == 5  # the aggregate, one page of rows, their workshop preferences, days and places
    assert not [q for q in queries if "body_text" in q["sql"] or "body_html" in q["sql"] or "attachments" in q["sql"]]
    assert {key: progress[key] for key in ("total", "sent", "failed", "queued", "not_sent", "stalled")} == {
        "total": 4,
        "sent": 1,
        "failed": 1,
        "queued": 1,
        "not_sent": 1,
        "stalled": 1,
    }
    assert progress["handed_over"] == 3 and progress["pending"] == 4
    assert [inv.waiting_since is not None for inv in page] == [False, False, True, False]


def test_the_page_of_a_big_session_needs_no_more_queries_than_a_small_one(
    planner, planned, django_assert_max_num_queries
):
    url = reverse("sessions:invitations", kwargs={"pk": planned.pk})
    invited(planned, 3)
    planner.get(url, headers=HTMX)
    with CaptureQueriesContext(connection) as small:
        planner.get(url, headers=HTMX)
    for invitation in invited(planned, 120, prefix="Meer"):
        mailed(invitation, Email.Status.SENT)
    with django_assert_max_num_queries(len(small)):
        response = planner.get(url, headers=HTMX)
    assert len(rows(response)) == 50 and SECRET not in response.content.decode()


def test_the_poll_brings_the_figures_and_only_the_rows_that_moved(planner, planned):
    earlier = timezone.now() - dt.timedelta(hours=1)
    invitations = invited(planned, 4)
    emails = [mailed(invitation, Email.Status.QUEUED, moved=earlier) for invitation in invitations]
    page = planner.get(reverse("sessions:detail", kwargs={"pk": planned.pk}))
    url = poll_url(page)
    assert url.startswith(reverse("sessions:invitations", kwargs={"pk": planned.pk}) + "?sinds=")
    Email.objects.filter(pk=emails[1].pk).update(status=Email.Status.SENT, updated_at=timezone.now())

    response = planner.get(url, headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="invitations-progress"') and "Verzonden: 1 van 4" in body
    assert rows(response) == [str(invitations[1].pk)] and 'hx-swap-oob="true"' in body
    assert 'hx-trigger="every 2s"' in body  # three are still on their way
    # The next poll asks from the moment of this answer: a change from before (beyond the overlap
    # for transactions committed late) is not brought again.
    Email.objects.filter(pk=emails[1].pk).update(updated_at=timezone.now() - POLL_OVERLAP - dt.timedelta(seconds=1))
    assert rows(planner.get(poll_url(response), headers=HTMX)) == []


def test_a_row_that_stops_moving_comes_up_when_it_passes_the_minute(planner, planned):
    stalled_after = dt.timedelta(minutes=1)
    now = timezone.now()
    just_stalled, long_stalled, moving = invited(planned, 3)
    mailed(just_stalled, Email.Status.QUEUED, moved=now - stalled_after - dt.timedelta(seconds=2))
    mailed(long_stalled, Email.Status.QUEUED, moved=now - dt.timedelta(hours=2))
    mailed(moving, Email.Status.QUEUED, moved=now - dt.timedelta(hours=3))
    ids = ",".join(str(inv.pk) for inv in (just_stalled, long_stalled, moving))
    url = reverse("sessions:invitations", kwargs={"pk": planned.pk})
    response = planner.get(url, {"sinds": (now - dt.timedelta(seconds=2)).isoformat(), "rijen": ids}, headers=HTMX)
    assert rows(response) == [str(just_stalled.pk)]
    assert "wacht op verzending sinds" in response.content.decode()


def test_the_poll_ends_with_every_row_of_the_page_once_nothing_is_on_its_way(planner, planned):
    invitations = invited(planned, 3)
    for invitation in invitations:
        mailed(invitation, Email.Status.SENT, moved=timezone.now() - dt.timedelta(hours=1))
    other = InvitationFactory(session=SessionFactory(), contact=ContactFactory(email="ander@example.org"))
    ids = ",".join(str(pk) for pk in [inv.pk for inv in invitations] + [other.pk])
    url = reverse("sessions:invitations", kwargs={"pk": planned.pk})
    response = planner.get(url, {"sinds": timezone.now().isoformat(), "rijen": ids}, headers=HTMX)
    body = response.content.decode()
    assert "hx-trigger" not in body  # the poll stops here
    assert sorted(rows(response)) == sorted(str(inv.pk) for inv in invitations)
    assert "ander@example.org" not in body  # another session's invitation, whatever the URL asks


def test_the_partial_without_htmx_leads_to_the_page_at_the_same_filters(planner, planned):
    url = reverse("sessions:invitations", kwargs={"pk": planned.pk})
    response = planner.get(url, {"antwoord": "accepted", "pagina": "2", "sinds": "x", "rijen": "1"})
    detail = reverse("sessions:detail", kwargs={"pk": planned.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{detail}?antwoord=accepted&pagina=2#uitnodigingen"


def test_the_filter_form_offers_every_delivery_state(planner, planned):
    body = planner.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert 'role="search"' in body
    for value, label in Delivery.choices:
        assert f'<option value="{value}">{label}</option>' in body
