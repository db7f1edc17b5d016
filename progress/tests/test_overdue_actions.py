"""Agreed actions of sessions still open past their date: counted and listed on the region
dashboard and in the monthly digest; done, dropped and future ones (and other regions') are not."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from heatportal.mail.models import Email
from municipalities.models import Municipality
from outcomes.selectors import overdue_actions, overdue_actions_counts
from outcomes.tests.factories import AgreedActionFactory, held_session
from progress import services

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("progress:region_dashboard", kwargs={"code": "ES03"})


@pytest.fixture
def actions(world):
    today = timezone.localdate()
    session = held_session(codes=("GM0106", "GM1731"), province=world.drenthe)
    midden = Municipality.objects.get(cbs_code="GM1731")
    zaanstad_session = held_session(codes=("GM0479",), province=world.noord_holland)

    def make(municipality, description, days, status="open", on=session):
        due = today + dt.timedelta(days=days)
        return AgreedActionFactory(
            session=on, municipality=municipality, description=description, due_on=due, status=status
        )

    return {
        "late": make(world.assen, "Warmtekansenkaart delen", -10),
        "later": make(world.assen, "Bewonersavond Pittelo", -3),
        "midden": make(midden, "Wijkvolgorde vastleggen", -1),
        "today": make(world.assen, "Vandaag af", 0),
        "future": make(world.assen, "Volgend jaar", 200),
        "done": make(world.assen, "Al gedaan", -30, status="done"),
        "dropped": make(midden, "Vervallen afspraak", -30, status="dropped"),
        "zaanstad": make(world.zaanstad, "Zaans warmtenet", -5, on=zaanstad_session),
        "undated": AgreedActionFactory(session=session, municipality=world.assen, due_on=None),
    }


def test_selectors_count_and_list_only_open_actions_past_their_date(world, actions, django_assert_num_queries):
    ids = Municipality.objects.filter(res_region__code="ES03").values("pk")
    midden = actions["midden"].municipality
    with django_assert_num_queries(1):
        assert overdue_actions_counts(municipality_ids=ids) == {world.assen.pk: 2, midden.pk: 1}
    with django_assert_num_queries(1):
        listed = overdue_actions(municipality_ids=ids)
        assert [a.description for a in listed] == [
            "Warmtekansenkaart delen",
            "Bewonersavond Pittelo",
            "Wijkvolgorde vastleggen",
        ]
        assert {a.session.title for a in listed} and {a.municipality.name for a in listed} == {
            "Assen",
            "Midden-Drenthe",
        }
    # Tomorrow the action due today is overdue too.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert overdue_actions_counts(municipality_ids=ids, today=tomorrow)[world.assen.pk] == 3


def test_region_dashboard_flags_rows_and_lists_overdue_actions(client, world, actions):
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(DASHBOARD)
    rows = {row.municipality.cbs_code: row.overdue_actions for row in response.context["rows"]}
    assert (rows["GM0106"], rows["GM1731"], rows["GM0114"]) == (2, 1, 0)
    assert [a.description for a in response.context["overdue_actions"]] == [
        "Warmtekansenkaart delen",
        "Bewonersavond Pittelo",
        "Wijkvolgorde vastleggen",
    ]
    html = response.content.decode()
    section = html[html.index('id="verlopen-afspraken"') : html.index('id="gemeenten-titel"')]
    assert "Warmtekansenkaart delen" in section and "Midden-Drenthe" in section
    for absent in ("Vandaag af", "Volgend jaar", "Al gedaan", "Vervallen afspraak", "Zaans warmtenet"):
        assert absent not in html
    assert "2 verlopen afspraken" in html and "1 verlopen afspraak<" in html
    # A coordinator may not open the session: its title without a link.
    assert reverse("outcomes:session", args=[actions["late"].session_id]) not in section


def test_organiser_gets_the_session_link_and_the_filtered_table_keeps_the_flag(client, world, actions):
    client.force_login(world.users["staff_drenthe"])
    html = client.get(DASHBOARD).content.decode()
    assert reverse("outcomes:session", args=[actions["late"].session_id]) + f"#afspraak-{actions['late'].pk}" in html
    response = client.get(DASHBOARD, {"q": "Assen"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="progress-results")
    assert [row.overdue_actions for row in response.context["rows"]] == [2]
    assert "2 verlopen afspraken" in response.content.decode()


def test_no_overdue_actions_says_so(client, world):
    client.force_login(world.users["coordinator_drenthe"])
    html = client.get(DASHBOARD).content.decode()
    assert "Geen afspraken uit sessies die nog open staan terwijl de datum voorbij is." in html
    assert 'href="#verlopen-afspraken">' in html  # the section is there, with no badge in the table
    assert "verlopen afspraak<" not in html and "verlopen afspraken</a></td>" not in html


def test_province_overview_shows_no_list_of_actions(client, world, actions):
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("progress:province_overview", kwargs={"code": "PV22"}))
    assert response.context["overdue_actions"] is None
    assert 'id="verlopen-afspraken"' not in response.content.decode()


def test_digest_lists_the_regions_overdue_actions(world, actions):
    later = (timezone.localtime().replace(day=1) + dt.timedelta(days=32)).replace(day=3, hour=9)
    # Next month's digest: the action due today is overdue by then; the one 200 days off is not.
    assert services.monthly_digests_send(now=later) >= 1
    email = Email.objects.get(to_email="regio@example.org")
    for body in (email.body_text, email.body_html):
        assert "Verlopen afspraken" in body
        assert "Warmtekansenkaart delen" in body and "Wijkvolgorde vastleggen" in body
        for absent in ("Volgend jaar", "Al gedaan", "Vervallen afspraak", "Zaans warmtenet"):
            assert absent not in body
    assert "- Assen: Warmtekansenkaart delen (uiterlijk" in email.body_text


def test_the_list_costs_the_same_queries_however_many_sessions_it_names(client, world, actions):
    """Whether each session may be opened is asked once for all of them (sessions.rules
    visible_sessions), not per action: provincial staff's predicate reads a session's participants."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["staff_drenthe"])
    client.get(DASHBOARD)  # warm
    with CaptureQueriesContext(connection) as few:
        client.get(DASHBOARD)
    for n in range(5):  # five more overdue actions, each from a session of its own, organised elsewhere
        other = held_session(codes=("GM0106",), province=world.noord_holland)
        AgreedActionFactory(
            session=other, municipality=world.assen, description=f"Extra {n}", due_on=dt.date(2026, 1, 1)
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(DASHBOARD).content.decode()
    assert "8 afspraken uit sessies staan nog open" in html
    assert len(many) == len(few)
