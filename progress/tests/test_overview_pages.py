"""The overviews at national scale: the country's table a page at a time (every region and
province on one), each sort the same over all pages as over the whole table, the headline
figures and both rollups from three aggregate queries, a map that reads the vision alone, and
boundaries that travel gzipped."""

import datetime as dt
import gzip
import json
import random

import pytest
from django.urls import reverse

from labs.models import Enrolment
from labs.tests.factories import EnrolmentFactory, LabFactory
from municipalities.models import Municipality
from progress.models import AdoptionStatus, Progress
from progress.selectors import dashboard, figures
from progress.selectors.dashboard import OVERVIEW_PAGE_SIZE
from progress.tests.factories import InitiativeFactory, NeighbourhoodFactory
from sessions.models import Session
from sessions.tests.factories import SessionDayFactory, SessionFactory

pytestmark = pytest.mark.django_db
NATIONAL = "/gemeenten/voortgang/landelijk/"


def _progress_everywhere(seed=3):
    """Progress of every kind for two thirds of the country, in no particular order."""
    rng = random.Random(seed)
    statuses = list(AdoptionStatus.values)
    rows = []
    for municipality in Municipality.objects.current().order_by("?")[:230]:
        vision = rng.choice(statuses)
        rows.append(
            Progress(
                municipality=municipality,
                vision_status=vision,
                vision_adopted_on=dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1500))
                if vision == AdoptionStatus.ADOPTED
                else None,
                programme_status=rng.choice(statuses[:2]),
                flagged=rng.random() < 0.2,
            )
        )
    Progress.objects.bulk_create(rows)


def _labs_and_sessions():
    lab = LabFactory()
    for code in ["GM0106", "GM0479", "GM0014"]:
        EnrolmentFactory(lab=lab, municipality=Municipality.objects.get(cbs_code=code))
    EnrolmentFactory(lab=lab, municipality=Municipality.objects.get(cbs_code="GM0363"), status=Enrolment.Status.WAITING)
    held = SessionFactory(
        status=Session.Status.HELD, municipalities=Municipality.objects.filter(cbs_code__in=["GM0106", "GM0344"])
    )
    SessionDayFactory(session=held, date=dt.date(2024, 5, 1))


def _every_page(sort: str, size: int) -> list[str]:
    codes, number = [], 1
    while True:
        page = dashboard.overview_page(municipalities=Municipality.objects.current(), page=number, size=size, sort=sort)
        codes += [row.municipality.cbs_code for row in page.object_list]
        if not page.has_next():
            return codes
        number += 1


@pytest.mark.parametrize("sort", [*dashboard.SORTS, *(f"-{key}" for key in dashboard.SORTS)])
def test_each_sort_reads_the_same_over_all_pages_as_over_the_whole_table(world, sort):
    _progress_everywhere()
    _labs_and_sessions()
    whole = [
        row.municipality.cbs_code
        for row in dashboard.overview_rows(municipalities=Municipality.objects.current(), sort=sort)
    ]
    assert _every_page(sort, size=50) == whole
    assert len(set(whole)) == 342


def test_the_country_is_paged_and_every_province_fits_one_page(client, world):
    client.force_login(world.users["adviser"])
    first = client.get(NATIONAL)
    page = first.context["page"]
    assert (page.paginator.count, len(page.object_list), page.paginator.num_pages) == (342, OVERVIEW_PAGE_SIZE, 6)
    html = first.content.decode()
    assert "342 gemeenten · 1 tot en met 60 getoond" in html
    assert 'rel="next" href="?pagina=2" hx-get="?pagina=2" hx-target="#progress-results"' in html
    assert len(client.get(NATIONAL, {"pagina": "6"}).context["page"].object_list) == 342 - 5 * OVERVIEW_PAGE_SIZE
    for code in ["PV30", "PV25", "PV28"]:  # Noord-Brabant (56), Gelderland, Zuid-Holland
        url = reverse("progress:province_overview", kwargs={"code": code})
        page = client.get(url).context["page"]
        assert not page.has_other_pages() and len(page.object_list) == page.paginator.count > 40


def test_pages_keep_filters_and_sort_and_a_new_sort_starts_on_page_one(client, world):
    _progress_everywhere()
    client.force_login(world.users["adviser"])
    response = client.get(NATIONAL, {"visie": "not_started", "sorteer": "-naam", "pagina": "2"})
    html = response.content.decode()
    assert response.context["page"].number == 2
    assert 'href="?visie=not_started&amp;sorteer=-naam&amp;pagina=1"' in html
    assert response.context["sort_links"]["visie"]["query"] == "visie=not_started&sorteer=visie"


@pytest.mark.parametrize("number", ["0", "-3", "x", "999", "", "1.5", "9" * 30])
def test_a_bad_page_answers_a_page_not_an_error(client, world, number):
    client.force_login(world.users["adviser"])
    response = client.get(NATIONAL, {"pagina": number, "sorteer": "sessies"})
    assert response.status_code == 200 and response.context["page"].object_list
    htmx = client.get(NATIONAL, {"pagina": number}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="progress-results")
    assert htmx.status_code == 200


def test_summary_is_the_sum_of_its_rollups_in_three_queries(world, django_assert_num_queries):
    _progress_everywhere()
    for code in ["GM0106", "GM0479", "GM0363"]:
        NeighbourhoodFactory(municipality=Municipality.objects.get(cbs_code=code), dwellings=1000)
        InitiativeFactory(municipality=Municipality.objects.get(cbs_code=code))
    with django_assert_num_queries(3):
        total, rollups = figures.progress_summary(municipalities=Municipality.objects.current())
    assert total == figures.progress_figures(municipalities=Municipality.objects.current())
    for by in ("province", "res_region"):
        parts = [f for _code, _name, f in rollups[by]]
        assert sum(f.municipalities for f in parts) == total.municipalities == 342
        assert sum(f.vision_adopted for f in parts) == total.vision_adopted
        assert sum(f.flagged for f in parts) == total.flagged
        assert sum(f.planned_dwellings for f in parts) == total.planned_dwellings == 3000
        assert sum(f.initiatives_total for f in parts) == total.initiatives_total == 3
        assert [name for _c, name, _f in rollups[by]] == sorted(name for _c, name, _f in rollups[by])
    assert len(rollups["province"]) == 12 and len(rollups["res_region"]) == 30


# Session, user, roles (3); figures with both rollups (3); timeline (1); the page of
# municipalities: counted, read, their sessions and labs (4); the menu's permissions (2).
# Charts (+3): the progress history, the deadlines and their progress.
NATIONAL_QUERIES = 17  # one of them the second-factor device of the verified session


def test_national_overview_queries_stay_flat_as_progress_grows(client, world, django_assert_num_queries):
    client.force_login(world.users["adviser"])
    client.get(NATIONAL)
    with django_assert_num_queries(NATIONAL_QUERIES):
        client.get(NATIONAL)
    _progress_everywhere()
    _labs_and_sessions()
    for municipality in Municipality.objects.current()[:100]:
        NeighbourhoodFactory(municipality=municipality)
        InitiativeFactory(municipality=municipality)
    with django_assert_num_queries(NATIONAL_QUERIES):
        client.get(NATIONAL)
    with django_assert_num_queries(NATIONAL_QUERIES):  # sorted by what the database cannot sort
        client.get(NATIONAL, {"sorteer": "-leerlabs", "pagina": "2"})


def test_map_reads_the_vision_of_every_municipality_in_one_query(client, world, django_assert_max_num_queries):
    _progress_everywhere()
    client.force_login(world.users["adviser"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("progress:national_map"))
    rows = response.context["rows"]
    assert len(rows) == 342
    assert response.content.decode().count("<tr data-code=") == 342
    adopted = Progress.objects.filter(vision_status=AdoptionStatus.ADOPTED).count()
    assert response.content.decode().count('data-state="adopted"') == adopted


def test_boundaries_travel_gzipped_to_who_accepts_it(client, reference_data):
    url = reverse("progress:boundaries")
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(json.loads(plain.content)["features"]) == 342
    assert len(packed.content) < len(plain.content) / 3


def test_the_map_has_a_warmteprogramma_layer_beside_the_vision(client, world):
    Progress.objects.create(
        municipality=world.assen,
        vision_status="adopted",
        vision_adopted_on=dt.date(2021, 5, 19),
        programme_status="in_preparation",
    )
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse("progress:region_map", kwargs={"code": "ES03"})
    vision = client.get(url).content.decode()
    programme = client.get(url, {"laag": "warmteprogramma"}).content.decode()
    assert 'data-code="GM0106" data-state="adopted"' in vision
    assert 'data-code="GM0106" data-state="in_preparation"' in programme
    assert (
        "Kaart: warmteprogramma's in" in programme and 'href="?laag=warmteprogramma" aria-current="page"' in programme
    )
    assert client.get(url, {"laag": "<script>"}).context["layer"] == "vision"  # anything else: the default
