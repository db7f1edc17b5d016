"""The board's month calendar on a phone (390 px): a list of the days with sessions, readable and
without sideways scrolling; on a desktop the seven-column month as before. axe-core on each."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from sessions.tests.factories import SessionDayFactory, SessionFactory
from tests.browser import SCREENSHOTS, check_page, login
from tests.factories import municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONTH = "2026-12"
LONG_TITLE = "Sprintsessie transitievisie warmte en wijkuitvoeringsplannen Hoogeveen"


@pytest.fixture
def december(world):
    for title, code, day, start in [
        (LONG_TITLE, "GM0118", dt.date(2026, 12, 8), dt.time(9, 30)),
        ("Kennissessie warmtenetten", "GM0106", dt.date(2026, 12, 8), dt.time(13, 0)),
        ("Sprint Meppel", "GM0119", dt.date(2026, 12, 17), dt.time(10, 0)),
    ]:
        session = SessionFactory(title=title, organiser_province=world.drenthe, municipalities=[municipality(code)])
        SessionDayFactory(session=session, date=day, start_time=start)


def _page_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_on_a_phone_the_month_is_a_readable_list_of_days(page, live_server, world, december):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "drenthe@example.org")
    page.goto(f"{live_server.url}/sessies/?provincie=PV22&maand={MONTH}#kalender")
    agenda = page.get_by_role("list", name="december 2026")
    expect(agenda).to_be_visible()
    expect(page.locator(".sessions-calendar")).to_be_hidden()
    days = agenda.locator(":scope > li")
    expect(days).to_have_count(2)  # only the days that have sessions
    expect(days.first.locator("time")).to_have_text("dinsdag 8 december")
    expect(days.first.get_by_role("link")).to_have_text([f"09:30 {LONG_TITLE}", "13:00 Kennissessie warmtenetten"])
    expect(days.nth(1).get_by_role("link", name="10:00 Sprint Meppel")).to_be_visible()
    title = agenda.get_by_role("link", name=LONG_TITLE)
    size = title.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 16, f"session titles at {size}px"
    box = title.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # the long title wraps inside the screen
    assert _page_overflow(page) <= 0, "the page scrolls sideways"
    check_page(page, "sessions-calendar-01-phone")
    agenda.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "sessions-calendar-01-phone-view.png"))

    page.get_by_role("link", name="januari 2027 →").click()
    expect(page.get_by_role("link", name="← december 2026")).to_be_visible()  # htmx swapped the month
    expect(page.locator(".sessions-agenda").get_by_text("Geen sessies in deze maand.")).to_be_visible()
    assert _page_overflow(page) <= 0
    check_page(page, "sessions-calendar-02-phone-empty-month")


def test_on_a_desktop_the_month_keeps_its_seven_columns(page, live_server, world, december):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "drenthe@example.org")
    page.goto(f"{live_server.url}/sessies/?provincie=PV22&maand={MONTH}#kalender")
    calendar = page.get_by_role("table", name="december 2026")
    expect(calendar).to_be_visible()
    expect(calendar.get_by_role("columnheader")).to_have_count(7)
    expect(calendar.get_by_role("link", name="13:00 Kennissessie warmtenetten")).to_be_visible()
    expect(page.locator(".sessions-agenda")).to_be_hidden()
    check_page(page, "sessions-calendar-03-desktop")


def test_the_calendar_link_on_the_profile_fits_a_phone(page, live_server, world):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "drenthe@example.org")
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("button", name="Agenda-link maken").click()
    link = page.get_by_label("Uw agenda-link")
    expect(link).to_have_value(re.compile(r"/sessies/agenda/[\w-]{40,}\.ics$"))
    box = link.bounding_box()
    assert box["x"] + box["width"] <= 390, box
    assert _page_overflow(page) <= 0, "the page scrolls sideways"
    check_page(page, "sessions-calendar-04-phone-profile-link")
