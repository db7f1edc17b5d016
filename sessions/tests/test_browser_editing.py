"""Done when: a planner edits a scheduled two-day session in the browser, changing only its title,
and both days stay; a second planner who opened the same session earlier is shown what changed
and is asked again instead of overwriting it. axe-core on every page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heatportal.mail.models import Email
from sessions.models import Session, SessionDay
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import SessionDayFactory, SessionFactory
from tests.browser import SCREENSHOTS, check_page, login
from tests.factories import municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_day_session(world):
    start = timezone.localdate() + dt.timedelta(days=40)
    while start.weekday() > 2:
        start += dt.timedelta(days=1)
    session = SessionFactory(
        organiser_province=world.drenthe,
        title="Sprintsessie Assen en Midden-Drenthe",
        municipalities=[municipality("GM0106"), municipality("GM1731")],
        status=Session.Status.SCHEDULED,
    )
    for offset in (0, 1):
        SessionDayFactory(
            session=session,
            date=start + dt.timedelta(days=offset),
            start_time=dt.time(9),
            end_time=dt.time(16, 30),
            venue="Provinciehuis Drenthe",
            address="Westerbrink 1, Assen",
        )
    invite_sent(session, 2)
    return session


def _both_days_are_in_the_form(page, days_before: list[dict]) -> None:
    expect(page.get_by_role("group", name="Dag 1").get_by_label("Datum")).to_have_value(
        days_before[0]["date"].isoformat()
    )
    expect(page.get_by_role("group", name="Dag 2").get_by_label("Datum")).to_have_value(
        days_before[1]["date"].isoformat()
    )
    check_page(page, "editing-01-two-days")


def _open_at_phone_width(browser, browser_context_args, live_server, edit_url: str):
    """The second planner's browser, at phone width so the conflict notice is seen there too."""
    other_context = browser.new_context(**{**browser_context_args, "viewport": {"width": 390, "height": 844}})
    other = other_context.new_page()
    login(other, live_server, "beheer@example.org")
    other.goto(edit_url)
    return other_context, other


def _change_the_title(page) -> None:
    page.get_by_label("Titel").fill("Sprintsessie Assen en Midden-Drenthe, ronde 2")
    page.get_by_role("button", name="Sessie opslaan").click()
    expect(page.get_by_role("heading", name="Sprintsessie Assen en Midden-Drenthe, ronde 2", level=1)).to_be_visible()
    check_page(page, "editing-02-saved")


def _save_a_description_from_the_stale_form(other) -> None:
    """Refused: the second planner is shown what changed, and keeps what they typed."""
    other.get_by_label("Omschrijving").fill("Met de corporaties en Enexis.")
    other.get_by_role("button", name="Sessie opslaan").click()
    alert = other.locator("#session-conflict")
    expect(alert).to_contain_text("Iemand anders heeft deze sessie gewijzigd")
    expect(alert.locator("dt", has_text="Titel").locator("xpath=following-sibling::dd[1]")).to_contain_text("ronde 2")
    expect(other.get_by_label("Omschrijving")).to_have_value("Met de corporaties en Enexis.")
    check_page(other, "editing-03-conflict-phone")
    alert.screenshot(path=str(SCREENSHOTS / "editing-03-conflict-notice.png"))


def _save_again(other) -> None:
    other.get_by_label("Titel").fill("Sprintsessie Assen en Midden-Drenthe, ronde 2")
    other.get_by_role("button", name="Sessie opslaan").click()
    expect(other.get_by_role("heading", name="Sprintsessie Assen en Midden-Drenthe, ronde 2", level=1)).to_be_visible()


def test_editing_the_title_of_a_two_day_session_keeps_both_days(
    page, live_server, world, two_day_session, browser, browser_context_args
):
    days_before = list(SessionDay.objects.filter(session=two_day_session).order_by("pk").values())
    mails_before = Email.objects.count()
    edit_url = f"{live_server.url}/sessies/{two_day_session.pk}/bewerken/"

    login(page, live_server, "drenthe@example.org")
    page.goto(edit_url)
    _both_days_are_in_the_form(page, days_before)

    # A second planner opens the same session in another browser before the first one saves.
    other_context, other = _open_at_phone_width(browser, browser_context_args, live_server, edit_url)

    _change_the_title(page)
    assert list(SessionDay.objects.filter(session=two_day_session).order_by("pk").values()) == days_before
    session = Session.objects.get(pk=two_day_session.pk)
    assert session.status == Session.Status.SCHEDULED
    assert Email.objects.count() == mails_before  # a new title is no schedule change: nobody mailed
    for day in days_before:
        expect(page.get_by_text(day["date"].strftime("%Y")).first).to_be_visible()

    # The second planner saves a new description from the stale form: refused, shown the difference.
    _save_a_description_from_the_stale_form(other)
    assert Session.objects.get(pk=two_day_session.pk).description != "Met de corporaties en Enexis."

    # Saving again is a deliberate choice; the days still stay.
    _save_again(other)
    session = Session.objects.get(pk=two_day_session.pk)
    assert session.description == "Met de corporaties en Enexis."
    assert list(SessionDay.objects.filter(session=two_day_session).order_by("pk").values()) == days_before
    other_context.close()
