import datetime as dt

import pytest

from sessions.models import Session
from sessions.selectors import municipality_session_summary
from sessions.tests.factories import SessionDayFactory, SessionFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def test_summary_counts_sessions_held_and_last_held_day_in_one_query(reference_data, django_assert_num_queries):
    assen, meppel, emmen = municipality("GM0106"), municipality("GM0119"), municipality("GM0114")
    held = SessionFactory(status=Session.Status.HELD, municipalities=[assen, meppel])
    SessionDayFactory(session=held, date=dt.date(2020, 12, 3))
    SessionDayFactory(session=held, date=dt.date(2020, 12, 4))
    older = SessionFactory(status=Session.Status.HELD, municipalities=[meppel])
    SessionDayFactory(session=older, date=dt.date(2020, 6, 10))
    planned = SessionFactory(status=Session.Status.SCHEDULED, municipalities=[assen])
    SessionDayFactory(session=planned, date=dt.date(2027, 1, 5))
    SessionFactory(status=Session.Status.CANCELLED, municipalities=[assen])

    with django_assert_num_queries(1):
        summary = municipality_session_summary(municipality_ids=[assen.pk, meppel.pk, emmen.pk])

    assert summary[assen.pk] == {"sessions": 2, "held": 1, "last_date": dt.date(2020, 12, 4)}
    assert summary[meppel.pk] == {"sessions": 2, "held": 2, "last_date": dt.date(2020, 12, 4)}
    assert summary[emmen.pk] == {"sessions": 0, "held": 0, "last_date": None}


def test_summary_of_no_ids_needs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert municipality_session_summary(municipality_ids=[]) == {}
