"""Done when (issue 13): an organiser records outcomes for a held sprint session of two
municipalities, through the session's page. axe-core on every page, screenshots saved."""

import pytest
from playwright.sync_api import expect

from outcomes.models import AgreedAction, LinkingOpportunity, WijkDirection
from outcomes.tests.factories import held_session
from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_organiser_records_outcomes_for_both_municipalities(page, live_server, world):
    session = held_session()
    login(page, live_server, "drenthe@example.org")
    page.goto(live_server.url + session.get_absolute_url())
    page.get_by_role("link", name="Opbrengst").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Opbrengst")
    check_page(page, "outcomes-00-session-empty")
    for name in ("Assen", "Midden-Drenthe"):
        page.get_by_role("link", name=f"Toevoegen koppelkans voor {name}").click()
        page.get_by_label("Wat").fill("Rioolvervanging")
        page.get_by_label("Vanaf jaar").fill("1800")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("Zorg ervoor dat deze waarde minstens 2000 is.")).to_be_visible()  # refused in place
        if name == "Assen":
            check_page(page, "outcomes-01-koppelkans-error")
        page.get_by_label("Vanaf jaar").fill("2028")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("link", name=f"Toevoegen afspraak voor {name}").click()
        page.get_by_label("Wat").fill("Warmtekansenkaart delen met de corporatie")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("link", name=f"Toevoegen richting voor {name}").click()
        page.get_by_label("Wijk").fill("Lariks")
        page.get_by_role("button", name="Opslaan").click()
    check_page(page, "outcomes-02-session-recorded")
    for model in (LinkingOpportunity, AgreedAction, WijkDirection):
        assert set(model.objects.filter(session=session).values_list("municipality__name", flat=True)) == {
            "Assen",
            "Midden-Drenthe",
        }
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "outcomes-03-session-phone")
