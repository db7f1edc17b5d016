"""The statements and the retention preview in a real browser: axe, desktop and phone width."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from sessions.models import Session, SessionDay, SignupRequest
from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def test_statements_are_readable_and_accessible(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Privacyverklaring").click()
    expect(page.get_by_role("heading", level=1, name="Privacyverklaring")).to_be_visible()
    expect(page.get_by_text("24 maanden na de laatste sessiedag")).to_be_visible()
    check_page(page, "privacy")
    page.set_viewport_size(PHONE)
    check_page(page, "privacy-phone")

    page.get_by_role("link", name="Toegankelijkheidsverklaring").click()
    expect(page.get_by_role("heading", level=1, name="Toegankelijkheidsverklaring")).to_be_visible()
    expect(page.get_by_text("C: eerste maatregelen genomen")).to_be_visible()
    check_page(page, "accessibility-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    check_page(page, "accessibility")


def test_admin_previews_and_applies_retention(page, live_server, world):
    session = Session.objects.create(title="Oude sessie", organiser_name="Programma")
    SessionDay.objects.create(session=session, date=dt.date(2000, 1, 3), start_time="09:00", end_time="12:00")
    SignupRequest.objects.create(session=session, name="Piet", email="piet@example.org", motivation="x")

    login(page, live_server, world.users["programme_admin"].email)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Bewaartermijnen").first.click()
    expect(page.get_by_role("heading", level=1, name="Bewaartermijnen")).to_be_visible()
    row = page.get_by_role("row", name="Aanmeldverzoeken voor sessies")
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")
    check_page(page, "retention-preview")
    page.set_viewport_size(PHONE)
    check_page(page, "retention-preview-phone")

    page.get_by_role("button", name="Nu toepassen").click()
    expect(page.get_by_text("1 gegeven geanonimiseerd.")).to_be_visible()
    expect(row.get_by_role("cell").nth(1)).to_have_text("0")
    assert SignupRequest.objects.get().name == "geanonimiseerd"
