"""The personal calendar feed at scale: sessions from a year back on, and the reader's accepted
invitations found by address whatever its case, through the index on lower(email)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from accounts.services import calendar_token_rotate
from sessions.list_selectors import FEED_DAYS_BACK
from sessions.models import Invitation
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _summaries(client, user) -> list[str]:
    response = client.get(reverse("sessions:feed", kwargs={"token": calendar_token_rotate(user=user)}))
    assert response.status_code == 200
    return sorted({str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")})


def _organised(world, title, *days):
    session = SessionFactory(title=title, organiser_province=world.drenthe)
    for day in days:
        SessionDayFactory(session=session, date=day)
    return session


def test_feed_holds_sessions_from_a_year_back_on(client, world, today):
    year_back = today - dt.timedelta(days=FEED_DAYS_BACK)
    _organised(world, "Te oud", year_back - dt.timedelta(days=1))
    _organised(world, "Precies een jaar", year_back)
    _organised(world, "Vorige maand", today - dt.timedelta(days=30))
    _organised(world, "Komend", today + dt.timedelta(days=30))
    _organised(world, "Oud en nieuw", year_back - dt.timedelta(days=60), today + dt.timedelta(days=3))
    assert _summaries(client, world.users["staff_drenthe"]) == [
        "Komend",
        "Oud en nieuw",
        "Precies een jaar",
        "Vorige maand",
    ]


def test_feed_finds_accepted_invitations_by_address_whatever_its_case(client, world, today):
    officer = world.users["officer_zaanstad"]  # zaanstad@example.org
    for title, email, answer in (
        ("Hoofdletters", "Zaanstad@Example.ORG", Invitation.Answer.ACCEPTED),
        ("Kleine letters", "zaanstad@example.org", Invitation.Answer.ACCEPTED),
        ("Afgeslagen", "ZAANSTAD@example.org", Invitation.Answer.DECLINED),
        ("Iemand anders", "zaanstad2@example.org", Invitation.Answer.ACCEPTED),
    ):
        session = SessionFactory(title=title, organiser_province=world.noord_holland)
        SessionDayFactory(session=session, date=today + dt.timedelta(days=10))
        InvitationFactory(session=session, contact=ContactFactory(email=email), answer=answer)
    with CaptureQueriesContext(connection) as queries:
        assert _summaries(client, officer) == ["Hoofdletters", "Kleine letters"]
    sql = " ".join(q["sql"] for q in queries.captured_queries if "sprints_session" in q["sql"])
    assert re.search(r'LOWER\("\w+"\."email"\) = \(?LOWER\(', sql) and "UPPER(" not in sql


def test_the_address_lookup_can_use_the_lower_email_index(world):
    from sessions.list_selectors import feed_sessions

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            sql, params = feed_sessions(user=world.users["officer_zaanstad"]).query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "contact_email_lower" in plan


def test_feed_queries_do_not_grow_with_sessions(client, world, today, django_assert_max_num_queries):
    user = world.users["staff_drenthe"]
    token = calendar_token_rotate(user=user)
    for n in range(30):
        _organised(world, f"Sessie {n}", today + dt.timedelta(days=n - 15), today + dt.timedelta(days=n - 14))
    with django_assert_max_num_queries(4):  # the user by token, their roles, the sessions, their days
        response = client.get(reverse("sessions:feed", kwargs={"token": token}))
    assert response.content.count(b"BEGIN:VEVENT") == 60
