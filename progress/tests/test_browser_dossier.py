"""Issue 13, part 5: the coordinator opens Assen's dossier from the municipality's page and keeps
to the sessions. axe-core on every page, screenshots at desktop and phone width."""

import pytest
from playwright.sync_api import expect

from progress.tests.test_dossier import _dossier
from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_filters_assens_dossier_on_sessions(page, live_server, world):
    _dossier(world, rounds=2)
    login(page, live_server, "regio@example.org")
    page.goto(live_server.url + world.assen.get_absolute_url())
    page.get_by_role("link", name="Dossier: alles over Assen op één tijdlijn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier Assen")
    timeline = page.locator("main")
    expect(timeline.get_by_text("Opmerking", exact=True).first).to_be_visible()
    expect(timeline.get_by_text("Koppelkans: Rioolvervanging Lariks 1")).to_be_visible()
    expect(page.get_by_role("navigation", name="Pagina's van het dossier")).to_be_visible()
    check_page(page, "dossier-00-everything")
    page.get_by_role("group", name="Soort").get_by_label("Sessies").check()
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(live_server.url + "/gemeenten/GM0106/dossier/?soort=sessies&jaar=")
    entries = page.locator(".progress-dossier > li")
    expect(entries).to_have_count(2)
    expect(entries.first.locator(".progress-dossier__kind")).to_have_text("Sessies")
    expect(entries.first).to_contain_text("Gehouden, 1 aanwezige uit de gemeente")
    expect(entries.first).to_contain_text("Gemeente Assen")
    expect(page.get_by_text("Anna Jansen")).to_have_count(0)  # a coordinator reads organisations
    expect(page.get_by_role("checkbox", name="Sessies")).to_be_checked()
    check_page(page, "dossier-01-sessions")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "dossier-02-sessions-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
