"""The main menu on a phone (390 px): folded behind a "Menu" button that keyboard and screen-reader
users can work, open without JavaScript, and the desktop row unchanged. axe-core on each state."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import SCREENSHOTS, check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def _outline(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")


def test_on_a_phone_the_menu_opens_and_closes_with_the_keyboard(page, live_server, world):
    page.set_viewport_size(PHONE)
    login(page, live_server, "beheer@example.org")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    button = page.get_by_role("button", name="Menu")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "portal-nav")
    expect(menu).to_be_hidden()
    _no_horizontal_scroll(page)
    check_page(page, "menu-01-phone-closed")
    page.screenshot(path=str(SCREENSHOTS / "menu-01-phone-closed-top.png"))

    page.get_by_role("link", name=re.compile("^Warmteportaal")).focus()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()  # reached by Tab, right after the logo it stands beside
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Overzicht")).to_have_attribute("aria-current", "page")
    assert _outline(button) != "none 0px", "the focused button shows where focus is"
    page.get_by_role("button", name="Uitloggen").focus()
    page.keyboard.press("Tab")
    first = menu.get_by_role("link").first
    expect(first).to_be_focused()  # the open menu follows the header in the tab order
    assert _outline(first).startswith("solid"), _outline(first)
    boxes = [link.bounding_box() for link in menu.get_by_role("link").all()]
    assert len(boxes) >= 5 and len({round(box["x"]) for box in boxes}) == 1, "one entry per line, one column"
    assert all(box["height"] >= 24 for box in boxes), "targets big enough to tap"
    _no_horizontal_scroll(page)
    check_page(page, "menu-02-phone-open")
    page.screenshot(path=str(SCREENSHOTS / "menu-02-phone-open-top.png"))

    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    menu.get_by_role("link", name="Gemeenten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeenten")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()  # folded again on the next page
    page.get_by_role("button", name="Menu").click()
    expect(menu.get_by_role("link", name="Gemeenten")).to_have_attribute("aria-current", "page")
    check_page(page, "menu-03-phone-open-municipalities")


def test_on_the_desktop_the_menu_is_one_row_without_a_button(page, live_server, world):
    page.set_viewport_size(DESKTOP)
    login(page, live_server, "drenthe@example.org")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    boxes = [link.bounding_box() for link in menu.get_by_role("link").all()]
    rows = {round(box["y"]) for box in boxes}
    assert len(rows) <= len(boxes) / 3, f"the entries stand side by side, in a row that may wrap: {rows}"
    check_page(page, "menu-04-desktop")


def test_without_javascript_the_phone_menu_is_simply_open(browser, browser_context_args, live_server, world):
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE, "java_script_enabled": False})
    page = context.new_page()
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name=re.compile("Gemeenten"))).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()  # it would do nothing without a script
    _no_horizontal_scroll(page)
    # axe-core is itself a script, so it cannot run here: this page has the same menu markup that the
    # desktop scan above checks, only laid out in a column.
    page.screenshot(path=str(SCREENSHOTS / "menu-05-phone-no-javascript.png"), full_page=True)
    context.close()
