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
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
