"""Done when (issue 13): an officer updates an action's status; the owner's contact opens the
signed link from the mail and marks it done; the coordinator sees the overdue flag on the region
dashboard. axe-core on every page, screenshots (desktop and phone) saved."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from heatportal.mail.models import Email
from outcomes import services
from outcomes.models import AgreedAction
from outcomes.tests.factories import AgreedActionFactory, held_session
from tests.browser import SCREENSHOTS, check_page, login
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _actions(world):
    session = held_session(codes=("GM0106", "GM1731"), province=world.drenthe)
    corporation = OrganisationFactory(name="Woonservice Drenthe")
    contact = ContactFactory(name="Jeroen Smit", email="jeroen@woonservice.example", organisation=corporation)
    own = AgreedActionFactory(session=session, municipality=world.assen, description="Warmtekansenkaart delen")
    late = AgreedActionFactory(
        session=session,
        municipality=world.assen,
        description="Wijkvolgorde vastleggen",
        due_on=timezone.localdate() - dt.timedelta(days=14),
    )
    shared = services.outcome_record(
        model=AgreedAction,
        session=session,
        municipality=world.assen,
        user=world.users["staff_drenthe"],
        values={
            "description": "Renovatieplanning Pittelo delen",
            "owner_organisation": corporation,
            "owner_contact": contact,
            "due_on": timezone.localdate() + dt.timedelta(days=30),
        },
    )
    return session, own, late, shared


def _officer_updates_one(page, live_server, world, session, own):
    login(page, live_server, "assen@example.org")
    page.goto(f"{live_server.url}/sessies/{session.pk}/uitkomsten/")
    expect(page.get_by_text("Verlopen", exact=True)).to_be_visible()  # the overdue one, in the table
    page.get_by_role("link", name="Status bijwerken Warmtekansenkaart delen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Status van de afspraak bijwerken")
    check_page(page, "actions-00-status-form")
    page.get_by_label("Gedaan").check()
    page.get_by_label("Toelichting").fill("Kaart staat op de gemeentesite")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("De status is opgeslagen.")).to_be_visible()
    expect(page.locator(f"#afspraak-{own.pk}")).to_contain_text("Kaart staat op de gemeentesite")
    check_page(page, "actions-01-outcomes-updated")
    own.refresh_from_db()
    assert (own.status, own.status_changed_by_name) == ("done", world.users["officer_assen"].get_full_name())


def _contact_marks_theirs_done(page, live_server, shared):
    # The contact has no account: the mailed link is all they need.
    page.context.clear_cookies()
    mail = Email.objects.get(to_email="jeroen@woonservice.example")
    path = re.search(r"/afspraak/[^/\s]+/", mail.body_text).group(0)
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Renovatieplanning Pittelo delen")
    expect(page.get_by_label("Uw naam")).to_have_value("Jeroen Smit")
    check_page(page, "actions-02-link-page")
    page.get_by_label("Gedaan").check()
    page.get_by_label("Toelichting").fill("Planning gedeeld in het bestuurlijk overleg")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("Dank u wel, de status is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("bijgewerkt door Jeroen Smit")).to_be_visible()
    page.set_viewport_size(PHONE)
    check_page(page, "actions-03-link-page-phone")
    shared.refresh_from_db()
    assert (shared.status, shared.status_changed_by_name) == ("done", "Jeroen Smit")
    page.goto(live_server.url + "/afspraak/zomaar-iets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet")
    check_page(page, "actions-04-link-broken-phone")


def _coordinator_sees_the_overdue_one(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "regio@example.org")
    page.goto(live_server.url + reverse("progress:region_dashboard", kwargs={"code": "ES03"}))
    table = page.locator("table.progress-table")
    assen_row = table.get_by_role("row").filter(has=page.get_by_role("link", name="Assen", exact=True))
    expect(assen_row.get_by_role("link", name="1 verlopen afspraak")).to_be_visible()
    overdue = page.get_by_role("region", name="Verlopen afspraken")
    expect(overdue).to_contain_text("Wijkvolgorde vastleggen")
    expect(overdue).not_to_contain_text("Warmtekansenkaart delen")
    check_page(page, "actions-05-region-dashboard")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Verlopen afspraken").first.click()
    check_page(page, "actions-06-region-dashboard-phone")
    # The full phone page is long: the part this test is about, on its own, to look at.
    page.locator(".progress-overdue-actions").screenshot(path=str(SCREENSHOTS / "actions-07-overdue-phone.png"))
    assen_row.screenshot(path=str(SCREENSHOTS / "actions-08-assen-row-phone.png"))


def test_officer_and_contact_update_actions_and_the_coordinator_sees_the_overdue_one(page, live_server, world):
    session, own, _late, shared = _actions(world)
    _officer_updates_one(page, live_server, world, session, own)
    _contact_marks_theirs_done(page, live_server, shared)
    _coordinator_sees_the_overdue_one(page, live_server)
