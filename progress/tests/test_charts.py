"""Overview charts: the data (status per quarter from the history, deadline states), the SVG
geometry, and what the overview pages show."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Municipality
from progress import charts
from progress.deadlines import deadlines_refresh, scope_deadlines
from progress.models import Progress
from progress.selectors.charts import NO_DATE, Tally, deadline_states, status_over_time
from progress.tests.factories import ProgressFactory

STATUS = charts.STATUS_SERIES


# --- Geometry ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "counts", [{"adopted": 1, "in_preparation": 1, "not_started": 1}, {"adopted": 7, "not_started": 3}, {"adopted": 1}]
)
def test_segments_add_up_to_the_full_length(counts):
    parts = charts.segments(counts, STATUS, 400)
    assert sum(s.size for s in parts) == 400
    assert all(b.start == a.start + a.size for a, b in zip(parts, parts[1:], strict=False))


def test_zero_counts_draw_no_segment_and_no_counts_no_bar():
    parts = charts.segments({"not_started": 0, "in_preparation": 2, "adopted": 0}, STATUS, 300)
    assert [(s.series.key, s.start, s.size, s.count) for s in parts] == [("in_preparation", 0, 300, 2)]
    assert charts.segments({}, STATUS, 300) == []


def test_a_narrow_segment_is_drawn_but_not_labelled_inside():
    bar = charts.bar(Tally("x", {"not_started": 99, "in_preparation": 0, "adopted": 1}), STATUS, length=400)
    assert [s.size for s in bar.segments] == [396, 4]
    assert [s.count for s in bar.labelled] == [99]
    assert bar.cells == [99, 0, 1]


def test_small_multiples_share_one_scale():
    bars = charts.small_multiples(
        [Tally("A", {"adopted": 10}), Tally("B", {"adopted": 2, "not_started": 3})], STATUS, length=400
    )
    assert [(b.label, b.length) for b in bars] == [("A", 400), ("B", 200)]
    assert sum(s.size for s in bars[1].segments) == 200


def test_columns_stack_upwards_on_the_largest_total():
    chart = charts.columns(
        [Tally("K1 2026", {"not_started": 2, "adopted": 2}), Tally("K2 2026", {"not_started": 1, "adopted": 3})],
        STATUS,
        width=200,
        height=100,
    )
    first = chart.columns[0]
    assert (first.label, first.year_label, first.full_label) == ("K1", "2026", "K1 2026")
    (bottom, bottom_y), (top, top_y) = first.segments
    assert bottom.series.key == "not_started" and bottom_y + bottom.size == chart.top + 100
    assert top_y + top.size == bottom_y and bottom.size + top.size == 100


# --- Data -------------------------------------------------------------------------------------
def _at(record_date: dt.date, progress: Progress, **changes):
    """Save PROGRESS with CHANGES and date the new history record RECORD_DATE."""
    for name, value in changes.items():
        setattr(progress, name, value)
    progress.save()
    record = progress.history.first()
    when = timezone.make_aware(dt.datetime.combine(record_date, dt.time(12)))
    Progress.history.filter(pk=record.pk).update(history_date=when)


@pytest.mark.django_db
def test_status_per_quarter_replays_the_history_in_one_query(world, django_assert_num_queries):
    drenthe = Municipality.objects.current().filter(res_region__code="ES03")
    assen = ProgressFactory(municipality=world.assen)
    Progress.history.filter(municipality_id=world.assen.pk).update(
        history_date=timezone.make_aware(dt.datetime(2025, 2, 1))
    )
    _at(dt.date(2025, 5, 1), assen, programme_status="in_preparation", vision_status="in_preparation")
    _at(dt.date(2026, 1, 10), assen, programme_status="adopted", programme_adopted_on=dt.date(2026, 1, 9))
    with django_assert_num_queries(1):
        result = status_over_time(municipalities=drenthe, total=12, today=dt.date(2026, 12, 2))
    programme = result["programme"]
    assert [t.label for t in programme][0] == "K1 2025" and programme[-1].label == "K4 2026"
    assert len(programme) == 8
    assert programme[0].counts == {"not_started": 12, "in_preparation": 0, "adopted": 0}
    assert programme[1].counts == {"not_started": 11, "in_preparation": 1, "adopted": 0}
    assert programme[4].counts == {"not_started": 11, "in_preparation": 0, "adopted": 1}
    assert result["vision"][-1].counts == {"not_started": 11, "in_preparation": 1, "adopted": 0}
    assert all(t.total == 12 for t in programme)


@pytest.mark.django_db
def test_status_over_time_keeps_the_last_twelve_quarters(world):
    assen = ProgressFactory(municipality=world.assen)
    Progress.history.filter(municipality_id=world.assen.pk).update(
        history_date=timezone.make_aware(dt.datetime(2019, 1, 5))
    )
    _at(dt.date(2019, 2, 1), assen, vision_status="in_preparation")
    result = status_over_time(
        municipalities=Municipality.objects.filter(pk=world.assen.pk), total=1, today=dt.date(2026, 12, 2)
    )
    assert len(result["vision"]) == 12 and result["vision"][0].label == "K1 2024"
    assert result["vision"][0].counts["in_preparation"] == 1


@pytest.mark.django_db
def test_deadline_states_count_every_municipality(world, django_assert_num_queries):
    ProgressFactory(municipality=world.assen, programme_status="adopted", programme_adopted_on=dt.date(2026, 3, 1))
    deadlines_refresh()
    drenthe = Municipality.objects.current().filter(res_region__code="ES03")
    with django_assert_num_queries(1):
        tally = deadline_states(deadlines=scope_deadlines(municipalities=drenthe, today=dt.date(2026, 12, 2)), total=12)
    assert tally.total == 12
    # Assen met its first warmteprogramma, its next is due in 2031 (its headline, on track); the
    # other eleven are due on 31-12-2026, within 92 days.
    assert tally.counts["on_track"] == 1 and tally.counts["met"] == 0
    assert tally.counts["at_risk"] == 11 and tally.counts[NO_DATE] == 0


# --- Pages ------------------------------------------------------------------------------------
def _svg_ids(html):
    return re.findall(r'<svg role="img" aria-labelledby="([^"]+)"', html)


@pytest.mark.django_db
def test_region_dashboard_shows_the_charts_with_their_tables(client, world):
    ProgressFactory(municipality=world.assen, programme_status="adopted", programme_adopted_on=dt.date(2026, 3, 1))
    deadlines_refresh()
    client.force_login(world.users["coordinator_drenthe"])
    html = client.get(reverse("progress:region_dashboard", kwargs={"code": "ES03"})).content.decode()
    assert "1 van 12 gemeenten hebben een vastgesteld warmteprogramma; 11 lopen risico, 0 verlopen." in html
    assert _svg_ids(html)[0] == "grafiek-termijnen-titel grafiek-termijnen-samenvatting"
    assert html.count("<summary>Als tabel</summary>") == 3
    assert '<th scope="row">Provincie' not in html  # the per-province bars are the national page's
    assert "Warmteprogramma per kwartaal" in html and "Transitievisie warmte per kwartaal" in html


@pytest.mark.django_db
def test_national_page_shows_a_bar_per_province(client, world):
    client.force_login(world.users["adviser"])
    html = client.get(reverse("progress:national_overview")).content.decode()
    assert "grafiek-provincies-titel" in html
    section = html[html.index('id="grafiek-provincies"') :]
    assert section.count('class="progress-chart__label"') == 12
    assert '<th scope="row">Drenthe</th><td>12</td><td>0</td><td>0</td><td>12</td>' in section


@pytest.mark.django_db
def test_print_page_shows_the_charts(client, world):
    client.force_login(world.users["coordinator_drenthe"])
    html = client.get(reverse("progress:region_print", kwargs={"code": "ES03"})).content.decode()
    assert "grafiek-termijnen" in html and "grafiek-programma" in html


@pytest.mark.django_db
def test_svg_coordinates_are_plain_numbers_in_every_language(client, world):
    """A Dutch page writes 200.0 as "200,0", which SVG reads as two positions: the count "12"
    came out as a "1" in the middle of its bar and a "2" at its start."""
    ProgressFactory(municipality=world.assen, vision_status="adopted", vision_adopted_on=dt.date(2026, 3, 1))
    client.force_login(world.users["coordinator_drenthe"])
    for language in ("nl", "en"):
        client.cookies["django_language"] = language
        html = client.get(reverse("progress:region_dashboard", kwargs={"code": "ES03"})).content.decode()
        svg = "".join(re.findall(r"<svg role=\"img\".*?</svg>", html, flags=re.S))
        numbers = re.findall(r'\b(?:x|y|width|height|viewBox)="([^"]*)"', svg)
        assert numbers and all(re.fullmatch(r"-?[\d.]+( -?[\d.]+)*", n) for n in numbers), numbers
        assert re.search(r'<text x="\d+(\.\d+)?" y="17" text-anchor="middle"[^>]*>12</text>', svg)


@pytest.mark.django_db
def test_an_adoption_counts_from_its_date_not_from_when_the_portal_learned_of_it(world):
    """Drenthe's visions were adopted in 2021 and entered in the portal in 2026: the chart shows
    them adopted in every quarter it draws, not only in the quarter they were typed in."""
    assen = ProgressFactory(municipality=world.assen)
    Progress.history.filter(municipality_id=world.assen.pk).update(
        history_date=timezone.make_aware(dt.datetime(2026, 11, 1))
    )
    _at(dt.date(2026, 11, 2), assen, vision_status="adopted", vision_adopted_on=dt.date(2021, 5, 19))
    result = status_over_time(
        municipalities=Municipality.objects.filter(pk=world.assen.pk), total=1, today=dt.date(2026, 12, 2)
    )
    vision = result["vision"]
    assert len(vision) == 12 and vision[0].label == "K1 2024"
    assert all(t.counts["adopted"] == 1 for t in vision)
    assert all(t.counts["not_started"] == 1 for t in result["programme"])
