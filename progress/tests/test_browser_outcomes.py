"""Done when (issue 13): an officer adopts an agreed wijk direction and updates an action, from the
municipality's page, where the koppelkansen and open actions of its sessions show with their
source. axe-core on every page, screenshots desktop and phone for a person to look at."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outcomes.models import AgreedAction
from outcomes.tests.factories import (
    AgreedActionFactory,
    LinkingOpportunityFactory,
    WijkDirectionFactory,
    held_session,
)
from progress.models import Neighbourhood
from tests.browser import check_page, login
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SESSION = "Sprintsessie Assen en Midden-Drenthe"


def _outcomes(world):
    session = held_session()
    corporation = OrganisationFactory(name="Actium")
    LinkingOpportunityFactory(
        session=session,
        municipality=world.assen,
        description="Rioolvervanging Lariks",
        organisation=corporation,
        from_year=2028,
    )
    action = AgreedActionFactory(
        session=session,
        municipality=world.assen,
        description="Warmtekansenkaart delen",
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    WijkDirectionFactory(
        session=session,
        municipality=world.assen,
        neighbourhood_name="Pittelo",
        alternative="heat_network",
        insulation_first=True,
    )
    return session, action


def test_the_officer_adopts_a_direction_and_updates_an_action(page, live_server, world):
    session, action = _outcomes(world)
    login(page, live_server, "assen@example.org")
    page.goto(live_server.url + world.assen.get_absolute_url())
    section = page.locator("#voortgang-sessies")
    expect(section.get_by_role("heading", name="Uit sessies")).to_be_visible()
    kansen = section.get_by_role("region", name="Koppelkansen voor Assen uit sessies")
    expect(kansen.get_by_role("row", name="Rioolvervanging Lariks")).to_contain_text("Actium")
    expect(kansen.get_by_role("link", name=SESSION)).to_be_visible()
    open_actions = section.get_by_role("region", name="Open afspraken voor Assen uit sessies")
    row = open_actions.get_by_role("row", name="Warmtekansenkaart delen")
    expect(row).to_contain_text("verlopen")
    expect(row.get_by_role("link", name=SESSION)).to_be_visible()
    section.scroll_into_view_if_needed()
    check_page(page, "outcomes-progress-00-municipality")

    section.get_by_role("button", name="Overnemen in de wijken (Pittelo)").click()
    expect(page.get_by_text("Richting overgenomen in wijk Pittelo.")).to_be_visible()
    wijken = page.get_by_role("region", name="Wijken van Assen")
    expect(wijken.get_by_role("row", name="Pittelo")).to_contain_text("Warmtenet")
    reason = f"Overgenomen uit sessie “{SESSION}”"
    expect(page.locator("#voortgang-geschiedenis").get_by_text(reason)).to_be_visible()
    expect(section.get_by_role("link", name="Pittelo")).to_be_visible()  # "overgenomen op … in wijk Pittelo"
    expect(section.get_by_role("button", name="Overnemen in de wijken (Pittelo)")).to_have_count(0)
    wijk = Neighbourhood.objects.get(municipality=world.assen)
    assert (wijk.name, wijk.alternative, wijk.insulation_first) == ("Pittelo", "heat_network", True)
    check_page(page, "outcomes-progress-01-adopted")

    page.get_by_role("link", name="Alle wijzigingen bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wijzigingen in de voortgang van Assen")
    expect(page.get_by_text(reason)).to_be_visible()
    check_page(page, "outcomes-progress-02-history")

    page.goto(live_server.url + world.assen.get_absolute_url())
    page.get_by_role("link", name="Status bijwerken (Warmtekansenkaart delen)").click()
    page.get_by_label("Gedaan").check()
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("De status is opgeslagen.")).to_be_visible()  # back on the municipality's page
    assert AgreedAction.objects.get(pk=action.pk).status == AgreedAction.Status.DONE
    assert page.url.split("#")[0] == live_server.url + world.assen.get_absolute_url()
    section = page.locator("#voortgang-sessies")
    expect(section.get_by_text("Geen open afspraken.")).to_be_visible()
    section.get_by_text("1 afgeronde of vervallen afspraak").click()
    expect(section.get_by_text("Warmtekansenkaart delen")).to_be_visible()
    section.scroll_into_view_if_needed()
    check_page(page, "outcomes-progress-03-action-done")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "outcomes-progress-04-phone")
