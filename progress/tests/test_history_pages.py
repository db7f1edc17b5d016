"""A municipality's change log grows every year: the history page reads a page of it at a time
(each change still compared with the record before it, wherever that lies), remarks are paged
on their own, and the municipality page reads only the latest five."""

import datetime as dt

import pytest
from django.urls import reverse

from progress import services
from progress.selectors import history
from progress.selectors.history import HISTORY_PAGE_SIZE

pytestmark = pytest.mark.django_db


def _years_of_changes(municipality, user, rounds: int) -> None:
    """Each round: the vision moves on, a wijk is added and renamed, the dwellings change, and
    every third round an initiative comes and goes."""
    for i in range(rounds):
        status = ["in_preparation", "adopted"][i % 2]
        adopted_on = dt.date(2020, 1, 1) + dt.timedelta(days=i) if status == "adopted" else None
        values = {"vision_status": status, "vision_adopted_on": adopted_on}
        services.progress_update(municipality=municipality, user=user, values=values)
        wijk = services.neighbourhood_save(
            municipality=municipality, user=user, values={"name": f"Wijk {i}", "dwellings": 100 + i}
        )
        services.neighbourhood_save(
            municipality=municipality, user=user, values={"name": f"Wijk {i} Noord"}, neighbourhood=wijk
        )
        services.municipality_dwellings_set(municipality=municipality, user=user, dwellings=30000 + i)
        if i % 3 == 0:
            initiative = services.initiative_save(
                municipality=municipality, user=user, values={"name": f"Warmte-initiatief {i}"}
            )
            services.initiative_delete(initiative=initiative, user=user)


def _shown(change) -> tuple:
    return (change.subject, change.action, change.fields, change.who)


def test_pages_hold_the_same_changes_as_the_whole_log_newest_first(world):
    _years_of_changes(world.assen, world.users["officer_assen"], 12)
    whole = history.change_log(municipality_ids=[world.assen.pk])
    paged, number = [], 1
    while True:
        page = history.change_log_page(municipality_id=world.assen.pk, page=number, size=7)
        paged += page.object_list
        if not page.has_next():
            break
        number += 1
    assert len(whole) > 50
    assert [_shown(c) for c in paged] == [_shown(c) for c in whole]
    # Across a page break a change still shows what it changed from.
    dwellings = [c for c in paged if c.subject == "Aantal woningen"]
    assert dwellings[0].fields == [("aantal woningen", "30.010", "30.011")]


def test_history_page_is_paged_and_a_bad_page_is_a_page(client, world):
    _years_of_changes(world.assen, world.users["officer_assen"], 8)
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse("progress:history", kwargs={"cbs_code": "GM0106"})
    first = client.get(url)
    page = first.context["changes_page"]
    assert page.paginator.num_pages >= 2 and len(first.context["changes"]) <= HISTORY_PAGE_SIZE
    html = first.content.decode()
    assert '<nav class="portal-actions portal-pages" aria-label="Pagina\'s met wijzigingen">' in html
    assert 'rel="next" href="?pagina=2"' in html
    last = client.get(url, {"pagina": page.paginator.num_pages}).content.decode()
    assert "Visie en warmteprogramma</strong> gewijzigd" in last  # the oldest changes come last
    for bad in ("0", "x", "-1", "999", "", "1e3"):
        assert client.get(url, {"pagina": bad, "opmerkingen": bad}).status_code == 200


def test_remarks_are_paged_apart_from_the_changes(client, world):
    coordinator = world.users["coordinator_drenthe"]
    for i in range(HISTORY_PAGE_SIZE + 3):
        services.comment_add(municipality=world.assen, user=coordinator, body=f"Opmerking nummer {i}")
    client.force_login(coordinator)
    url = reverse("progress:history", kwargs={"cbs_code": "GM0106"})
    html = client.get(url, {"pagina": "1"}).content.decode()
    assert f"Opmerking nummer {HISTORY_PAGE_SIZE + 2}<" in html and "Opmerking nummer 2<" not in html
    assert 'rel="next" href="?pagina=1&amp;opmerkingen=2"' in html  # keeps the page of changes
    second = client.get(url, {"opmerkingen": "2"}).content.decode()
    assert [f"Opmerking nummer {i}<" in second for i in range(3)] == [True, True, True]


# The municipality page's budget: 16 since its "Uit sessies" section (one query, issue 13).
MUNICIPALITY_PAGE_QUERIES = 16


def _queries(client, url, assert_queries):
    client.get(url)
    with assert_queries(MUNICIPALITY_PAGE_QUERIES, exact=False) as captured:
        client.get(url)
    return len(captured.captured_queries)


@pytest.mark.parametrize("url_name", ["progress:history", "municipalities:detail"])
def test_history_and_municipality_page_queries_stay_flat_as_years_pass(
    client, world, django_assert_num_queries, url_name
):
    officer = world.users["officer_assen"]
    # Both times the latest round adds an initiative: the newest five records span all four tables.
    _years_of_changes(world.assen, officer, 1)
    services.comment_add(municipality=world.assen, user=world.users["coordinator_drenthe"], body="Eerste")
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse(url_name, kwargs={"cbs_code": "GM0106"})
    before = _queries(client, url, django_assert_num_queries)
    _years_of_changes(world.assen, officer, 16)
    for i in range(40):
        services.comment_add(municipality=world.assen, user=officer, body=f"Opmerking {i}")
    with django_assert_num_queries(before):
        response = client.get(url)
    if url_name == "municipalities:detail":
        (part,) = response.context["parts"]
        assert [c.subject for c in part.context["recent_changes"]][:2] == ["Initiatief Warmte-initiatief 15"] * 2
        assert len(part.context["recent_changes"]) == 5
