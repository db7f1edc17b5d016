"""Issue 13, into progress: the municipality's page shows the koppelkansen and open actions of
every session it took part in, each with its source (the session and its date), newest session
first; done and dropped actions apart; nothing of another municipality."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outcomes.models import AgreedAction
from outcomes.tests.factories import (
    AgreedActionFactory,
    LinkingOpportunityFactory,
    WijkDirectionFactory,
    held_session,
)
from progress.selectors.outcomes import municipality_outcomes
from progress.tests.factories import NeighbourhoodFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _session(title: str, days_ago: int, codes=("GM0106",)):
    session = held_session(codes=codes)
    session.title = title
    session.save(update_fields=["title"])
    session.days.update(date=timezone.localdate() - dt.timedelta(days=days_ago))
    return session


@pytest.fixture
def sessions(world):
    older = _session("Sprintsessie voorjaar", 200)
    newer = _session("Sprintsessie najaar", 10, codes=("GM0106", "GM0479"))
    return older, newer


def test_rows_come_newest_session_first_with_their_source_and_nothing_of_others(world, sessions):
    older, newer = sessions
    corporation = OrganisationFactory(name="Actium")
    old_kans = LinkingOpportunityFactory(session=older, municipality=world.assen, organisation=corporation)
    new_kans = LinkingOpportunityFactory(session=newer, municipality=world.assen, from_year=2030)
    LinkingOpportunityFactory(session=newer, municipality=world.zaanstad)
    AgreedActionFactory(session=newer, municipality=world.zaanstad)

    found = municipality_outcomes(municipality_id=world.assen.pk, viewer=world.users["officer_assen"])

    assert [k.pk for k in found.opportunities] == [new_kans.pk, old_kans.pk]
    assert found.opportunities[0].session.title == "Sprintsessie najaar"
    assert found.opportunities[0].session_date == timezone.localdate() - dt.timedelta(days=10)
    assert found.opportunities[1].organisation.name == "Actium"
    assert found.open_actions == [] and found.closed_actions == []


def test_open_actions_apart_from_done_and_dropped_and_overdue_marked(world, sessions):
    older, newer = sessions
    today = timezone.localdate()
    late = AgreedActionFactory(session=older, municipality=world.assen, due_on=today - dt.timedelta(days=1))
    due_today = AgreedActionFactory(session=newer, municipality=world.assen, due_on=today)
    done = AgreedActionFactory(
        session=newer, municipality=world.assen, status=AgreedAction.Status.DONE, due_on=today - dt.timedelta(days=9)
    )
    dropped = AgreedActionFactory(session=older, municipality=world.assen, status=AgreedAction.Status.DROPPED)

    found = municipality_outcomes(municipality_id=world.assen.pk, viewer=world.users["officer_assen"], today=today)

    assert [a.pk for a in found.open_actions] == [due_today.pk, late.pk]
    assert [a.overdue for a in found.open_actions] == [False, True]
    assert [a.pk for a in found.closed_actions] == [done.pk, dropped.pk]
    assert not any(a.overdue for a in found.closed_actions), "a done action past its date is not overdue"


def test_directions_to_adopt_apart_from_adopted_ones_with_their_wijk(world, sessions):
    _older, newer = sessions
    wijk = NeighbourhoodFactory(municipality=world.assen, name="Lariks")
    open_direction = WijkDirectionFactory(session=newer, municipality=world.assen, neighbourhood_name="Pittelo")
    adopted = WijkDirectionFactory(
        session=newer,
        municipality=world.assen,
        neighbourhood_name="Lariks",
        adopted_at=timezone.now(),
        adopted_neighbourhood_id=wijk.pk,
    )

    found = municipality_outcomes(
        municipality_id=world.assen.pk, viewer=world.users["officer_assen"], neighbourhoods=[wijk]
    )

    assert found.directions == [open_direction]
    assert found.adopted_directions == [adopted]
    assert found.adopted_directions[0].adopted_neighbourhood == wijk


def test_only_sessions_the_viewer_may_open_are_linkable(world, sessions):
    older, newer = sessions
    LinkingOpportunityFactory(session=older, municipality=world.assen)
    AgreedActionFactory(session=newer, municipality=world.assen)

    officer = municipality_outcomes(municipality_id=world.assen.pk, viewer=world.users["officer_assen"])
    coordinator = municipality_outcomes(municipality_id=world.assen.pk, viewer=world.users["coordinator_drenthe"])

    assert [r.session_visible for r in [*officer.opportunities, *officer.open_actions]] == [True, True]
    assert [r.session_visible for r in [*coordinator.opportunities, *coordinator.open_actions]] == [False, False], (
        "a coordinator sees the progress, not the sessions"
    )


def test_the_selector_reads_in_one_query_however_many_rows(world, sessions, django_assert_num_queries):
    older, newer = sessions
    for session in (older, newer):
        LinkingOpportunityFactory.create_batch(3, session=session, municipality=world.assen)
        AgreedActionFactory.create_batch(3, session=session, municipality=world.assen)
        AgreedActionFactory(session=session, municipality=world.assen, status=AgreedAction.Status.DONE)
        WijkDirectionFactory.create_batch(2, session=session, municipality=world.assen)
    viewer = world.users["staff_drenthe"]
    assert viewer.has_perm("progress.view_progress", world.assen)  # the page did: roles are loaded
    with django_assert_num_queries(1):  # koppelkansen, actions and directions united
        found = municipality_outcomes(municipality_id=world.assen.pk, viewer=viewer)
        rendered = [(a.session.title, a.owner_organisation) for a in found.open_actions]
        rendered += [(k.session.title, k.organisation) for k in found.opportunities]
        rendered += [(d.session.title, d.session_date) for d in found.directions]
    assert len(rendered) == 6 + 6 + 4


def test_no_outcomes_is_one_query_too(world, django_assert_num_queries):
    viewer = world.users["officer_assen"]
    assert viewer.has_perm("progress.view_progress", world.assen)
    with django_assert_num_queries(1):
        found = municipality_outcomes(municipality_id=world.assen.pk, viewer=viewer)
    assert not found


# --- On the municipality's page ---------------------------------------------------------------
def _page(client, user, code="GM0106"):
    client.force_login(user)
    return client.get(reverse("municipalities:detail", kwargs={"cbs_code": code})).content.decode()


def test_the_page_shows_the_section_with_sources_and_overdue_flag(client, world, sessions):
    older, newer = sessions
    LinkingOpportunityFactory(session=older, municipality=world.assen, description="Rioolvervanging Lariks")
    late = AgreedActionFactory(
        session=newer,
        municipality=world.assen,
        description="Warmtekaart delen",
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )
    AgreedActionFactory(
        session=newer, municipality=world.assen, description="Bewonersavond", status=AgreedAction.Status.DONE
    )

    html = _page(client, world.users["officer_assen"])

    assert 'id="voortgang-sessies"' in html and "Uit sessies" in html
    assert "Rioolvervanging Lariks" in html and "Warmtekaart delen" in html
    assert reverse("outcomes:session", args=[older.pk]) in html, "the source is linked"
    assert "Sprintsessie voorjaar" in html and "Sprintsessie najaar" in html
    assert "verlopen" in html
    assert reverse("outcomes:edit", args=[newer.pk, "afspraak", late.pk]) in html
    assert "1 afgeronde of vervallen afspraak" in html and "Bewonersavond" in html
    assert html.index("Warmtekaart delen") < html.index("1 afgeronde of vervallen afspraak")


def test_a_coordinator_sees_the_rows_without_links_to_sessions_or_edits(client, world, sessions):
    older, _newer = sessions
    action = AgreedActionFactory(session=older, municipality=world.assen, description="Warmtekaart delen")
    WijkDirectionFactory(session=older, municipality=world.assen, neighbourhood_name="Pittelo")

    html = _page(client, world.users["coordinator_drenthe"])

    assert "Warmtekaart delen" in html and "Sprintsessie voorjaar" in html
    assert reverse("outcomes:session", args=[older.pk]) not in html
    assert reverse("outcomes:edit", args=[older.pk, "afspraak", action.pk]) not in html
    assert "Overnemen in de wijken" not in html and "nog niet overgenomen" in html


def test_who_may_not_see_the_progress_does_not_see_the_section(client, world, sessions):
    _older, newer = sessions
    AgreedActionFactory(session=newer, municipality=world.assen, description="Warmtekaart delen")

    html = _page(client, world.users["officer_zaanstad"])  # took part in the same session

    assert "Uit sessies" not in html and "Warmtekaart delen" not in html
    client.logout()
    anonymous = client.get(reverse("municipalities:detail", kwargs={"cbs_code": "GM0106"})).content.decode()
    assert "Warmtekaart delen" not in anonymous


def test_the_page_costs_the_same_with_outcomes_as_without(client, world, sessions):
    """The municipality page's budget (tests/test_query_counts_at_scale.py, MAX_QUERIES) holds:
    the section's queries do not grow with its rows."""
    url = reverse("municipalities:detail", kwargs={"cbs_code": "GM0106"})
    client.force_login(world.users["officer_assen"])
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    older, newer = sessions
    for session in (older, newer):
        LinkingOpportunityFactory.create_batch(3, session=session, municipality=world.assen)
        AgreedActionFactory.create_batch(3, session=session, municipality=world.assen)
        WijkDirectionFactory.create_batch(2, session=session, municipality=world.assen)
    with CaptureQueriesContext(connection) as full:
        assert "Rioolvervanging" in client.get(url).content.decode()
    assert len(full) == len(empty), "the section's query does not grow with its rows"
