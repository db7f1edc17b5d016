"""The benchmark logs in as a real browser would, second factor included: a role that needs one
(issue 11) used to land on the code page, and every page after it measured a redirect."""

import secrets

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from scripts.bench.client import Browser

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "geheim-wachtwoord-1"  # noqa: S105 (the world fixture's)


def test_a_login_that_needs_the_second_factor_passes_it_with_the_run_s_key(live_server, world):
    key = secrets.token_hex(20)
    staff = world.users["staff_drenthe"]
    TOTPDevice.objects.create(user=staff, name="bench", key=key, confirmed=True)
    browser = Browser(live_server.url)
    browser.login(staff.email, PASSWORD, otp_key=key)
    board = browser.get(reverse("sessions:board"))
    assert board.status == 200 and b"Sessieplanning" in board.body
    second = Browser(live_server.url)  # the same person again within the same 30 seconds
    second.login(staff.email, PASSWORD, otp_key=key)
    assert second.get(reverse("sessions:board")).status == 200


def test_without_the_key_the_login_says_so_instead_of_measuring_redirects(live_server, world):
    staff = world.users["staff_drenthe"]
    TOTPDevice.objects.create(user=staff, name="bench", key=secrets.token_hex(20), confirmed=True)
    with pytest.raises(RuntimeError, match="second factor"):
        Browser(live_server.url).login(staff.email, PASSWORD)


def test_a_role_without_the_factor_logs_in_with_the_password_alone(live_server, world):
    browser = Browser(live_server.url)
    browser.login(world.users["coordinator_drenthe"].email, PASSWORD)
    dashboard = browser.get(reverse("progress:region_dashboard", kwargs={"code": "ES03"}))
    assert dashboard.status == 200 and b"Voortgang RES-regio Drenthe" in dashboard.body
