"""Someone asks for access as an officer of Assen, Drenthe's staff approve it in one click, and
the applicant sets a password through the mailed link and logs in (real Chromium, axe on each page)."""

import re

import pytest
from playwright.sync_api import expect

from heatportal.mail.models import Email
from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


def test_request_approve_set_password_and_log_in(page, live_server, world):
    _anna_asks_for_access(page, live_server)
    _province_approves_and_reviews(page, live_server)
    _anna_sets_a_password_and_logs_in(page, live_server)


def _anna_asks_for_access(page, live_server):
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_role("link", name="Toegang aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegang aanvragen")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_text("Controleer de gemarkeerde velden.")).to_be_visible()
    check_page(page, "access-01-request-errors")

    page.get_by_label("Naam").fill("Anna Aanvrager")
    page.get_by_label("Werk-e-mailadres").fill("anna@assen.example.org")
    page.get_by_label("Gemeenteambtenaar").check()
    page.get_by_role("combobox", name=re.compile(r"^Gemeente")).select_option(label="Assen")
    page.get_by_label("Waarom heeft u toegang nodig?").fill("Ik schrijf mee aan de transitievisie warmte.")
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("button", name="Aanvraag versturen")).to_be_visible()
    check_page(page, "access-02-request-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_text("Als uw aanvraag klopt, ontvangt u bericht")).to_be_visible()
    check_page(page, "access-03-request-done")


def _province_approves_and_reviews(page, live_server):
    login(page, live_server, "drenthe@example.org")
    page.goto(live_server.url + "/mensen/aanvragen/")
    expect(page.get_by_role("heading", name="Anna Aanvrager")).to_be_visible()
    check_page(page, "access-04-requests-list")
    page.set_viewport_size(PHONE)
    check_page(page, "access-05-requests-list-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Bericht aan de aanvrager").fill("Welkom in het portaal!")
    page.get_by_role("button", name="Keur Anna Aanvrager goed").click()
    expect(page.get_by_text("Goedgekeurd")).to_be_visible()
    check_page(page, "access-06-request-approved")
    page.get_by_role("link", name="Jaarlijkse toegangscontrole").click()
    expect(page.get_by_role("row", name=re.compile("Anna Aanvrager"))).to_be_visible()
    check_page(page, "access-06b-review")
    page.set_viewport_size(PHONE)
    check_page(page, "access-06c-review-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name=re.compile("Ik heb de lijst gecontroleerd")).click()
    expect(page.get_by_text("u heeft de toegang van uw mensen bevestigd")).to_be_visible()
    page.context.clear_cookies()


def _anna_sets_a_password_and_logs_in(page, live_server):
    mail = Email.objects.get(to_email="anna@assen.example.org")
    link = re.search(r"http\S+/account/wachtwoord-instellen/\S+/", mail.body_text).group(0)
    page.goto(live_server.url + link[link.index("/account/") :])
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("een-lang-nieuw-wachtwoord-7")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("een-lang-nieuw-wachtwoord-7")
    check_page(page, "access-07-set-password")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.wait_for_load_state()

    login(page, live_server, "anna@assen.example.org", "een-lang-nieuw-wachtwoord-7")
    expect(page.get_by_text("Gemeenteambtenaar (Assen)")).to_be_visible()
    check_page(page, "access-08-applicant-logged-in")
