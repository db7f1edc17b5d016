"""Done when (issue 13, the terugblik): the organiser of a held session writes a terugblik, adds
a photo, records who came per kind of organisation and publishes it; the session's page then
shows it. axe-core on every page, screenshots saved (desktop and phone)."""

import pytest
from playwright.sync_api import expect

from municipalities.models import Organisation
from outcomes.models import SessionReview
from outcomes.tests.factories import held_session, png_bytes
from sessions.models import Invitation
from sessions.tests.factories import InvitationFactory
from tests.browser import check_page, login
from tests.factories import ContactFactory, OrganisationFactory, municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _session_with_attendees():
    session = held_session()
    assen = municipality("GM0106")
    session.participations.update(seat_types=["housing_corporation", "grid_operator"])
    corporation = OrganisationFactory(name="Actium", type=Organisation.Type.HOUSING_CORPORATION, municipalities=[assen])
    for attended in (True, True, False):
        contact = ContactFactory(organisation=corporation)
        InvitationFactory(session=session, contact=contact, answer=Invitation.Answer.ACCEPTED, attended=attended)
    return session


def _write_terugblik(page):
    summary = "Een goede middag.\nDe corporatie sluit aan bij de rioolvervanging."
    page.get_by_role("textbox", name="Terugblik").fill(summary)
    page.get_by_role("button", name="Terugblik opslaan").click()
    expect(page.get_by_text("Terugblik opgeslagen.")).to_be_visible()
    photo = {"name": "IMG_2041 van Jansen.png", "mimeType": "image/png", "buffer": png_bytes(320, 200)}
    page.get_by_label("Foto", exact=True).set_input_files(photo)
    page.get_by_role("button", name="Foto toevoegen").click()
    expect(page.get_by_text("Dit veld is verplicht.")).to_be_visible()  # no description: refused in place
    page.get_by_label("Foto", exact=True).set_input_files(photo)
    page.get_by_label("Beschrijving van de foto").fill("Deelnemers aan tafel met de wijkkaart")
    page.get_by_role("button", name="Foto toevoegen").click()
    expect(page.get_by_role("img", name="Deelnemers aan tafel met de wijkkaart")).to_be_visible()
    page.get_by_role("button", name="Aanwezigheid vastleggen").click()
    expect(page.get_by_role("table", name="Aanwezigheid per soort partij")).to_be_visible()


def test_the_organiser_publishes_a_terugblik_on_the_session_page(page, live_server, world):
    session = _session_with_attendees()
    login(page, live_server, "drenthe@example.org")
    page.goto(live_server.url + session.get_absolute_url())
    page.get_by_role("link", name="Opbrengst").first.click()
    _write_terugblik(page)
    check_page(page, "review-00-outcomes-organiser")
    page.get_by_role("button", name="Publiceren op de sessiepagina").click()
    expect(page.get_by_text("De terugblik staat op de sessiepagina.")).to_be_visible()
    review = SessionReview.objects.get(session=session)
    assert review.is_published and review.attendance["housing_corporation"] == {"expected": 2, "came": 2}
    page.set_viewport_size(PHONE)
    check_page(page, "review-01-outcomes-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + session.get_absolute_url())
    expect(page.get_by_role("heading", name="Terugblik")).to_be_visible()
    expect(page.get_by_text("De corporatie sluit aan bij de rioolvervanging.")).to_be_visible()
    image = page.get_by_role("img", name="Deelnemers aan tafel met de wijkkaart")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 320  # served through the permission-checked view
    table = page.get_by_role("table", name="Aanwezigheid per soort partij")
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Woningcorporatie"))
    assert row.get_by_role("cell").all_inner_texts() == ["2", "2"]  # expected at both tables, two came
    check_page(page, "review-02-session-page")
    page.set_viewport_size(PHONE)
    check_page(page, "review-03-session-page-phone")


def test_the_officer_sees_the_terugblik_only_once_published(page, live_server, world):
    session = _session_with_attendees()
    SessionReview.objects.create(session=session, summary="Nog een concept.")
    login(page, live_server, "assen@example.org")
    page.goto(live_server.url + session.get_absolute_url())
    expect(page.get_by_text("Nog een concept.")).to_have_count(0)
    SessionReview.objects.filter(session=session).update(published_at="2026-01-05T12:00:00Z")
    page.reload()
    expect(page.get_by_text("Nog een concept.")).to_be_visible()
    check_page(page, "review-04-session-page-officer")
