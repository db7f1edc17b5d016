"""The audit log and a session's Geschiedenis in Chromium: what a staff member did is there with
their name, readable at desktop and phone width, with an axe-core scan of each page."""

import pytest
from playwright.sync_api import expect

from sessions.tests.factories import SessionDayFactory, SessionFactory
from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


def test_a_cancelled_session_shows_in_its_history_and_in_the_log(page, live_server, world):
    session = SessionFactory(organiser_province=world.drenthe, title="Sprintsessie Assen")
    SessionDayFactory(session=session)
    login(page, live_server, "drenthe@example.org")
    page.goto(f"{live_server.url}/sessies/{session.pk}/annuleren/")
    page.get_by_role("button", name="Sessie annuleren").click()
    page.goto(f"{live_server.url}/sessies/{session.pk}/")
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geschiedenis van Sprintsessie Assen")
    expect(page.get_by_role("cell", name="Sessie geannuleerd")).to_be_visible()
    check_page(page, "audit-01-session-history")
    page.context.clear_cookies()

    login(page, live_server, "beheer@example.org")
    page.goto(f"{live_server.url}/beheer/audit/")
    page.get_by_label("Actie").select_option(label="Sessie geannuleerd")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row", name="Sessie geannuleerd")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(world.users["staff_drenthe"].full_name)
    check_page(page, "audit-02-log-filtered")
    page.set_viewport_size(PHONE)
    check_page(page, "audit-03-log-phone")
