"""A programme administrator invites Drenthe's provincial staff member, who sets a password
through the mailed link; she in turn invites an officer of Assen, who does the same, and then
ends his role from her own browser: his next page no longer has it (real Chromium, axe on each
page, screenshots at desktop and phone width)."""

import re

import pytest
from playwright.sync_api import expect

from heatportal.mail.models import Email
from tests.browser import check_page, enrol_second_factor, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def _open_mailed_link(page, live_server, to_email: str) -> None:
    body = Email.objects.filter(to_email=to_email).latest("pk").body_text
    path = re.search(r"https?://[^/\s]+(/mensen/uitnodiging/\S+/)", body).group(1)
    page.goto(live_server.url + path)


def _accept_with_password(page, name: str, password: str, shot: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitnodiging voor het Warmteportaal")
    page.get_by_label("Uw naam").fill(name)
    page.get_by_label("Wachtwoord", exact=True).fill("kort")
    page.get_by_label("Wachtwoord nogmaals").fill("kort")
    page.get_by_role("button", name="Account aanmaken en aanvaarden").click()
    expect(page.get_by_text("Controleer de gemarkeerde velden.")).to_be_visible()
    check_page(page, f"{shot}-errors")
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_label("Wachtwoord nogmaals").fill(password)
    page.set_viewport_size(PHONE)
    check_page(page, f"{shot}-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Account aanmaken en aanvaarden").click()
    page.wait_for_load_state()


def test_admin_invites_staff_who_invites_an_officer(page, live_server, world):
    _admin_invites_petra(page, live_server)
    _petra_accepts_and_enrols_the_second_factor(page, live_server)
    _petra_invites_otto(page, live_server)
    _otto_accepts_and_logs_in(page, live_server)
    _petra_ends_ottos_role(page, live_server)


def _admin_invites_petra(page, live_server):
    login(page, live_server, "beheer@example.org")
    page.goto(live_server.url + "/mensen/")
    check_page(page, "invite-01-index")
    page.get_by_role("link", name="Iemand uitnodigen").first.click()
    page.get_by_label("E-mailadres").fill("petra@drenthe.example.org")
    page.get_by_label("Naam").fill("Petra Provincie")
    page.get_by_label("Rol", exact=True).select_option("provincial_staff:PV22")
    page.get_by_label("Persoonlijk bericht").fill("Welkom bij het programma!")
    check_page(page, "invite-02-form")
    page.set_viewport_size(PHONE)
    check_page(page, "invite-03-form-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("De uitnodiging aan petra@drenthe.example.org is verstuurd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mensen: Drenthe")
    expect(page.get_by_role("cell", name=re.compile("^Petra Provincie"))).to_be_visible()
    check_page(page, "invite-04-province-page")
    page.set_viewport_size(PHONE)
    check_page(page, "invite-05-province-page-phone")
    page.set_viewport_size(DESKTOP)
    page.context.clear_cookies()


def _petra_accepts_and_enrols_the_second_factor(page, live_server):
    _open_mailed_link(page, live_server, "petra@drenthe.example.org")
    expect(page.get_by_text("Provinciemedewerker (Drenthe)")).to_be_visible()
    check_page(page, "invite-06-link")
    _accept_with_password(page, "Petra Provincie", "een-lang-nieuw-wachtwoord-7", "invite-07-accept")
    # Provincial staff reach personal data: the second factor is set up before anything else.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor instellen")
    check_page(page, "invite-08-staff-enrols")
    assert len(enrol_second_factor(page)) == 10
    assert "/tweede-factor/" not in page.url
    check_page(page, "invite-08b-staff-logged-in")


def _petra_invites_otto(page, live_server):
    page.goto(live_server.url + "/mensen/uitnodigen/")
    expect(page).to_have_url(live_server.url + "/mensen/uitnodigen/")
    page.get_by_label("E-mailadres").fill("otto@assen.example.org")
    page.get_by_label("Rol", exact=True).select_option(label="Assen (gemeenteambtenaar)")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mensen: Assen")
    check_page(page, "invite-09-municipality-page")
    page.context.clear_cookies()


def _otto_accepts_and_logs_in(page, live_server):
    _open_mailed_link(page, live_server, "otto@assen.example.org")
    _accept_with_password(page, "Otto Ambtenaar", "nog-een-lang-wachtwoord-8", "invite-10-officer-accept")
    expect(page.get_by_text("Welkom! Uw account is aangemaakt")).to_be_visible()
    page.context.clear_cookies()
    login(page, live_server, "otto@assen.example.org", "nog-een-lang-wachtwoord-8")
    expect(page.get_by_text("Gemeenteambtenaar (Assen)")).to_be_visible()
    check_page(page, "invite-11-officer-logged-in")
    page.goto(live_server.url + "/mensen/gemeente/GM0106/")
    expect(page.get_by_role("cell", name=re.compile("^Otto Ambtenaar"))).to_be_visible()
    check_page(page, "invite-12-officer-sees-colleagues")
    page.set_viewport_size(PHONE)
    check_page(page, "invite-13-officer-sees-colleagues-phone")
    page.set_viewport_size(DESKTOP)


def _petra_ends_ottos_role(page, live_server):
    # Petra ends Otto's role in her own browser; his very next page no longer has it.
    petra = page.context.browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    staff_page = petra.new_page()
    login(staff_page, live_server, "petra@drenthe.example.org", "een-lang-nieuw-wachtwoord-7")
    staff_page.goto(live_server.url + "/mensen/gemeente/GM0106/")
    staff_page.get_by_role("link", name="Rol van Otto Ambtenaar beëindigen").click()
    check_page(staff_page, "invite-14-role-end")
    staff_page.get_by_role("button", name="Rol beëindigen").click()
    expect(staff_page.get_by_text("Otto Ambtenaar heeft de rol Gemeenteambtenaar niet meer.")).to_be_visible()
    check_page(staff_page, "invite-15-role-ended")
    petra.close()
    page.goto(live_server.url + "/")
    expect(page.get_by_text("Gemeenteambtenaar (Assen)")).to_have_count(0)
    response = page.goto(live_server.url + "/mensen/gemeente/GM0106/")
    assert response.status == 403
