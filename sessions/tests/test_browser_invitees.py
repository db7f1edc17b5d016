"""Invitees at scale in a real browser: the organiser picks contacts over several pages and searches
and invites them at once; the session page's table filters in place, and while a batch goes out its
poll brings each row as it changes and stops when the batch is done. axe-core on each state."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heatportal.mail.models import Email
from municipalities.models import Contact
from sessions.models import Invitation
from sessions.tests.factories import SessionDayFactory, SessionFactory
from tests.browser import check_page, login
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _contacts(world, n: int) -> list[Contact]:
    actium = OrganisationFactory(name="Actium", type="housing_corporation", municipalities=[world.assen])
    return Contact.objects.bulk_create(
        Contact(name=f"Medewerker {i:03d}", email=f"m{i}@actium.example", organisation=actium) for i in range(n)
    )


def _session(world):
    session = SessionFactory(organiser_province=world.drenthe, title="Sprintsessie Assen", municipalities=[world.assen])
    SessionDayFactory(session=session)
    return session


def test_the_organiser_picks_on_two_pages_and_in_a_search_and_invites_them_at_once(page, live_server, world):
    _contacts(world, 60)
    session = _session(world)
    login(page, live_server, "drenthe@example.org")
    page.goto(f"{live_server.url}/sessies/{session.pk}/uitnodigen/")
    page.get_by_label(re.compile(r"^Medewerker 000 ")).check()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_text("Pagina 2 van 2")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="1 gekozen")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Medewerker 000 "))).to_be_checked()  # listed apart, still ticked
    page.get_by_label(re.compile(r"^Medewerker 055 ")).check()
    search = page.get_by_label("Zoek op naam, e-mailadres of organisatie")
    search.fill("Medewerker 01")
    search.press("Enter")
    expect(page.get_by_role("status").filter(has_text="10 contactpersonen gevonden; 2 gekozen")).to_be_visible()
    page.get_by_label(re.compile(r"^Medewerker 012 ")).check()
    check_page(page, "invitees-01-picker-chosen")
    page.get_by_role("button", name="Geselecteerden uitnodigen").click()
    expect(page.get_by_text("3 genodigden toegevoegd.")).to_be_visible()
    invited = sorted(session.invitations.values_list("contact__name", flat=True))
    assert invited == ["Medewerker 000", "Medewerker 012", "Medewerker 055"]


def test_the_table_filters_in_place_and_the_poll_brings_each_row_and_stops(page, live_server, world):
    session = _session(world)
    earlier = timezone.now() - dt.timedelta(hours=1)
    emails = []
    for contact in _contacts(world, 3):
        invitation = Invitation.objects.create(session=session, contact=contact, send_requested_at=earlier)
        email = Email.objects.create(key=f"t:{invitation.pk}", to_email=contact.email, subject="U", body_text="x")
        Invitation.objects.filter(pk=invitation.pk).update(email=email)
        emails.append(email)
    Email.objects.update(updated_at=timezone.now())  # moving, not stalled
    login(page, live_server, "drenthe@example.org")
    page.goto(f"{live_server.url}/sessies/{session.pk}/")
    expect(page.get_by_text("3 in wachtrij")).to_be_visible()

    Email.objects.filter(pk=emails[1].pk).update(status=Email.Status.SENT, updated_at=timezone.now())
    expect(page.get_by_text("Verzonden: 1 van 3")).to_be_visible(timeout=10000)
    row = page.get_by_role("row", name=re.compile("^Medewerker 001"))
    expect(row.get_by_text("verzonden", exact=True)).to_be_visible()
    Email.objects.update(status=Email.Status.SENT, updated_at=timezone.now())
    expect(page.get_by_text("Verzonden: 3 van 3")).to_be_visible(timeout=10000)
    expect(page.get_by_text("verzonden", exact=True)).to_have_count(3)
    expect(page.locator("#invitations-progress")).not_to_have_attribute("hx-trigger", "every 2s")

    page.get_by_label("Zoek op naam of e-mailadres").fill("medewerker 002")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 van 3 genodigden")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Medewerker"))).to_have_count(1)
    # The filter is in the address: a reload, the back button or a shared link keeps it.
    assert parse_qs(urlsplit(page.url).query)["q"] == ["medewerker 002"]
    check_page(page, "invitees-02-table-filtered")
