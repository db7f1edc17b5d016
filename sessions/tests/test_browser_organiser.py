"""An organiser's round in a real browser: copy last round's session, give it a date, put the
programme on its day, invite, and send those who did not answer a message after previewing it.
axe on every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heatportal.mail.models import Email
from sessions.models import Invitation, ProgrammeItem, Session
from sessions.services.answers import invitation_answer
from sessions.tests.factories import SessionDayFactory, SessionFactory, WorkshopFactory
from sessions.tests.test_browser import _two_weekdays
from tests.browser import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _last_round(world):
    session = SessionFactory(
        organiser_province=world.drenthe, title="Sprintsessie Assen", municipalities=[world.assen], status="held"
    )
    day = SessionDayFactory(session=session, date=timezone.localdate() - dt.timedelta(days=60))
    ProgrammeItem.objects.create(session=session, day=day, title="Opening", speaker="Gedeputeerde", position=1)
    WorkshopFactory(session=session, title="Warmtenet in de wijk")
    return session


def _copy_and_date_it(page, live_server, source, date):
    page.goto(f"{live_server.url}/sessies/{source.pk}/")
    page.get_by_role("button", name="Kopiëren voor een volgende ronde").click()
    expect(page.get_by_text("Kopie gemaakt, zonder genodigden en data.")).to_be_visible()
    check_page(page, "organiser-01-copy-edit")
    page.get_by_label("Titel", exact=True).fill("Sprintsessie Assen, ronde 2")
    day = page.get_by_role("group", name="Dag 1")
    day.get_by_label("Datum").fill(date.isoformat())
    day.get_by_label("Begintijd").fill("09:00")
    day.get_by_label("Eindtijd").fill("16:30")
    page.get_by_role("button", name="Sessie opslaan").click()
    expect(page.get_by_role("heading", name="Sprintsessie Assen, ronde 2", level=1)).to_be_visible()


def _programme_on_its_day(page):
    page.get_by_role("link", name="Bewerken Opening").click()
    page.get_by_role("combobox", name=re.compile(r"^Dag")).select_option(index=1)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Sprintsessie Assen, ronde 2", level=1)).to_be_visible()
    check_page(page, "organiser-02-session")


def _invite_two(page):
    page.get_by_role("link", name="Genodigden toevoegen").click()
    lines = "Henk Bosma <henk.bosma@actium.example>\nTom Hendriks <tom.hendriks@enexis.example>"
    page.get_by_label("Namen en e-mailadressen").fill(lines)
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_text("2 genodigden toegevoegd.")).to_be_visible()
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(page.get_by_text("2 uitnodigingen worden verstuurd.")).to_be_visible()


def _message_those_who_did_not_answer(page):
    page.get_by_role("link", name="Bericht aan genodigden").first.click()
    page.get_by_label("Wie nog niet antwoordden").check()
    page.get_by_label("Onderwerp", exact=True).fill("Komt u ook?")
    page.get_by_label("Bericht", exact=True).fill("We horen graag vóór vrijdag of u komt.")
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    expect(page.get_by_text("Beste Naam van de genodigde,")).to_be_visible()
    check_page(page, "organiser-03-message-preview")
    page.get_by_role("button", name="Versturen aan 1 genodigde").click()
    expect(page.get_by_text("Het bericht gaat naar 1 genodigde.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Komt u ook?"))).to_contain_text("Verzonden: 1 van 1")
    check_page(page, "organiser-04-message-sent")


def test_copy_date_programme_invite_and_message_those_who_did_not_answer(page, live_server, world, settings):
    settings.SITE_URL = live_server.url
    source = _last_round(world)
    first, _ = _two_weekdays(timezone.localdate() + dt.timedelta(days=40))
    login(page, live_server, "drenthe@example.org")
    _copy_and_date_it(page, live_server, source, first)
    copy = Session.objects.exclude(pk=source.pk).get()
    assert copy.programme.get().day == copy.days.get()  # back on its day once the copy has it
    _programme_on_its_day(page)
    assert copy.programme.get().day == copy.days.get()
    _invite_two(page)
    invitation_answer(invitation=copy.invitations.get(contact__name="Henk Bosma"), accept=True)
    _message_those_who_did_not_answer(page)
    [mail] = Email.objects.filter(key__contains=f"session:{copy.pk}:message-")
    assert mail.to_email == "tom.hendriks@enexis.example" and mail.subject == "Komt u ook?"
    assert mail.body_text.startswith("Beste Tom Hendriks,")
    assert Invitation.objects.filter(session=source).count() == 0  # nothing of the copy went to the source
    page.goto(f"{live_server.url}/sessies/{copy.pk}/#uitnodigingen")
    expect(page.get_by_role("button", name="Opnieuw sturen (Tom Hendriks)")).to_be_visible()
    check_page(page, "organiser-05-invitee-table")
