"""Done when (issue 13): the coordinator sees the deadline state of every municipality in the
region, the chart and its table; provincial staff set a municipality's deadline with a reason.
axe-core on every page, screenshots for a person to look at."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from municipalities.models import Municipality
from progress.deadlines import deadlines_refresh
from progress.tests.factories import ProgressFactory
from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _deadlines(world):
    by_name = {m.name: m for m in Municipality.objects.filter(res_region__code="ES03")}
    ProgressFactory(
        municipality=by_name["Assen"],
        vision_status="adopted",
        vision_adopted_on=dt.date(2021, 5, 19),
        programme_status="adopted",
        programme_adopted_on=dt.date(2026, 10, 8),
    )
    ProgressFactory(municipality=by_name["Meppel"], programme_status="in_preparation")
    deadlines_refresh()


def test_the_coordinator_sees_every_deadline_the_chart_and_its_table(page, live_server, world):
    _deadlines(world)
    login(page, live_server, "regio@example.org")
    page.goto(live_server.url + "/gemeenten/voortgang/regio/ES03/")
    table = page.locator("#progress-results table")
    expect(table.get_by_role("columnheader", name="Termijn")).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(12)
    for i in range(12):  # every municipality of the region shows a state
        expect(rows.nth(i).locator("td").nth(2).locator(".portal-badge")).to_have_count(1)
    assen = rows.filter(has_text="Assen")
    expect(assen.get_by_text("Op schema")).to_be_visible()
    risks = page.get_by_role("region", name="Risico dit kwartaal")
    expect(risks.get_by_role("row")).to_have_count(12)  # the header and the eleven without a programme
    expect(risks.get_by_role("link", name="Assen")).to_have_count(0)
    check_page(page, "deadlines-00-region-dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "deadlines-01-region-dashboard-phone")


def test_provincial_staff_set_a_deadline_with_a_reason(page, live_server, world):
    _deadlines(world)
    login(page, live_server, "drenthe@example.org")
    page.goto(live_server.url + Municipality.objects.get(name="Meppel").get_absolute_url())
    page.get_by_role("link", name="Termijn eerste warmteprogramma aanpassen").click()
    check_page(page, "deadlines-02-override-form")
    page.get_by_label("Nieuwe uiterste datum").fill("2027-03-31")
    page.get_by_role("button", name="Termijn opslaan").click()
    expect(page.get_by_text("Geef de reden voor de afwijkende datum.")).to_be_visible()  # another date needs one
    check_page(page, "deadlines-03-override-error")
    page.get_by_label("Reden").fill("Uitstel door de minister")
    page.get_by_role("button", name="Termijn opslaan").click()
    programme = page.locator("#voortgang-warmteprogramma")
    expect(
        programme.get_by_text("Aangepast: Uitstel door de minister (volgens de wet 31 december 2026)")
    ).to_be_visible()
    check_page(page, "deadlines-04-municipality-after-override")


def test_the_open_data_page_reads_on_a_phone(page, live_server, world):
    """Its JSON sample once pushed the page 96 px past a 390 px screen (walkthrough)."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/open-data/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    check_page(page, "open-data-00-phone")
