"""The programme per day: items belong to a day, are edited and moved within it (without
JavaScript and with htmx), and the session page groups them per day without a query per item."""

import datetime as dt

import pytest
from django.urls import reverse

from heatportal.audit.models import ActionLog
from sessions.models import ProgrammeItem
from sessions.services.programme import programme_item_add, programme_item_edit, programme_item_move
from sessions.tests.factories import SessionDayFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(world):
    return world.users["staff_drenthe"]


def _titles(session, day) -> list[str]:
    return list(
        ProgrammeItem.objects.filter(session=session, day=day).order_by("position").values_list("title", flat=True)
    )


def test_an_item_goes_by_its_time_and_one_without_time_keeps_its_place(planned):
    day = planned.days.first()
    programme_item_add(session=planned, day=day, title="Opening", start_time=dt.time(9))
    programme_item_add(session=planned, day=day, title="Lunch", start_time=dt.time(12))
    programme_item_add(session=planned, day=day, title="Rondvraag")
    programme_item_add(session=planned, day=day, title="Koffie", start_time=dt.time(10))
    assert _titles(planned, day) == ["Opening", "Koffie", "Lunch", "Rondvraag"]


def test_a_session_with_one_day_puts_a_dayless_item_on_that_day(reference_data, drenthe):
    session = SessionFactory(organiser_province=drenthe)
    day = SessionDayFactory(session=session)
    item = programme_item_add(session=session, title="Opening")
    assert item.day == day


def test_a_day_of_another_session_is_refused_by_the_service(planned, reference_data):
    other = SessionDayFactory()
    with pytest.raises(ValueError):
        programme_item_add(session=planned, day=other, title="Opening")


def test_moving_swaps_with_the_neighbour_within_the_day_only(planned):
    first, second = planned.days.order_by("date")
    a = programme_item_add(session=planned, day=first, title="A")
    b = programme_item_add(session=planned, day=first, title="B")
    programme_item_add(session=planned, day=second, title="Dag 2")
    assert programme_item_move(item=b, up=True) is True
    assert _titles(planned, first) == ["B", "A"]
    assert programme_item_move(item=b, up=True) is False  # first already
    assert programme_item_move(item=a, up=False) is False  # last already
    assert _titles(planned, second) == ["Dag 2"]


def test_moving_an_item_to_another_day_places_it_there_and_closes_the_gap(planned, planner):
    first, second = planned.days.order_by("date")
    a = programme_item_add(session=planned, day=first, title="A", start_time=dt.time(9))
    programme_item_add(session=planned, day=first, title="B", start_time=dt.time(10))
    programme_item_add(session=planned, day=second, title="C", start_time=dt.time(11))
    changed = programme_item_edit(item=a, user=planner, day=second, start_time=dt.time(9), title="A")
    assert changed == ["day"]
    assert _titles(planned, first) == ["B"] and _titles(planned, second) == ["A", "C"]
    assert list(ProgrammeItem.objects.filter(day=first).values_list("position", flat=True)) == [1]
    log = ActionLog.objects.get(object_id=str(planned.pk), changes__programme_item=a.pk)
    assert log.changes["fields"] == ["day"]


def test_an_unchanged_edit_writes_and_records_nothing(planned, planner):
    item = programme_item_add(session=planned, day=planned.days.first(), title="A", speaker="Els")
    before = ActionLog.objects.count()
    assert programme_item_edit(item=item, user=planner, title="A", speaker="Els", day=item.day) == []
    assert ActionLog.objects.count() == before


def test_the_add_form_requires_a_day_when_the_session_has_two(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    response = client.post(
        reverse("sessions:programme_add", args=[planned.pk]),
        {"programme-title": "Lunch", "programme-format": "plenary"},
    )
    assert response.status_code == 400
    assert not ProgrammeItem.objects.exists()


def test_the_add_form_offers_only_the_sessions_days(client, world, planned):
    other = SessionDayFactory()
    client.force_login(world.users["staff_drenthe"])
    response = client.post(
        reverse("sessions:programme_add", args=[planned.pk]),
        {"programme-title": "Lunch", "programme-format": "plenary", "programme-day": str(other.pk)},
    )
    assert response.status_code == 400
    assert not ProgrammeItem.objects.exists()


def test_the_session_page_shows_the_programme_per_day(client, world, planned):
    first, second = planned.days.order_by("date")
    first.date, second.date = dt.date(2027, 1, 8), dt.date(2027, 1, 9)
    first.save(), second.save()
    programme_item_add(session=planned, day=second, title="Terugkoppeling")
    programme_item_add(session=planned, day=first, title="Opening")
    client.force_login(world.users["staff_drenthe"])
    page = client.get(reverse("sessions:detail", args=[planned.pk])).text
    assert "Dag 1 — vrijdag 8 januari" in page and "Dag 2 — zaterdag 9 januari" in page
    assert page.index("Dag 1 —") < page.index("Opening") < page.index("Dag 2 —") < page.index("Terugkoppeling")


def test_move_without_javascript_redirects_to_the_item_and_with_htmx_swaps_the_programme(client, world, planned):
    day = planned.days.first()
    programme_item_add(session=planned, day=day, title="A")
    b = programme_item_add(session=planned, day=day, title="B")
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:programme_move", args=[planned.pk, b.pk])
    response = client.post(url, {"richting": "omhoog"})
    assert response.status_code == 302 and response["Location"].endswith(f"#programma-{b.pk}")
    assert _titles(planned, day) == ["B", "A"]
    response = client.post(url, {"richting": "omlaag"}, headers={"HX-Request": "true", "HX-Target": "programme"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="programme">') and "<html" not in response.text
    assert _titles(planned, day) == ["A", "B"]


def test_the_edit_page_changes_day_and_time(client, world, planned):
    first, second = planned.days.order_by("date")
    item = programme_item_add(session=planned, day=first, title="Lunch")
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:programme_edit", args=[planned.pk, item.pk])
    assert client.get(url).status_code == 200
    data = {"day": str(second.pk), "start_time": "12:30", "title": "Lunch", "speaker": "", "format": "plenary"}
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.day == second and item.start_time == dt.time(12, 30)


def test_the_session_page_asks_no_query_per_programme_item(client, world, planned, django_assert_max_num_queries):
    day = planned.days.first()
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:detail", args=[planned.pk])
    programme_item_add(session=planned, day=day, title="Eerste")
    client.get(url)  # warm the caches (session, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(10):
        programme_item_add(session=planned, day=day, title=f"Onderdeel {n}")
    with django_assert_max_num_queries(len(one)):
        client.get(url)
