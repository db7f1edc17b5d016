"""An invitee in a real browser, with the mail as a mail program receives it: they come on day 1
only, get the confirmation (multipart, headers, the .ics of that day, links that open), hand the
invitation to a colleague, and the colleague answers through their own link. axe on every page."""

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar
from playwright.sync_api import expect

from sessions.models import Invitation
from sessions.services.sending import invitations_queue_emails
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory, WorkshopFactory
from tests.browser import check_page
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _wait_for_mail(smtp_server, to: str, subject_starts: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(smtp_server.messages):
            if to in message["To"] and message["Subject"].startswith(subject_starts):
                return message
        time.sleep(0.2)
    raise AssertionError(f"no mail to {to} starting {subject_starts!r}: {[m['Subject'] for m in smtp_server.messages]}")


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _link(message, live_server) -> str:
    link = re.search(r"(http\S+/sessies/antwoord/\S+/)", _text(message)).group(1)
    assert link.startswith(live_server.url)  # absolute, on the portal's own address
    return link


def _session(world):
    session = SessionFactory(
        organiser_province=world.drenthe,
        title="Sprintsessie Assen",
        municipalities=[world.assen],
        contact_name="Petra Prins",
        contact_email="p.prins@drenthe.example",
    )
    first = timezone.localdate() + dt.timedelta(days=30)
    SessionDayFactory(session=session, date=first)
    SessionDayFactory(session=session, date=first + dt.timedelta(days=1))
    WorkshopFactory(session=session, title="Warmtenet in de wijk", description="Wat een warmtenet vraagt.")
    actium = OrganisationFactory(name="Actium", type="housing_corporation", municipalities=[world.assen])
    henk = ContactFactory(name="Henk Bosma", email="henk.bosma@actium.example", organisation=actium)
    return session, henk


def _assert_as_a_mail_program_sees_it(message, live_server, first_day) -> None:
    assert message.get_content_type() == "multipart/mixed"
    kinds = [part.get_content_type() for part in message.walk()]
    text_parts = ["multipart/alternative", "text/plain", "text/html"]
    assert kinds == ["multipart/mixed", *text_parts, "text/calendar", "image/png"]
    assert message["Reply-To"].addresses[0].addr_spec == "p.prins@drenthe.example"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith(f"@{urlsplit(live_server.url).hostname}>")
    ics, qr = list(message.iter_attachments())
    assert (ics.get_filename(), qr.get_filename()) == ("sessie.ics", "inchecken.png")
    assert qr.get_content().startswith(b"\x89PNG")  # the check-in code, a picture any phone shows
    events = Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert [event["dtstart"].dt.date() for event in events] == [first_day.date]
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'href="' + _link(message, live_server) + '"' in html
    assert "-- \r\nU ontvangt dit bericht omdat" in _text(message)  # the signature separator, as sent


def test_an_invitee_comes_on_day_one_sends_a_colleague_and_the_colleague_answers(
    celery_on_redis, smtp_server, page, live_server, world, settings
):
    settings.SITE_URL = live_server.url
    session, henk = _session(world)
    first_day, second_day = session.days.order_by("date")
    invitation = InvitationFactory(session=session, contact=henk, send_requested_at=timezone.now())
    invitations_queue_emails(session_id=session.pk)
    link = _link(_wait_for_mail(smtp_server, "henk.bosma@actium.example", "Uitnodiging:"), live_server)

    page.goto(link)
    expect(page.get_by_role("heading", name="Sprintsessie Assen")).to_be_visible()
    expect(page.get_by_text("Petra Prins")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Bekijk op de kaart")).first).to_be_visible()
    check_page(page, "invitee-01-answer-page")
    page.set_viewport_size(PHONE)
    check_page(page, "invitee-01-answer-page-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Ja, ik kom").check()
    page.get_by_label(re.compile(date_format(second_day.date, "l j F Y"))).uncheck()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("uw antwoord is opgeslagen")).to_be_visible()
    expect(page.get_by_text("U komt", exact=True)).to_have_count(1)
    check_page(page, "invitee-02-answered-day-one")

    confirmation = _wait_for_mail(smtp_server, "henk.bosma@actium.example", "Bevestiging: u komt")
    _assert_as_a_mail_program_sees_it(confirmation, live_server, first_day)
    page.goto(_link(confirmation, live_server))  # the mailed link opens their page
    expect(page.get_by_role("heading", name="Sprintsessie Assen")).to_be_visible()

    page.get_by_label("Naam van uw collega").fill("Sanne de Vries")
    page.get_by_label("E-mailadres van uw collega").fill("sanne.devries@actium.example")
    page.get_by_role("button", name="Uitnodiging doorgeven").click()
    expect(page.get_by_role("heading", name="Uitnodiging doorgegeven")).to_be_visible()
    check_page(page, "invitee-03-passed-on")
    page.goto(link)
    expect(page.get_by_role("heading", name="Deze uitnodiging is doorgegeven")).to_be_visible()
    check_page(page, "invitee-04-old-link")

    colleague_link = _link(_wait_for_mail(smtp_server, "sanne.devries@actium.example", "Uitnodiging"), live_server)
    _wait_for_mail(smtp_server, "henk.bosma@actium.example", "U heeft een collega gestuurd")
    page.goto(colleague_link)
    expect(page.get_by_text("Uitnodiging voor Sanne de Vries")).to_be_visible()
    page.get_by_label("Ja, ik kom").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("uw antwoord is opgeslagen")).to_be_visible()
    invitation.refresh_from_db()
    assert invitation.contact.name == "Sanne de Vries" and invitation.answer == Invitation.Answer.ACCEPTED
    assert invitation.replaced_contact == henk
    assert set(invitation.attending_days.values_list("day_id", flat=True)) == {first_day.pk, second_day.pk}
