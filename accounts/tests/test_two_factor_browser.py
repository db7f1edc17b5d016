"""Provincial staff set up the second factor on first login, then log in with a code and with a
recovery code, in real Chromium with an axe-core scan of every page."""

import base64

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


def password_step(page, live_server, email):
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_staff_enrols_then_logs_in_with_a_code_and_with_a_recovery_code(page, live_server, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    email = world.users["staff_drenthe"].email
    page.set_viewport_size(PHONE)
    password_step(page, live_server, email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor instellen")
    check_page(page, "otp-01-enrol-phone")
    secret = page.get_by_test_id("otp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill(str(TOTP(key).token()).zfill(6))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    check_page(page, "otp-02-recovery-codes-phone")
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="Ik heb de codes bewaard").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Uw herstelcodes")
    assert "/tweede-factor/" not in page.url
    logout(page)

    # Again, with the code the app shows now (the step used at enrolment is spent: next step's code).
    password_step(page, live_server, email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap")
    check_page(page, "otp-03-verify-phone")
    page.get_by_label("Code").fill("123")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    check_page(page, "otp-04-verify-error-phone")
    TOTPDevice.objects.filter(user=world.users["staff_drenthe"]).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    page.get_by_label("Code").fill(str(TOTP(key).token()).zfill(6))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Tweede stap")
    assert "/tweede-factor/" not in page.url
    logout(page)

    password_step(page, live_server, email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Tweede stap")
    logout(page)

    # A recovery code works once.
    password_step(page, live_server, email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    assert "/tweede-factor/controle/" in page.url
