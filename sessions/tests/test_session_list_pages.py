"""The session list at scale: a page at a time, filtered by year, province, kind, state and words
of the title, all in the URL; a value that is no choice is ignored, never an error."""

import datetime as dt

import pytest
from django.urls import reverse

from sessions.list_selectors import LIST_PAGE_SIZE
from sessions.models import Invitation, Session
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def _titles(client, **params) -> list[str]:
    response = client.get(reverse("sessions:list"), params)
    assert response.status_code == 200
    return [s.title for s in response.context["sessions"]]


@pytest.fixture
def spread(world):
    """Sessions that each filter tells apart."""
    K, S = Session.Kind, Session.Status

    def make(title, day, *, province, codes, kind=K.SPRINT, status=S.SCHEDULED):
        session = SessionFactory(
            title=title,
            kind=kind,
            status=status,
            organiser_province=province,
            municipalities=[municipality(c) for c in codes],
        )
        if day:
            SessionDayFactory(session=session, date=day)
        return session

    return {
        "assen": make("Sprint Assen", dt.date(2024, 3, 5), province=world.drenthe, codes=["GM0106"], status=S.HELD),
        "zaanstad": make(
            "Kennissessie Warmtenet",
            dt.date(2025, 5, 1),
            province=world.noord_holland,
            codes=["GM0479"],
            kind=K.KNOWLEDGE,
        ),
        # Organised by Noord-Holland, with a Drenthe municipality taking part.
        "shared": make(
            "Sprint Meppel en Zaanstad", dt.date(2025, 9, 1), province=world.noord_holland, codes=["GM0119", "GM0479"]
        ),
        "meeting": make(
            "Coördinatoren WARMTE", None, province=None, codes=[], kind=K.COORDINATOR, status=S.TO_SCHEDULE
        ),
    }


def test_each_filter_narrows_the_list(client, world, spread):
    client.force_login(world.users["programme_admin"])
    # Latest first; a session without dates yet on top.
    assert _titles(client) == [
        "Coördinatoren WARMTE",
        "Sprint Meppel en Zaanstad",
        "Kennissessie Warmtenet",
        "Sprint Assen",
    ]
    assert _titles(client, jaar="2024") == ["Sprint Assen"]
    assert _titles(client, jaar="2025") == ["Sprint Meppel en Zaanstad", "Kennissessie Warmtenet"]
    assert _titles(client, provincie="PV22") == ["Sprint Meppel en Zaanstad", "Sprint Assen"]
    assert _titles(client, soort="knowledge") == ["Kennissessie Warmtenet"]
    assert _titles(client, status="held") == ["Sprint Assen"]
    assert _titles(client, q="warmte") == ["Coördinatoren WARMTE", "Kennissessie Warmtenet"]  # any case
    assert _titles(client, jaar="2025", provincie="PV27", soort="sprint", q="meppel") == ["Sprint Meppel en Zaanstad"]
    assert _titles(client, q="niets dat bestaat") == []


def test_filters_are_in_the_form_and_kept_by_the_page_links(client, world, spread):
    client.force_login(world.users["programme_admin"])
    body = client.get(reverse("sessions:list"), {"jaar": "2025", "provincie": "PV22", "q": "Sprint"}).content.decode()
    assert '<option value="2025" selected>' in body and '<option value="PV22" selected>' in body
    assert 'value="Sprint"' in body and 'method="get"' in body and 'hx-push-url="true"' in body
    assert [y for y in (2024, 2025) if f'<option value="{y}"' in body] == [2024, 2025]  # the years with days
    # The htmx form swaps the results alone.
    partial = client.get(
        reverse("sessions:list"), {"q": "Sprint"}, headers={"HX-Request": "true", "HX-Target": "session-results"}
    )
    text = partial.content.decode()
    assert text.lstrip().startswith('<div id="session-results"') and "<html" not in text
    assert "Sprint Assen" in text and "Kennissessie" not in text


@pytest.mark.parametrize(
    "params",
    [
        {"jaar": "abc"},
        {"jaar": "1800"},
        {"jaar": "²"},
        {"jaar": "2025.0"},
        {"provincie": "PV99"},
        {"soort": "feest"},
        {"status": "HELD"},
        {"q": "x" * 500},
        {"pagina": "-1"},
        {"pagina": "1e9"},
    ],
)
def test_a_value_that_is_no_choice_is_ignored(client, world, spread, params):
    client.force_login(world.users["programme_admin"])
    titles = _titles(client, **params)
    if "q" in params:
        assert titles == []  # cut to 100 characters, and no title has them
    else:
        assert len(titles) == 4  # the filter is off


def test_the_list_is_paged(client, world, today):
    for n in range(LIST_PAGE_SIZE + 5):
        session = SessionFactory(title=f"Sessie {n:03d}", organiser_province=world.drenthe)
        SessionDayFactory(session=session, date=today - dt.timedelta(days=n))
    client.force_login(world.users["programme_admin"])
    response = client.get(reverse("sessions:list"))
    assert len(response.context["sessions"]) == LIST_PAGE_SIZE
    body = response.content.decode()
    assert "Pagina 1 van 2" in body and f"{LIST_PAGE_SIZE + 5} sessies" in body and 'rel="next"' in body
    assert _titles(client, pagina="2") == [f"Sessie {n:03d}" for n in range(LIST_PAGE_SIZE, LIST_PAGE_SIZE + 5)]
    assert _titles(client, pagina="3") == _titles(client, pagina="2")  # past the end: the last page
    assert _titles(client, pagina="twee")[0] == "Sessie 000"  # not a number: the first page
    assert "Pagina 2 van 2" in client.get(reverse("sessions:list"), {"pagina": "2"}).content.decode()


def test_an_officer_filters_only_their_own_sessions(client, world, spread, planned):
    client.force_login(world.users["officer_assen"])
    assert _titles(client) == [planned.title, "Sprint Assen"]
    assert _titles(client, jaar="2024") == ["Sprint Assen"]
    assert _titles(client, provincie="PV27") == []


def test_list_queries_do_not_grow_with_sessions(client, world, today, django_assert_max_num_queries):
    client.force_login(world.users["staff_drenthe"])
    for n in range(70):
        session = SessionFactory(organiser_province=world.drenthe, municipalities=[municipality("GM0106")])
        SessionDayFactory(session=session, date=today + dt.timedelta(days=n - 35))
        InvitationFactory(session=session, answer=Invitation.Answer.ACCEPTED)
    for params in ({}, {"pagina": "2"}, {"jaar": str(today.year), "provincie": "PV22", "q": "sprint"}):
        # session, user, roles, years, provinces, the page (with its total), its counts, 2 x
        # navigation perms.
        with django_assert_max_num_queries(10):
            response = client.get(reverse("sessions:list"), params)
        assert response.status_code == 200 and response.context["sessions"]
