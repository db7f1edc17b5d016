"""On the day and after, in a real browser: the organiser checks people in on a phone-sized page
(search, a tap, a walk-in), the evaluation arrives the day after and its results show. axe on
every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heatportal.mail.models import Email
from sessions.services.answers import invitation_answer
from sessions.services.scheduled import due_messages_send
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.browser import check_page, login
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _session_today(world):
    session = SessionFactory(organiser_province=world.drenthe, title="Sprintsessie Assen", municipalities=[world.assen])
    SessionDayFactory(session=session, date=timezone.localdate())
    actium = OrganisationFactory(name="Actium", type="housing_corporation", municipalities=[world.assen])
    enexis = OrganisationFactory(name="Enexis", type="grid_operator", municipalities=[world.assen])
    for name, organisation in (("Henk Bosma", actium), ("Tom Hendriks", enexis)):
        invitation = InvitationFactory(session=session, contact=ContactFactory(name=name, organisation=organisation))
        invitation_answer(invitation=invitation, accept=True)
    return session


def test_check_in_on_a_phone_then_the_evaluation_and_its_results(page, live_server, world, settings):
    settings.SITE_URL = live_server.url
    session = _session_today(world)
    login(page, live_server, "drenthe@example.org")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/sessies/{session.pk}/")
    page.get_by_role("link", name="Inchecken").click()
    expect(page.get_by_text("0 van 2 aanwezig")).to_be_visible()
    check_page(page, "checkin-01-list-phone")

    page.get_by_label("Zoek op naam of organisatie").fill("Henk")
    expect(page.get_by_text("1 deelnemer gevonden")).to_be_visible()
    page.get_by_role("button", name="Aanwezig (Henk Bosma)").click()
    expect(page.get_by_text(re.compile(r"aanwezig sinds \d\d:\d\d"))).to_be_visible()
    expect(page.get_by_text("1 van 2 aanwezig")).to_be_visible()
    check_page(page, "checkin-02-henk-present")

    page.get_by_text("Iemand toevoegen die niet op de lijst staat").click()
    page.get_by_label("Naam", exact=True).fill("Femke Post")
    page.get_by_label("E-mailadres", exact=True).fill("femke.post@example.org")
    page.get_by_role("button", name="Toevoegen en inchecken").click()
    expect(page.get_by_text("Femke Post is toegevoegd en ingecheckt.")).to_be_visible()
    expect(page.get_by_text("2 van 3 aanwezig")).to_be_visible()
    check_page(page, "checkin-03-walk-in")

    # The day after: beat sends the evaluation to the two who were there.
    session.days.update(date=timezone.localdate() - dt.timedelta(days=1))
    assert due_messages_send()["evaluation"] == 2
    mail = Email.objects.get(key__contains=":evaluation:", to_email="femke.post@example.org")
    link = re.search(r"(http\S+/sessies/evaluatie/\S+/)", mail.body_text).group(1)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name=re.compile("Evaluatie"))).to_be_visible()
    check_page(page, "evaluation-01-form-phone")
    page.get_by_label("4 – goed").check()
    page.get_by_label("Wat was voor u het waardevolst?").fill("Het gesprek met de netbeheerder.")
    page.get_by_role("button", name="Evaluatie versturen").click()
    expect(page.get_by_text("Uw evaluatie van “Sprintsessie Assen” is ontvangen.")).to_be_visible()
    check_page(page, "evaluation-02-done")

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "drenthe@example.org")
    page.goto(f"{live_server.url}/sessies/{session.pk}/evaluatie/")
    expect(page.get_by_text("1 ingevulde evaluatie, gemiddelde waardering 4,0 van 5")).to_be_visible()
    expect(page.get_by_text("Het gesprek met de netbeheerder.")).to_be_visible()
    expect(page.get_by_text("Femke Post")).to_have_count(0)
    check_page(page, "evaluation-03-results")
