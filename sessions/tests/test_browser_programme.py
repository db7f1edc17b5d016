"""Done when: an organiser edits a programme item in the browser, moves it to day 2 and up
within that day, and gives a workshop its slot and room; the invitee's answer page then shows
the programme per day with the workshop's slot and room. axe-core on every page, at desktop
and phone width (390 px)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions.models import ProgrammeItem, Session, Workshop
from sessions.services.answers import answer_token
from sessions.services.programme import programme_item_add, workshop_add
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.browser import SCREENSHOTS, check_page, login
from tests.factories import municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def session(world):
    start = timezone.localdate() + dt.timedelta(days=40)
    while start.weekday() != 4:  # a Friday and a Saturday: "Dag 1 — vrijdag …"
        start += dt.timedelta(days=1)
    session = SessionFactory(
        organiser_province=world.drenthe,
        title="Sprintsessie Assen en Midden-Drenthe",
        municipalities=[municipality("GM0106"), municipality("GM1731")],
        status=Session.Status.SCHEDULED,
    )
    first, second = (
        SessionDayFactory(session=session, date=start + dt.timedelta(days=n), start_time=dt.time(9)) for n in (0, 1)
    )
    programme_item_add(session=session, day=first, title="Opening", start_time=dt.time(9, 30), speaker="Gedeputeerde")
    programme_item_add(session=session, day=first, title="Terugblik op de vorige ronde")
    programme_item_add(session=session, day=second, title="Ontvangst", start_time=dt.time(9))
    programme_item_add(session=session, day=second, title="Afsluiting", start_time=dt.time(15))
    workshop_add(session=session, title="Warmtenet in de wijk", capacity=12, description="Wat een warmtenet kost.")
    workshop_add(session=session, title="Isoleren met corporaties", capacity=12)
    return session


def _day_items(page, day_heading: str):
    section = page.locator("section.sessions-programme__day", has=page.get_by_role("heading", name=day_heading))
    return section.locator("li.sessions-programme__item strong")


def _edit_item_to_day_two(page, session) -> None:
    page.get_by_role("link", name="Bewerken Terugblik op de vorige ronde").click()
    expect(page.get_by_role("heading", name="Programmaonderdeel bewerken", level=1)).to_be_visible()
    check_page(page, "programme-02-edit-item")
    page.get_by_role("combobox", name=re.compile(r"^Dag")).select_option(label=_label(session, 2))
    page.get_by_label("Onderdeel").fill("Terugblik en vooruitblik")
    page.get_by_label("Spreker").fill("Krijn Korver")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name=session.title, level=1)).to_be_visible()


def _label(session, number: int) -> str:
    from sessions.programme import day_label

    return day_label(number, session.days.order_by("date")[number - 1])


def _give_the_workshop_a_slot(page, session) -> None:
    page.get_by_role("link", name="Bewerken Warmtenet in de wijk").click()
    expect(page.get_by_role("heading", name="Workshop bewerken", level=1)).to_be_visible()
    page.get_by_role("combobox", name=re.compile(r"^Dag")).select_option(label=_label(session, 1))
    page.get_by_label("Begintijd").fill("10:30")
    page.get_by_label("Eindtijd").fill("12:00")
    page.get_by_label("Zaal").fill("Statenzaal")
    check_page(page, "programme-04-edit-workshop")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name=session.title, level=1)).to_be_visible()


def _move_up_within_day_two(page, session, day2: str) -> None:
    """Up once within day 2 (htmx swaps the programme in place; the page stays where it is)."""
    page.get_by_role("button", name="Terugblik en vooruitblik eerder").click()
    expect(_day_items(page, day2)).to_have_text(["Ontvangst", "Terugblik en vooruitblik", "Afsluiting"])
    check_page(page, "programme-03-moved")
    item = ProgrammeItem.objects.get(title="Terugblik en vooruitblik")
    assert item.day == session.days.order_by("date")[1] and item.speaker == "Krijn Korver"
    assert list(ProgrammeItem.objects.filter(day=item.day).order_by("position").values_list("title", flat=True)) == [
        "Ontvangst",
        "Terugblik en vooruitblik",
        "Afsluiting",
    ]


def _the_workshop_row_shows_its_slot(page) -> None:
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Warmtenet in de wijk"))
    expect(row).to_contain_text("10:30–12:00")
    expect(row).to_contain_text("Statenzaal")
    workshop = Workshop.objects.get(title="Warmtenet in de wijk")
    assert (workshop.start_time, workshop.end_time, workshop.room) == (dt.time(10, 30), dt.time(12), "Statenzaal")
    page.set_viewport_size(PHONE)
    check_page(page, "programme-05-session-page-phone")
    page.locator("#programme").screenshot(path=str(SCREENSHOTS / "programme-05a-programme-phone.png"))
    page.locator("#workshops + div").screenshot(path=str(SCREENSHOTS / "programme-05b-workshops-phone.png"))


def _the_invitee_sees_it(browser, browser_context_args, live_server, session, day1: str, day2: str) -> None:
    """The invitee's page, on a phone and on a desktop."""
    invitation = InvitationFactory(session=session)
    answer = f"{live_server.url}/sessies/antwoord/{answer_token(invitation)}/"
    invitee_context = browser.new_context(**{**browser_context_args, "viewport": PHONE})
    invitee = invitee_context.new_page()
    invitee.goto(answer)
    expect(_day_items(invitee, day2)).to_have_text(["Ontvangst", "Terugblik en vooruitblik", "Afsluiting"])
    day_one = invitee.locator("section.sessions-programme__day", has=invitee.get_by_role("heading", name=day1))
    expect(day_one.get_by_role("listitem").filter(has_text="Warmtenet in de wijk")).to_contain_text(
        "10:30–12:00, Statenzaal"
    )
    expect(day_one).to_contain_text("Wat een warmtenet kost.")
    check_page(invitee, "programme-06-answer-page-phone")
    invitee.locator(".sessions-programme").screenshot(
        path=str(SCREENSHOTS / "programme-06a-answer-programme-phone.png")
    )
    invitee.set_viewport_size({"width": 1280, "height": 900})
    check_page(invitee, "programme-07-answer-page-desktop")
    invitee_context.close()


def test_organiser_edits_moves_and_reorders_and_the_invitee_sees_it(
    page, live_server, world, session, browser, browser_context_args
):
    login(page, live_server, "drenthe@example.org")
    page.goto(f"{live_server.url}/sessies/{session.pk}/")
    day1, day2 = _label(session, 1), _label(session, 2)
    expect(page.get_by_role("heading", name=day1, level=3)).to_be_visible()
    check_page(page, "programme-01-per-day")

    _edit_item_to_day_two(page, session)
    expect(_day_items(page, day2)).to_have_text(["Ontvangst", "Afsluiting", "Terugblik en vooruitblik"])
    expect(_day_items(page, day1)).to_have_text(["Opening"])
    _move_up_within_day_two(page, session, day2)

    _give_the_workshop_a_slot(page, session)
    _the_workshop_row_shows_its_slot(page)
    _the_invitee_sees_it(browser, browser_context_args, live_server, session, day1, day2)
