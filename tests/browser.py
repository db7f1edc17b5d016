"""Helpers for Playwright tests: log in as a person would, and check each page with axe-core."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
_axe = Axe()


def check_page(page, name: str) -> None:
    """Screenshot the page (for a human to look at) and fail on any axe-core violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = _axe.run(page)
    assert results.violations_count == 0, f"axe-core on {name} ({page.url}):\n{results.generate_report()}"


def login(page, live_server, email: str, password: str = "geheim-wachtwoord-1") -> None:
    """Both steps: the password, then (for whoever needs it) a code generated from their authenticator."""
    _give_authenticator_if_required(email)
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if "/account/tweede-factor/" in page.url:
        page.get_by_label("Code").fill(totp_code(email))
        page.get_by_role("button", name="Controleren").click()
        page.wait_for_load_state()


def enrol_second_factor(page) -> list[str]:
    """On the enrolment page: read the secret as a person types it into an authenticator app,
    confirm with the code it generates, keep the recovery codes. Returns the recovery codes."""
    import base64

    from django_otp.oath import TOTP

    secret = page.get_by_test_id("otp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill(str(TOTP(key).token()).zfill(6))
    page.get_by_role("button", name="Bevestigen").click()
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem").all_inner_texts()
    page.get_by_role("button", name="Ik heb de codes bewaard").click()
    page.wait_for_load_state()
    return codes


def _give_authenticator_if_required(email: str) -> None:
    from accounts.models import User
    from accounts.otp import otp_required
    from tests.fixtures.otp import otp_device_for

    user = User.objects.filter(email=email).first()
    if user is not None and otp_required(user):
        otp_device_for(user)


def totp_code(email: str) -> str:
    """The current code of the user's authenticator (created when they need one and have none).
    The device's last used step is forgotten first: django-otp refuses a code twice, and a test
    may log in twice within one 30-second step."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from tests.fixtures.otp import otp_device_for

    device = otp_device_for(User.objects.get(email=email))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)
