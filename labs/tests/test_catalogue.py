"""The public catalogue: open and coming labs by default, the rest one filter away; search on
the theme, pages, counts from aggregates, and a fixed number of queries however many labs."""

import datetime

import pytest
from django.urls import reverse

from labs.models import Enrolment, Lab
from labs.tests.factories import EnrolmentFactory, LabFactory
from labs.views import CATALOGUE_PAGE_SIZE
from tests.factories import municipality

pytestmark = pytest.mark.django_db
NH = ["GM0361", "GM0392", "GM0405", "GM0394", "GM0400"]
URL = "/leerlabs/"


def fill(lab, codes, status=Enrolment.Status.ACTIVE):
    return [EnrolmentFactory(lab=lab, municipality=municipality(code), status=status) for code in codes]


def titles(response) -> list[str]:
    return [lab.title for lab in response.context["page"]]


def test_catalogue_is_public_with_quorum_places_deadline_and_status(client, reference_data):
    lab = LabFactory(title="Verhaal warmtetransitie", enrolment_deadline=datetime.date(2026, 12, 12))
    fill(lab, NH[:2])
    response = client.get(reverse("labs:catalogue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 van minimaal 3 aanmeldingen" in html
    assert '<progress class="portal-progress" max="3" value="2"' in html
    assert "Nog 3 plekken" in html
    assert "zaterdag 12 december 2026" in html
    assert "Open voor aanmelding" in html


def _one_of_each_status():
    today = datetime.date(2026, 12, 1)
    for n, status in enumerate(Lab.Status.values):
        LabFactory(title=f"Lab {status}", status=status, enrolment_deadline=today + datetime.timedelta(days=n))


def test_default_shows_open_and_coming_labs_and_the_rest_is_one_filter_away(client, reference_data):
    _one_of_each_status()
    response = client.get(URL)
    assert titles(response) == ["Lab open", "Lab confirmed"]
    assert 'href="?status=alle"' in response.content.decode()  # the way to the others
    assert titles(client.get(URL, {"status": "completed"})) == ["Lab completed"]
    assert titles(client.get(URL, {"status": "running"})) == ["Lab running"]
    # Every status: newest deadline first, so the years of finished labs come last.
    assert titles(client.get(URL, {"status": "alle"})) == [f"Lab {s}" for s in reversed(Lab.Status.values)]


def test_search_on_the_theme_ignores_case_and_keeps_the_other_filters(client, reference_data, drenthe):
    LabFactory(title="Warmtenetten in de wijk")
    LabFactory(title="Warmtenet en participatie", organiser_province=drenthe, eligible_provinces=[drenthe])
    LabFactory(title="Isolatie eerst")
    LabFactory(title="Warmtenet, afgerond", status=Lab.Status.COMPLETED)
    assert titles(client.get(URL, {"q": "WARMTENET"})) == ["Warmtenet en participatie", "Warmtenetten in de wijk"]
    assert titles(client.get(URL, {"q": "warmtenet", "provincie": "PV22"})) == ["Warmtenet en participatie"]
    assert titles(client.get(URL, {"q": "warmtenet", "status": "completed"})) == ["Warmtenet, afgerond"]
    html = client.get(URL, {"q": "geothermie"}).content.decode()
    assert "Geen Leer Labs gevonden met deze filters." in html


def test_filters_by_province_and_status_with_htmx_partial(client, reference_data, drenthe):
    LabFactory(title="Lab Noord-Holland")
    LabFactory(title="Lab Drenthe", organiser_province=drenthe, eligible_provinces=[drenthe])
    LabFactory(title="Lab geannuleerd", status=Lab.Status.CANCELLED)
    response = client.get(URL, {"provincie": "PV22"})
    assert "Lab Drenthe" in response.content.decode() and "Lab Noord-Holland" not in response.content.decode()
    response = client.get(URL, {"status": "cancelled"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Lab geannuleerd" in html and "Lab Noord-Holland" not in html
    assert html.lstrip().startswith('<div id="lab-results">') and "<h1>" not in html
    assert "HX-Request" in response["Vary"]  # the partial and the page share the URL


def test_pages_keep_the_filters_and_bad_pages_or_filters_fall_back(client, reference_data):
    start = datetime.date(2027, 1, 1)
    for n in range(CATALOGUE_PAGE_SIZE + 2):
        LabFactory(title=f"Warmte {n:02d}", enrolment_deadline=start + datetime.timedelta(days=n))
    first = client.get(URL, {"q": "warmte"})
    assert titles(first) == [f"Warmte {n:02d}" for n in range(CATALOGUE_PAGE_SIZE)]
    html = first.content.decode()
    assert '<nav class="portal-actions portal-pages" aria-label="Paginering">' in html
    assert 'rel="next" href="?q=warmte&amp;pagina=2"' in html
    assert f"{CATALOGUE_PAGE_SIZE + 2} Leer Labs" in html  # the count of all pages, not of this one
    assert titles(client.get(URL, {"q": "warmte", "pagina": "2"})) == ["Warmte 12", "Warmte 13"]
    for page in ("0", "-1", "x", "99999999999999999999", ""):
        assert client.get(URL, {"pagina": page}).status_code == 200
    assert titles(client.get(URL, {"pagina": "999"})) == ["Warmte 12", "Warmte 13"]  # the last page
    for status in ("bogus", "<script>", "OPEN"):
        assert len(titles(client.get(URL, {"status": status}))) == CATALOGUE_PAGE_SIZE  # the default
    assert titles(client.get(URL, {"provincie": "PV99"})) == []


# Anonymous: labs counted, the page of labs with counts, their provinces and regions
# (prefetched), the provinces for the filter.
CATALOGUE_QUERIES = 5


@pytest.mark.parametrize("n", [3, 40])
def test_catalogue_query_count_does_not_grow_with_labs(client, reference_data, django_assert_num_queries, n):
    labs = [LabFactory() for _ in range(n)]
    for lab in labs[:3]:
        fill(lab, NH[:3])
    with django_assert_num_queries(CATALOGUE_QUERIES):
        response = client.get(URL)
    assert response.content.decode().count("portal-card labs-card") == min(n, CATALOGUE_PAGE_SIZE)
    assert response.context["page"].paginator.count == n


def test_counts_on_a_card_come_from_the_lab_own_enrolments(client, reference_data):
    full = LabFactory(title="Vol")
    fill(full, NH)
    fill(full, ["GM0362"], status=Enrolment.Status.WAITING)
    fill(LabFactory(title="Leeg"), ["GM0363"], status=Enrolment.Status.WITHDRAWN)
    cards = {lab.title: lab for lab in client.get(URL).context["page"]}
    assert (cards["Vol"].active_count, cards["Vol"].places_left, cards["Vol"].waiting_count) == (5, 0, 1)
    assert (cards["Leeg"].active_count, cards["Leeg"].places_left, cards["Leeg"].waiting_count) == (0, 5, 0)
