"""Region dashboard, provincial and national overviews, exports."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role
from municipalities.models import Municipality, Province, ResRegion
from progress.models import Initiative, Neighbourhood, Progress
from progress.selectors.figures import adoption_timeline, progress_figures, progress_rollup
from progress.tests.factories import InitiativeFactory, NeighbourhoodFactory, ProgressFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
DRENTHE_CODES = {
    "GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680",
    "GM1681", "GM1690", "GM1699", "GM1701", "GM1730", "GM1731",
}  # fmt: skip


def _dashboard(code="ES03"):
    return reverse("progress:region_dashboard", kwargs={"code": code})


def test_coordinator_sees_all_and_only_the_municipalities_of_the_region(client, world):
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(_dashboard())
    rows = response.context["rows"]
    assert {row.municipality.cbs_code for row in rows} == DRENTHE_CODES
    html = response.content.decode()
    assert "Zaanstad" not in html and "Assen" in html


def test_coordinator_of_one_region_is_refused_another(client, world):
    # A dashboard someone may not see does not exist for them.
    client.force_login(world.users["coordinator_drenthe"])
    assert client.get(_dashboard("ES15")).status_code == 404
    assert client.get(reverse("progress:region_export", kwargs={"code": "ES15", "fmt": "xlsx"})).status_code == 404


def test_filter_by_vision_state_and_flag(client, world):
    ProgressFactory(municipality=world.assen, vision_status="adopted", vision_adopted_on=dt.date(2021, 5, 19))
    emmen = Municipality.objects.get(cbs_code="GM0114")
    ProgressFactory(municipality=emmen, vision_status="in_preparation", flagged=True, flag_reason="Vertraging")
    client.force_login(world.users["coordinator_drenthe"])

    def names(**params):
        response = client.get(_dashboard(), params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="progress-results")
        return [row.municipality.name for row in response.context["rows"]]

    assert names(visie="adopted") == ["Assen"]
    assert names(visie="in_preparation") == ["Emmen"]
    assert len(names(visie="not_started")) == 10
    assert names(aandacht="1") == ["Emmen"]
    assert names(q="emm") == ["Emmen"]
    assert names(sorteer="-visie")[:2] == ["Assen", "Emmen"]
    assert names(sorteer="aandacht")[0] == "Emmen"  # the one that needs attention comes first
    assert names(sorteer="-aandacht")[-1] == "Emmen"


def test_htmx_filter_returns_only_the_results(client, world):
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(_dashboard(), {"q": "Assen"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="progress-results")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="progress-results"')
    assert "<h1>" not in html


def _region_with(n: int):
    province = Province.objects.get(code="PV22")
    region = ResRegion.objects.create(code="ES99", slug="testregio", name="Testregio")
    region.provinces.add(province)
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            cbs_code=f"GM9{i:03d}", name=f"Testgemeente {i}", province=province, res_region=region, division_year=2025
        )
        for i in range(n)
    )
    for i, municipality in enumerate(municipalities):
        Progress.objects.create(
            municipality=municipality,
            vision_status="adopted" if i % 2 else "in_preparation",
            vision_adopted_on=dt.date(2021, 1 + i % 12, 1) if i % 2 else None,
        )
        NeighbourhoodFactory(municipality=municipality)
        InitiativeFactory(municipality=municipality)
    coordinator = user_with_role(Role.Kind.REGIONAL_COORDINATOR, region, email="test-regio@example.org")
    return region, coordinator


# Session, user, roles (3); region with its provinces (2); rows (a region fits one page: no
# count), sessions, labs (3); figures (3); timeline (1); Django's ModelBackend user and group
# permissions for the menu (2); charts: the progress history, the deadlines and their progress (3);
# the region's overdue agreed actions (1: the list, whose counts flag the rows).
DASHBOARD_QUERIES = 18


@pytest.mark.parametrize("n", [5, 50])
def test_dashboard_queries_do_not_grow_with_municipalities(client, django_assert_num_queries, n, reference_data):
    region, coordinator = _region_with(n)
    client.force_login(coordinator)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(_dashboard(region.code))
    assert len(response.context["rows"]) == n
    assert response.context["figures"].municipalities == n


# Session, user, roles (3); region with its provinces (2); rows, deadlines, sessions, labs (4); menu (2);
# the overdue agreed actions counted per municipality (1).
RESULTS_PARTIAL_QUERIES = 12


@pytest.mark.parametrize("n", [5, 50])
def test_filtered_results_partial_queries_do_not_grow(client, django_assert_num_queries, n, reference_data):
    region, coordinator = _region_with(n)
    client.force_login(coordinator)
    with django_assert_num_queries(RESULTS_PARTIAL_QUERIES):
        response = client.get(
            _dashboard(region.code),
            {"visie": "adopted", "sorteer": "-bijgewerkt"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="progress-results",
        )
    assert len(response.context["rows"]) == n // 2


def test_headline_figures_roll_up_to_region_province_and_country(world):
    ProgressFactory(municipality=world.assen, vision_status="adopted", vision_adopted_on=dt.date(2021, 5, 19))
    ProgressFactory(municipality=world.zaanstad, vision_status="adopted", vision_adopted_on=dt.date(2020, 12, 17))
    NeighbourhoodFactory(municipality=world.assen, dwellings=2300, period_start=2026, period_end=2030)
    NeighbourhoodFactory(municipality=world.assen, dwellings=5000, period_start=None, period_end=None)
    NeighbourhoodFactory(municipality=world.zaanstad, dwellings=2200, period_start=2022, period_end=2028)
    InitiativeFactory(municipality=world.assen, phase=Initiative.Phase.ORIENTATION)
    InitiativeFactory(municipality=world.assen, phase=Initiative.Phase.PROJECT_DEVELOPMENT)
    InitiativeFactory(municipality=world.zaanstad, phase=Initiative.Phase.ORIENTATION)

    region = progress_figures(municipalities=Municipality.objects.current().filter(res_region__code="ES03"))
    assert (region.municipalities, region.vision_adopted, region.vision_share) == (12, 1, 8)
    assert (region.neighbourhoods, region.neighbourhoods_planned, region.planned_dwellings) == (2, 1, 2300)
    assert region.initiatives == {"orientation": 1, "project_development": 1}

    country = progress_figures(municipalities=Municipality.objects.current())
    assert (country.municipalities, country.vision_adopted, country.planned_dwellings) == (342, 2, 4500)
    assert country.initiatives_total == 3

    by_province = {
        code: f for code, _name, f in progress_rollup(municipalities=Municipality.objects.current(), by="province")
    }
    assert len(by_province) == 12
    assert (by_province["PV22"].vision_adopted, by_province["PV27"].vision_adopted) == (1, 1)
    assert by_province["PV27"].planned_dwellings == 2200
    assert by_province["PV27"].initiatives == {"orientation": 1}
    assert by_province["PV20"].vision_adopted == 0


def test_timeline_counts_adopted_visions_per_quarter_with_empty_quarters(world):
    emmen, meppel = Municipality.objects.filter(cbs_code__in=["GM0114", "GM0119"]).order_by("name")
    ProgressFactory(municipality=world.assen, vision_status="adopted", vision_adopted_on=dt.date(2021, 5, 19))
    ProgressFactory(municipality=emmen, vision_status="adopted", vision_adopted_on=dt.date(2021, 6, 2))
    ProgressFactory(municipality=meppel, vision_status="adopted", vision_adopted_on=dt.date(2021, 12, 1))
    quarters = adoption_timeline(municipalities=Municipality.objects.filter(res_region__code="ES03"))
    assert [(q.year, q.quarter, q.count) for q in quarters] == [(2021, 2, 2), (2021, 3, 0), (2021, 4, 1)]
    assert [name for name, _ in quarters[0].municipalities] == ["Assen", "Emmen"]
    assert quarters[0].width == 100 and quarters[2].width == 50


def test_province_staff_compare_regions_programme_staff_the_country(client, world):
    client.force_login(world.users["staff_nh"])
    response = client.get(reverse("progress:province_overview", kwargs={"code": "PV27"}))
    assert [name for _code, name, _f in response.context["regions"]] == ["Noord-Holland Noord", "Noord-Holland Zuid"]
    assert len(response.context["rows"]) == 44
    assert client.get(reverse("progress:province_overview", kwargs={"code": "PV22"})).status_code == 404
    assert client.get(reverse("progress:national_overview")).status_code == 403

    client.force_login(world.users["adviser"])
    response = client.get(reverse("progress:national_overview"))
    assert len(response.context["regions"]) == 30 and len(response.context["provinces"]) == 12


def test_exports_hold_the_filtered_region_table(client, world):
    ProgressFactory(municipality=world.assen, vision_status="adopted", vision_adopted_on=dt.date(2021, 5, 19))
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse("progress:region_export", kwargs={"code": "ES03", "fmt": "xlsx"})
    response = client.get(url)
    assert response["Content-Disposition"].startswith('attachment; filename="voortgang-drenthe-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Gemeente", "CBS-code", "Transitievisie warmte")
    assert {row[1] for row in rows[1:]} == DRENTHE_CODES
    assen = next(row for row in rows if row[0] == "Assen")
    assert assen[2] == "Vastgesteld door de raad" and assen[3] == dt.datetime(2021, 5, 19)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:R{len(rows)}"  # header stays, filters work

    url = reverse("progress:region_export", kwargs={"code": "ES03", "fmt": "csv"})
    body = client.get(url, {"visie": "adopted"}).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert table[1][:4] == ["Assen", "GM0106", "Vastgesteld door de raad", "19-05-2021"]
    assert len(table) == 2


def test_exports_write_the_last_update_in_dutch_local_time(client, world):
    progress = ProgressFactory(
        municipality=world.assen, vision_status="adopted", vision_adopted_on=dt.date(2021, 5, 19)
    )
    stamp = dt.datetime(2026, 11, 21, 22, 20, 14, 852080, tzinfo=dt.UTC)  # 23:20 in Amsterdam (CET)
    Progress.objects.filter(pk=progress.pk).update(updated_at=stamp)
    world.assen.dwellings = 15400
    world.assen.save(update_fields=["dwellings"])
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse("progress:region_export", kwargs={"code": "ES03", "fmt": "csv"})
    table = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    column = table[0].index("Laatst bijgewerkt")
    assen = next(row for row in table if row[0] == "Assen")
    assert assen[column] == "21-11-2026 23:20"
    assert assen[table[0].index("Aantal woningen")] == "15400"  # a plain number a spreadsheet can sum

    url = reverse("progress:region_export", kwargs={"code": "ES03", "fmt": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Assen")
    updated = row[header.index("Laatst bijgewerkt")]
    assert updated.value == dt.datetime(2026, 11, 21, 23, 20)  # a real date cell, local wall-clock time
    assert updated.number_format == "DD-MM-YYYY HH:MM"
    assert row[header.index("Aantal woningen")].number_format == "#,##0"


def test_flag_reason_is_visible_text_on_the_dashboard(client, world):
    emmen = Municipality.objects.get(cbs_code="GM0114")
    ProgressFactory(municipality=emmen, flagged=True, flag_reason="Vertraging bij de raad")
    client.force_login(world.users["coordinator_drenthe"])
    html = client.get(_dashboard()).content.decode()
    assert '<span class="progress-flag-reason" lang="nl">Vertraging bij de raad</span>' in html
    assert 'title="Vertraging' not in html  # not hidden in a tooltip


def test_exports_never_turn_typed_text_into_formulas(client, world):
    ProgressFactory(municipality=world.assen, flagged=True, flag_reason='=HYPERLINK("http://evil.example","x")')
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse("progress:region_export", kwargs={"code": "ES03", "fmt": "csv"})
    body = client.get(url, {"aandacht": "1"}).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body), delimiter=";"))[1][-1] == '\'=HYPERLINK("http://evil.example","x")'
    url = reverse("progress:region_export", kwargs={"code": "ES03", "fmt": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {"aandacht": "1"}).content)).active
    cell = sheet.cell(row=2, column=18)
    # The same quote as in the CSV: text that would be a formula stays text when saved as CSV again.
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://evil.example","x")'


def test_print_page_lists_every_municipality_without_controls(client, world):
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(reverse("progress:region_print", kwargs={"code": "ES03"}))
    html = response.content.decode()
    assert len(response.context["rows"]) == 12
    assert "portal-toolbar" not in html and "progress.css" in html


def test_boundaries_are_filtered_to_the_region(client, world):
    response = client.get(reverse("progress:boundaries"), {"regio": "ES03"})
    codes = {feature["id"] for feature in response.json()["features"]}
    assert codes == DRENTHE_CODES
    assert "max-age" in response["Cache-Control"]
    everything = client.get(reverse("progress:boundaries"), {"regio": "<script>"}).json()
    assert len(everything["features"]) == 342


def test_menu_offers_the_region_overview_to_coordinators(client, world):
    client.force_login(world.users["coordinator_drenthe"])
    assert "Regio-overzicht" in client.get("/").content.decode()
    client.force_login(world.users["officer_assen"])
    html = client.get("/").content.decode()
    assert "Onze voortgang" in html and "Regio-overzicht" not in html
    client.force_login(world.users["staff_drenthe"])
    assert client.get(reverse("progress:progress")).url == reverse(
        "progress:province_overview", kwargs={"code": "PV22"}
    )


def test_neighbourhood_counts_only_those_with_a_period(client, world):
    NeighbourhoodFactory(municipality=world.assen, period_start=2026, period_end=2030)
    NeighbourhoodFactory(municipality=world.assen, period_start=None, period_end=None)
    client.force_login(world.users["coordinator_drenthe"])
    rows = client.get(_dashboard()).context["rows"]
    assen = next(row for row in rows if row.municipality == world.assen)
    assert (assen.neighbourhoods_planned, assen.initiatives) == (1, 0)
    assert Neighbourhood.objects.count() == 2


# Session, user, roles (3); the first page of rows (counted, read), sessions, labs (4); figures
# with the regions and provinces compared (3); timeline (1); menu (2). Nothing per
# municipality, region or province.
# Charts (+3): the progress history, the deadlines and their progress.
NATIONAL_QUERIES = 17  # one of them the second-factor device of the verified session


def test_national_overview_has_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    for code in ["GM0106", "GM0479", "GM0363"]:
        municipality = Municipality.objects.get(cbs_code=code)
        ProgressFactory(municipality=municipality, vision_status="adopted", vision_adopted_on=dt.date(2021, 3, 1))
        NeighbourhoodFactory(municipality=municipality)
        InitiativeFactory(municipality=municipality)
    client.force_login(world.users["adviser"])
    with django_assert_num_queries(NATIONAL_QUERIES):
        response = client.get(reverse("progress:national_overview"))
    assert len(response.context["rows"]) == 60 and response.context["page"].paginator.count == 342
    assert response.context["figures"].vision_adopted == 3


def test_staff_of_one_province_see_only_their_own_rows_of_a_region_spanning_two(client, reference_data):
    # Foodvalley (ES09) lies in Gelderland and Utrecht. Utrecht's staff may open its dashboard,
    # but a Gelderland municipality's progress is not theirs to read, on its page or in the table.
    foodvalley = ResRegion.objects.get(code="ES09")
    utrecht = Province.objects.get(code="PV26")
    barneveld = Municipality.objects.get(cbs_code="GM0203")
    assert barneveld.res_region == foodvalley and barneveld.province.code == "PV25"
    ProgressFactory(municipality=barneveld, flagged=True, flag_reason="Vertraging bij de netbeheerder")
    client.force_login(user_with_role(Role.Kind.PROVINCIAL_STAFF, utrecht))

    rows = client.get(_dashboard("ES09")).context["rows"]
    export = client.get(reverse("progress:region_export", kwargs={"code": "ES09", "fmt": "csv"}))
    printed = client.get(reverse("progress:region_print", kwargs={"code": "ES09"}))

    expected = set(foodvalley.municipalities.current().filter(province=utrecht).values_list("cbs_code", flat=True))
    assert expected and {row.municipality.cbs_code for row in rows} == expected
    assert "Barneveld" not in export.content.decode("utf-8-sig")
    assert "Vertraging bij de netbeheerder" not in export.content.decode("utf-8-sig")
    assert "Barneveld" not in printed.content.decode()
    page = reverse("progress:progress_section", kwargs={"cbs_code": "GM0203", "section": "visie"})
    assert client.get(page).status_code == 404
