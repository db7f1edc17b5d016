"""Done when: a coordinator opens the region dashboard, filters, exports XLSX and views the map;
an officer keeps their municipality's progress up to date inline. axe-core on every page."""

import datetime as dt
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from municipalities.models import Municipality
from progress.deadlines import deadlines_refresh
from progress.models import Progress
from progress.tests.factories import InitiativeFactory, NeighbourhoodFactory, ProgressFactory
from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DRENTHE = [
    "Aa en Hunze", "Assen", "Borger-Odoorn", "Coevorden", "De Wolden", "Emmen",
    "Hoogeveen", "Meppel", "Midden-Drenthe", "Noordenveld", "Tynaarlo", "Westerveld",
]  # fmt: skip


def _progress(world):
    municipalities = {m.name: m for m in Municipality.objects.filter(res_region__code="ES03")}
    for name, day in [("Assen", dt.date(2021, 5, 19)), ("Meppel", dt.date(2021, 2, 25))]:
        ProgressFactory(municipality=municipalities[name], vision_status="adopted", vision_adopted_on=day)
    ProgressFactory(
        municipality=municipalities["Emmen"], vision_status="in_preparation", flagged=True, flag_reason="Vertraging"
    )
    NeighbourhoodFactory(municipality=municipalities["Assen"], name="Pittelo", dwellings=2300)
    InitiativeFactory(municipality=municipalities["Assen"], name="Warm Pittelo")


def test_coordinator_dashboard_filter_export_and_map(page, live_server, world, tmp_path):
    _progress(world)
    login(page, live_server, "regio@example.org")
    check_page(page, "progress-00-home-coordinator")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Regio-overzicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgang RES-regio Drenthe")
    table = page.locator("#progress-results table")
    names = table.locator("tbody th[scope=row]")
    expect(names).to_have_text(DRENTHE)  # all twelve, and only these
    expect(page.get_by_text("17%", exact=True)).to_be_visible()  # 2 of 12 visions adopted
    check_page(page, "progress-01-region-dashboard")

    page.get_by_label("Naam of CBS-code").fill("Emm")
    expect(names).to_have_text(["Emmen"])  # filters while typing
    page.get_by_label("Naam of CBS-code").fill("")
    expect(names).to_have_count(12)
    page.get_by_label("Visie (TVW)").select_option(label="Vastgesteld door de raad")
    expect(names).to_have_text(["Assen", "Meppel"])  # htmx swapped the table
    expect(page).to_have_url(re.compile(r"visie=adopted"))
    table.get_by_role("link", name="Visie (TVW)").click()
    expect(names).to_have_text(["Meppel", "Assen"])  # sorted by adoption date
    check_page(page, "progress-02-region-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren naar Excel (XLSX)").click()
    path = tmp_path / "voortgang.xlsx"
    download_info.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Gemeente", "CBS-code", "Transitievisie warmte")
    assert [(r[0], r[2], r[3].date()) for r in rows[1:]] == [  # filtered and sorted as on screen
        ("Meppel", "Vastgesteld door de raad", dt.date(2021, 2, 25)),
        ("Assen", "Vastgesteld door de raad", dt.date(2021, 5, 19)),
    ]

    page.get_by_role("link", name="Afdrukversie").click()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()
    expect(page.locator(".progress-table tbody th[scope=row]")).to_have_text(["Meppel", "Assen"])
    check_page(page, "progress-03-region-print")
    page.go_back()
    expect(names).to_have_text(["Meppel", "Assen"])  # back on the (filtered) dashboard, not a bare fragment

    page.get_by_role("link", name="Kaart van RES-regio Drenthe").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kaart")
    paths = page.locator("svg.progress-map__svg path")
    expect(paths).to_have_count(12)
    assert sorted(paths.locator("title").all_text_contents())[1] == "Assen: vastgesteld door de raad (19 mei 2021)"
    expect(page.get_by_role("link", name=re.compile(r"^Emmen: in voorbereiding"))).to_have_count(1)
    check_page(page, "progress-04-region-map")


def test_officer_updates_progress_inline_and_sees_the_history(page, live_server, world):
    login(page, live_server, "assen@example.org")
    check_page(page, "progress-00-home-officer")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Onze voortgang").click()
    expect(page.get_by_role("heading", name="Transitievisie warmte (TVW)")).to_be_visible()
    check_page(page, "progress-05-municipality")

    page.get_by_role("link", name="Visie wijzigen").click()
    expect(page.get_by_label("Status van de transitievisie warmte")).to_be_focused()  # keyboard follows the swap
    page.get_by_label("Status van de transitievisie warmte").select_option(label="Vastgesteld door de raad")
    page.get_by_label("Link naar de visie").fill("https://www.assen.nl/transitievisie-warmte")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vul de datum in waarop de raad de visie heeft vastgesteld.")).to_be_visible()
    expect(page.get_by_label("Visie vastgesteld op")).to_be_focused()
    expect(page.get_by_label("Link naar de visie")).to_have_value("https://www.assen.nl/transitievisie-warmte")
    check_page(page, "progress-06-vision-error")
    page.get_by_label("Visie vastgesteld op").fill("2021-05-19")
    page.get_by_label("Link naar het raadsbesluit").fill("https://assen.raadsinformatie.nl/besluit/tvw")
    page.get_by_role("button", name="Opslaan").click()
    section = page.locator("#voortgang-visie")
    expect(section.get_by_text("Opgeslagen.")).to_be_visible()
    expect(section.get_by_text("19 mei 2021")).to_be_visible()

    page.get_by_role("link", name="Wijk toevoegen").click()
    page.get_by_label("Naam van de wijk").fill("Pittelo")
    page.get_by_label("Van het aardgas af: vanaf").fill("2030")
    page.get_by_label("Van het aardgas af: uiterlijk").fill("2026")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het eindjaar kan niet vóór het beginjaar liggen.")).to_be_visible()
    page.get_by_label("Van het aardgas af: vanaf").fill("2026")
    page.get_by_label("Van het aardgas af: uiterlijk").fill("2030")
    page.get_by_label("Beoogd alternatief").select_option(label="Warmtenet")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#voortgang-wijken").get_by_role("rowheader", name="Pittelo")).to_be_visible()
    expect(page.locator("#voortgang-geschiedenis").get_by_text("Wijk Pittelo toegevoegd door")).to_be_visible()
    check_page(page, "progress-07-municipality-updated")

    page.get_by_role("link", name="Alle wijzigingen bekijken").click()
    expect(page.get_by_text("Wijk Pittelo toegevoegd door")).to_be_visible()
    expect(page.get_by_text("Visie en warmteprogramma gewijzigd door")).to_be_visible()
    check_page(page, "progress-08-history")


def test_programme_staff_compare_regions_and_see_the_country(page, live_server, world):
    _progress(world)
    login(page, live_server, "beheer@example.org")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Voortgang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgang Nederland")
    expect(page.get_by_role("table", name="RES-regio's").locator("tbody tr")).to_have_count(30)
    check_page(page, "progress-09-national")
    page.get_by_role("link", name="Kaart van Nederland").click()
    expect(page.locator("svg.progress-map__svg path")).to_have_count(342)
    check_page(page, "progress-10-national-map")
    page.goto(live_server.url + "/gemeenten/voortgang/provincie/PV27/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgang Provincie Noord-Holland")
    check_page(page, "progress-11-province")
    page.goto(live_server.url + "/gemeenten/GM0114/")
    check_page(page, "progress-12-municipality-before-flag")
    page.get_by_role("link", name="Signalering wijzigen").click()
    page.get_by_label("Reden voor aandacht").fill("Vertraging; gesprek gepland")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#voortgang-aandacht").get_by_text("Vertraging; gesprek gepland")).to_be_visible()
    expect(page.locator("#voortgang-signaal")).to_contain_text("Aandacht nodig: Vertraging; gesprek gepland")
    page.get_by_role("textbox", name="Opmerking").fill("Graag bespreken in de volgende sprintsessie.")
    page.get_by_role("button", name="Opmerking plaatsen").click()
    expect(page.get_by_text("Opmerking geplaatst.")).to_be_visible()
    check_page(page, "progress-13-municipality-flagged-and-commented")


def _no_horizontal_scroll(page, name: str) -> None:
    """At phone width (390 px) the page itself never scrolls sideways; wide tables scroll in their wrapper."""
    check_page(page, name)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the 390px screen"


def test_progress_pages_fit_a_phone_screen_and_show_why_attention_is_needed(page, live_server, world):
    _progress(world)
    Municipality.objects.filter(cbs_code="GM0106").update(dwellings=32000)
    assen = Progress.objects.get(municipality__cbs_code="GM0106")
    # Adopted in 2021: the next warmteprogramma was due five years on, 1 June 2026.
    assen.programme_status, assen.programme_adopted_on = "adopted", dt.date(2021, 6, 1)
    assen.save()
    deadlines_refresh()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "regio@example.org")
    page.goto(live_server.url + "/gemeenten/voortgang/regio/ES03/")
    row = page.locator("#progress-results tbody tr", has_text="Emmen")
    expect(row.get_by_text("Vertraging", exact=True)).to_be_visible()  # the reason is text, not a tooltip
    _no_horizontal_scroll(page, "progress-20-mobile-region-dashboard")
    page.goto(live_server.url + "/gemeenten/GM0106/")
    programme = page.locator("#voortgang-warmteprogramma")
    expect(programme.get_by_text("Verlopen", exact=True)).to_be_visible()
    expect(programme.get_by_text("Volgend warmteprogramma", exact=True)).to_be_visible()
    expect(page.locator("#voortgang-woningen").get_by_text("32.000")).to_be_visible()
    _no_horizontal_scroll(page, "progress-21-mobile-municipality")
    page.goto(live_server.url + "/gemeenten/GM0106/geschiedenis/")
    _no_horizontal_scroll(page, "progress-22-mobile-history")
    page.goto(live_server.url + "/gemeenten/voortgang/regio/ES03/kaart/")
    _no_horizontal_scroll(page, "progress-23-mobile-map")


def test_the_attention_filter_lines_up_with_the_other_filters(page, live_server, world):
    login(page, live_server, "regio@example.org")
    page.goto(live_server.url + "/gemeenten/voortgang/regio/ES03/")
    search = page.get_by_label("Naam of CBS-code").bounding_box()
    checkbox = page.get_by_label("Alleen met aandacht nodig").bounding_box()
    # same bottom line as the search field (within a few pixels), so the row reads as one toolbar
    search_middle = search["y"] + search["height"] / 2
    checkbox_middle = checkbox["y"] + checkbox["height"] / 2
    assert abs(search_middle - checkbox_middle) <= 4, (search, checkbox)
    check_page(page, "progress-24-region-filters")
