"""A walk through the foundation in real Chromium, with an axe-core scan of every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_browses_municipalities_logs_in_and_switches_language(page, live_server, world):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen van het aardgas af")
    check_page(page, "foundation-01-home-anonymous")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gemeenten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeenten")
    expect(page.get_by_role("status")).to_have_text("342 gemeenten")
    page.get_by_label("Provincie").select_option(label="Drenthe")
    expect(page.get_by_role("status")).to_have_text("12 gemeenten")  # htmx swapped the table
    expect(page).to_have_url(re.compile(r"provincie=PV22"))
    check_page(page, "foundation-02-municipalities-drenthe")

    page.get_by_role("link", name="Midden-Drenthe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Midden-Drenthe")
    check_page(page, "foundation-03-municipality")

    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill("drenthe@example.org")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("horen niet bij elkaar")).to_be_visible()
    check_page(page, "foundation-04-login-error")

    login(page, live_server, "drenthe@example.org")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    expect(page.get_by_text("Provinciemedewerker (Drenthe)")).to_be_visible()
    check_page(page, "foundation-05-home-staff")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Organisaties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisaties")
    check_page(page, "foundation-06-organisations")

    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wijzig taal").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    check_page(page, "foundation-07-organisations-english")


def test_administrator_manages_contacts_and_reads_the_outbox(page, live_server, world):
    login(page, live_server, "beheer@example.org")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Contactpersonen").click()
    page.get_by_role("link", name="Nieuwe contactpersoon").click()
    page.get_by_label("Naam").fill("Sanne Hofstra")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_label("E-mailadres")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Naam")).to_have_value("Sanne Hofstra")
    check_page(page, "foundation-08-contact-form-error")
    page.get_by_label("E-mailadres").fill("sanne@example.org")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Contactpersoon opgeslagen.")).to_be_visible()
    expect(page.get_by_role("cell", name="sanne@example.org")).to_be_visible()
    check_page(page, "foundation-09-contacts")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Uitgaande e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitgaande e-mail")
    check_page(page, "foundation-10-outbox")
    page.set_viewport_size({"width": 390, "height": 844})  # the table scrolls in its own focusable frame
    check_page(page, "foundation-10-outbox-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + "/bestaat-niet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    check_page(page, "foundation-11-not-found")
