"""The planning board at scale: current and coming sessions by default, held ones behind the
"Gehouden sessies" filter a page at a time, each municipality's state still right, and counts
that neither join the outbox nor grow the number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from heatportal.mail.models import Email
from sessions.list_selectors import BOARD_PAGE_SIZE
from sessions.models import Invitation, Session
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db

HELD, SCHEDULED, TO_SCHEDULE = Session.Status.HELD, Session.Status.SCHEDULED, Session.Status.TO_SCHEDULE


def _session(title, code, *days, status=SCHEDULED, province=None):
    session = SessionFactory(
        title=title, status=status, organiser_province=province, municipalities=[municipality(code)]
    )
    for day in days:
        SessionDayFactory(session=session, date=day)
    return session


@pytest.fixture
def periods(world, today):
    """Drenthe sessions of every kind of time: held long ago, past but never marked held, today,
    ahead, still without dates, and cancelled while still ahead."""
    d = world.drenthe
    return {
        "held_2020": _session("Gehouden Meppel 2020", "GM0119", dt.date(2020, 6, 10), status=HELD, province=d),
        "last_month": _session("Vorige maand Meppel", "GM0119", today - dt.timedelta(days=30), province=d),
        "today": _session("Vandaag Hoogeveen", "GM0118", today, province=d),
        "ahead": _session("Komend Assen", "GM0106", today + dt.timedelta(days=20), province=d),
        "undated": _session("Nog te plannen Emmen", "GM0114", status=TO_SCHEDULE, province=d),
        "cancelled": _session(
            "Geannuleerd Coevorden", "GM0109", today + dt.timedelta(days=5), status=Session.Status.CANCELLED, province=d
        ),
        "spanning": _session("Over vandaag heen Tynaarlo", "GM1730", today - dt.timedelta(days=1), today, province=d),
    }


def _board(client, **params):
    response = client.get(reverse("sessions:board"), params)
    assert response.status_code == 200
    rows = {row.municipality.name: row for row in response.context["rows"]}
    return response, rows, [s.title for s in response.context["sessions"]]


def test_board_shows_current_and_coming_sessions_only(client, world, periods):
    client.force_login(world.users["staff_drenthe"])
    response, rows, titles = _board(client)
    # By status (scheduled before to be planned), then first day.
    assert titles == ["Over vandaag heen Tynaarlo", "Vandaag Hoogeveen", "Komend Assen", "Nog te plannen Emmen"]
    assert [s.title for s in rows["Assen"].sessions] == ["Komend Assen"]
    assert [s.title for s in rows["Emmen"].sessions] == ["Nog te plannen Emmen"]
    assert rows["Meppel"].sessions == [] and rows["Coevorden"].sessions == []
    body = response.content.decode()
    assert "Gehouden Meppel 2020" not in body and "Geannuleerd Coevorden" not in body
    assert "Gehouden sessies bekijken" in body and "periode=gehouden" in body


def test_municipality_state_is_right_though_held_sessions_are_not_shown(client, world, periods):
    client.force_login(world.users["staff_drenthe"])
    _, rows, _ = _board(client)
    assert rows["Meppel"].state_label == "Gehouden"  # its latest is past (never marked held)
    assert rows["Assen"].state_label == "Gepland"
    assert rows["Hoogeveen"].state_label == "Gepland"  # a day today is current
    assert rows["Emmen"].state_label == "Nog te plannen"
    assert rows["Coevorden"].state_label == "Nog geen sessie"  # cancelled counts for nothing
    # A municipality with a held session and a current one is in the current one's state.
    _session("Nieuw Meppel", "GM0119", status=TO_SCHEDULE, province=world.drenthe)
    _, rows, _ = _board(client)
    assert rows["Meppel"].state_label == "Nog te plannen"
    # The state filter works on that state.
    _, rows, _ = _board(client, status="held")
    assert list(rows) == []
    _, rows, _ = _board(client, status="to_schedule")
    assert list(rows) == ["Emmen", "Meppel"]


def test_held_sessions_are_behind_the_filter_latest_first(client, world, periods):
    client.force_login(world.users["staff_drenthe"])
    response, rows, titles = _board(client, periode="gehouden")
    assert titles == ["Vorige maand Meppel", "Gehouden Meppel 2020"]
    # Each row shows its latest held session; the state stays the municipality's.
    assert [s.title for s in rows["Meppel"].sessions] == ["Vorige maand Meppel"]
    assert rows["Assen"].sessions == [] and rows["Assen"].state_label == "Gepland"
    body = response.content.decode()
    assert '<option value="gehouden" selected>' in body and "Naar de huidige en komende sessies" in body
    assert "Laatst gehouden sessie" in body and "Komend Assen</a></th>" not in body


def test_a_session_held_by_several_municipalities_is_the_latest_in_each_of_their_rows(client, world, today):
    """The walk-through's Westerveld, De Wolden and Hoogeveen: only one row showed their sprint."""
    shared = SessionFactory(
        title="Sprint Westerveld, De Wolden en Hoogeveen",
        status=HELD,
        organiser_province=world.drenthe,
        municipalities=[municipality("GM1701"), municipality("GM1690"), municipality("GM0118")],
    )
    SessionDayFactory(session=shared, date=today - dt.timedelta(days=60))
    client.force_login(world.users["staff_drenthe"])
    _, rows, _ = _board(client, periode="gehouden")
    for name in ("Westerveld", "De Wolden", "Hoogeveen"):
        assert [s.title for s in rows[name].sessions] == [shared.title], name


def test_held_sessions_are_paged_and_a_bad_page_number_is_no_error(client, world, today):
    for n in range(BOARD_PAGE_SIZE + 3):
        _session(f"Oud {n:02d}", "GM0106", today - dt.timedelta(days=100 + n), status=HELD, province=world.drenthe)
    client.force_login(world.users["staff_drenthe"])
    response, _, titles = _board(client, periode="gehouden")
    assert titles == [f"Oud {n:02d}" for n in range(BOARD_PAGE_SIZE)]
    body = response.content.decode()
    assert "Pagina 1 van 2" in body and 'aria-label="Paginering"' in body
    assert "provincie=PV22&amp;periode=gehouden&amp;pagina=2" in body
    _, _, titles = _board(client, periode="gehouden", pagina="2")
    assert titles == ["Oud 25", "Oud 26", "Oud 27"]
    assert _board(client, periode="gehouden", pagina="99")[2] == titles  # past the end: the last page
    assert _board(client, periode="gehouden", pagina="nee")[2][0] == "Oud 00"  # not a number: the first
    assert _board(client, periode="ooit")[2] == []  # an unknown period is the default (nothing current)


def test_board_counts_answers_and_failed_mail_without_joining_the_outbox(client, world, planned):
    failed = Email.objects.create(key="t:failed", to_email="a@example.org", subject="s", body_text="b", status="failed")
    sent = Email.objects.create(key="t:sent", to_email="b@example.org", subject="s", body_text="b", status="sent")
    A = Invitation.Answer
    InvitationFactory(session=planned, answer=A.ACCEPTED, email=sent)
    InvitationFactory(session=planned, answer=A.DECLINED, email=failed)
    InvitationFactory(session=planned, answer=A.PENDING)
    client.force_login(world.users["staff_drenthe"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sessions:board"))
    (shown,) = response.context["sessions"]
    assert (shown.invited, shown.accepted, shown.declined, shown.failed) == (3, 1, 1, 1)
    cell = response.content.decode().split(f'data-testid="answers-{planned.pk}">')[1].split("</td>")[0]
    assert "3 uitgenodigd, 1 toegezegd, 1 afgezegd" in cell and "1 e-mail mislukt" in cell
    counting = [q["sql"] for q in queries.captured_queries if '"mail_email"' in q["sql"]]
    assert counting, "the failed count reads the outbox state"
    # Only inside a per-session subquery (over an invitation's own outbox row), never a grouped join.
    assert all("COUNT(DISTINCT" not in sql and 'FROM "mail_email"' not in sql for sql in counting)


def test_board_queries_do_not_grow_with_sessions(client, world, periods, today, django_assert_max_num_queries):
    client.force_login(world.users["staff_drenthe"])
    client.get(reverse("sessions:board"))
    for n in range(40):  # 30 held (two pages with the fixture's), 10 ahead
        code = ("GM0106", "GM0119", "GM1680", "GM1701")[n % 4]
        day = today + dt.timedelta(days=n - 30)
        session = _session(f"Veel {n}", code, day, status=HELD if n < 30 else SCHEDULED, province=world.drenthe)
        InvitationFactory(session=session, answer=Invitation.Answer.ACCEPTED)
    for params in ({}, {"periode": "gehouden"}, {"periode": "gehouden", "pagina": "2"}):
        # session, user, roles, provinces, municipalities (with plans and states), current
        # participations or the latest held sessions, their days with the table's, a page of
        # sessions (with its total) and their participations, their counts, accepted seat
        # types, calendar days, 2 x navigation perms. Within issue 10's budget of 15.
        with django_assert_max_num_queries(15):
            assert client.get(reverse("sessions:board"), params).status_code == 200
