"""Done when: provincial staff plan a two-day sprint session on the board and invite contacts; a real
Celery worker on Redis sends the mail to a real SMTP server; the invitee answers through the link in
the received message, and the board shows the acceptance. axe-core on every page."""

import datetime as dt
import re
import time
from typing import NamedTuple

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions.models import Invitation, Session
from sessions.services.planning import public_holidays
from tests.browser import check_page, login
from tests.factories import ContactFactory, OrganisationFactory, municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _two_weekdays(start: dt.date) -> tuple[dt.date, dt.date]:
    day = start
    while (
        day.weekday() > 2 or day in public_holidays(day.year) or day + dt.timedelta(days=1) in public_holidays(day.year)
    ):
        day += dt.timedelta(days=1)
    return day, day + dt.timedelta(days=1)


def _wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _contacts_of_two_municipalities() -> None:
    """A housing corporation and a grid operator working in Assen and Midden-Drenthe, one contact each."""
    assen, midden = municipality("GM0106"), municipality("GM1731")
    actium = OrganisationFactory(name="Actium", type="housing_corporation", municipalities=[assen, midden])
    enexis = OrganisationFactory(name="Enexis Netbeheer", type="grid_operator", municipalities=[assen, midden])
    ContactFactory(name="Henk Bosma", email="henk.bosma@actium.example", organisation=actium)
    ContactFactory(name="Tom Hendriks", email="tom.hendriks@enexis.example", organisation=enexis)


def _open_the_board(page) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Sessieplanning").click()
    expect(page.get_by_role("heading", name="Sessieplanning Drenthe", level=1)).to_be_visible()
    check_page(page, "sessions-01-board")


def _plan_a_session(page, first: dt.date, second: dt.date) -> Session:
    """Plan the session in place (htmx editor on the board), then open it from the board."""
    page.get_by_role("link", name="Nieuwe sessie").click()
    editor = page.get_by_role("region", name="Sessie plannen")
    expect(editor).to_be_visible()
    editor.get_by_label("Titel").fill("Sprintsessie Assen en Midden-Drenthe")
    editor.get_by_label("Assen", exact=True).check()
    editor.get_by_label("Midden-Drenthe").check()
    for n, date in ((1, first), (2, second)):
        day = editor.get_by_role("group", name=f"Dag {n}")
        day.get_by_label("Datum").fill(date.isoformat())
        day.get_by_label("Begintijd").fill("09:00")
        day.get_by_label("Eindtijd").fill("16:30")
        day.get_by_label("Locatie").fill("Provinciehuis Drenthe")
        day.get_by_label("Adres").fill("Westerbrink 1, Assen")
    check_page(page, "sessions-02-editor")
    editor.get_by_role("button", name="Sessie opslaan").click()
    # Saved in place: the board shows the session without a reload.
    expect(page.get_by_role("status").filter(has_text="opgeslagen")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Assen")).get_by_text("Gepland")).to_be_visible()
    check_page(page, "sessions-03-board-saved")
    page.get_by_role("link", name=re.compile("^Naar “Sprintsessie Assen")).click()
    expect(page.get_by_role("heading", name="Sprintsessie Assen en Midden-Drenthe", level=1)).to_be_visible()
    session = Session.objects.get()
    assert session.status == Session.Status.SCHEDULED
    assert [d.date for d in session.days.all()] == [first, second]
    assert set(session.municipalities.values_list("cbs_code", flat=True)) == {"GM0106", "GM1731"}
    check_page(page, "sessions-04-detail")
    return session


def _add_workshops(page, *titles: str) -> None:
    for title in titles:
        page.get_by_text("Workshop toevoegen").click()
        page.get_by_label("Titel", exact=True).fill(title)
        page.get_by_label("Aantal plaatsen").fill("10")
        page.locator("#workshops ~ details form").get_by_role("button", name="Toevoegen").click()
        expect(page.get_by_role("rowheader", name=title)).to_be_visible()


def _invite(page) -> None:
    """Invite contacts of the municipalities' organisations, and one pasted person."""
    page.get_by_role("link", name="Genodigden toevoegen").click()
    expect(page.get_by_role("heading", name="Genodigden toevoegen")).to_be_visible()
    check_page(page, "sessions-05-invite")
    page.get_by_label(re.compile("Henk Bosma")).check()
    page.get_by_label(re.compile("Tom Hendriks")).check()
    page.get_by_role("button", name="Geselecteerden uitnodigen").click()
    page.get_by_label("Namen en e-mailadressen").fill("Femke Post <femke.post@duurzaammeppel.example>\nkapotte regel")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("Regel 1 in het vak: “kapotte regel”")).to_be_visible()
    check_page(page, "sessions-06-invite-bad-line")
    page.get_by_role("button", name="Uitnodigingen versturen").click()


def _link_in_the_mail_to_henk(page, smtp_server, live_server) -> str:
    """A real worker sends through Redis to the SMTP server; the page follows the progress."""
    _wait_for(lambda: len(smtp_server.messages) == 3)
    expect(page.get_by_text("Verzonden: 3 van 3")).to_be_visible(timeout=15000)
    expect(page.get_by_text("verzonden", exact=True)).to_have_count(3)
    check_page(page, "sessions-07-sent")

    message = next(m for m in smtp_server.messages if "henk.bosma@actium.example" in m["To"])
    assert message["Subject"] == "Uitnodiging: Sprintsessie Assen en Midden-Drenthe"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "sessie.ics" and "METHOD:REQUEST" in attachment.get_content()
    link = re.search(r"(http\S+/sessies/antwoord/\S+/)", _text(message)).group(1)
    assert link.startswith(live_server.url)
    return link


def _accept_through_the_mail(page, link: str) -> None:
    """The invitee opens the link (no account), accepts and ranks the workshops."""
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="Sprintsessie Assen en Midden-Drenthe")).to_be_visible()
    check_page(page, "sessions-08-answer")
    page.get_by_label("Ja, ik kom").check()
    page.get_by_label("Eerste keus").select_option(label="Warmtebronnen en netcapaciteit")
    page.get_by_label("Tweede keus").select_option(label="Wijkaanpak en participatie")
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("uw antwoord is opgeslagen")).to_be_visible()
    check_page(page, "sessions-09-answered")
    henk = Invitation.objects.get(contact__name="Henk Bosma")
    assert henk.answer == Invitation.Answer.ACCEPTED
    assert list(henk.preferences.values_list("workshop__title", flat=True)) == [
        "Warmtebronnen en netcapaciteit",
        "Wijkaanpak en participatie",
    ]


def _see_the_acceptance_on_the_board(page, live_server, session: Session) -> None:
    page.goto(f"{live_server.url}/sessies/")
    expect(page.get_by_test_id(f"answers-{session.pk}")).to_have_text("3 uitgenodigd, 1 toegezegd, 0 afgezegd")
    expect(page.get_by_role("row", name=re.compile("^Assen")).get_by_text("Gepland")).to_be_visible()
    check_page(page, "sessions-10-board-accepted")


def test_staff_plan_invite_and_the_invitee_accepts_through_the_mailed_link(
    celery_on_redis, smtp_server, page, live_server, world, settings
):
    settings.SITE_URL = live_server.url
    _contacts_of_two_municipalities()
    first, second = _two_weekdays(timezone.localdate() + dt.timedelta(days=35))

    login(page, live_server, "drenthe@example.org")
    _open_the_board(page)
    session = _plan_a_session(page, first, second)
    # Two parallel workshops.
    _add_workshops(page, "Wijkaanpak en participatie", "Warmtebronnen en netcapaciteit")
    _invite(page)
    link = _link_in_the_mail_to_henk(page, smtp_server, live_server)
    _accept_through_the_mail(page, link)

    # Back on the board, the staff member sees the acceptance.
    login(page, live_server, "drenthe@example.org")
    _see_the_acceptance_on_the_board(page, live_server, session)


_DEMO_PASSWORD = "warmte-demo-2026"


class _Demo(NamedTuple):
    upcoming: Session
    knowledge: Session
    meeting: Session
    held: Session


# The pages staff open straight by their address: (screenshot name, path; {upcoming} and so on are the
# pks of the demo sessions). The profile page is last: the calendar feed is made there next.
_STAFF_PAGES = (
    ("detail", "/sessies/{upcoming}/"),
    ("seats", "/sessies/{upcoming}/partijen/"),
    ("presence", "/sessies/{upcoming}/presentielijst/"),
    ("attendance", "/sessies/{upcoming}/aanwezigheid/"),
    ("edit", "/sessies/{upcoming}/bewerken/"),
    ("cancel-confirm", "/sessies/{upcoming}/annuleren/"),
    ("held-attendance", "/sessies/{held}/aanwezigheid/"),
    ("knowledge", "/sessies/{knowledge}/"),
    ("profile", "/account/"),
)


def _seed_the_demo() -> _Demo:
    from accounts import demo as accounts_demo
    from municipalities import demo as municipalities_demo
    from sessions import demo

    municipalities_demo.seed()
    accounts_demo.seed()
    demo.seed()
    return _Demo(
        upcoming=Session.objects.get(status=Session.Status.SCHEDULED),
        knowledge=Session.objects.get(kind=Session.Kind.KNOWLEDGE),
        meeting=Session.objects.get(kind=Session.Kind.COORDINATOR),
        held=Session.objects.filter(status=Session.Status.HELD, organiser_province__code="PV22").first(),
    )


def _board_filter_lives_in_the_url(page, live_server) -> None:
    page.goto(f"{live_server.url}/sessies/?maand=2026-12")
    expect(
        page.get_by_role("row", name=re.compile("^Noordenveld")).get_by_text("Eigen traject", exact=True)
    ).to_be_visible()
    check_page(page, "sessions-demo-board")
    # The state filter goes into the URL: Back and Forward restore it, and the URL loads the same board.
    page.get_by_label("Stand van zaken").select_option(label="Gehouden")
    expect(page).to_have_url(re.compile(r"status=held"))
    expect(page.get_by_role("row", name=re.compile("^Noordenveld"))).to_have_count(0)
    check_page(page, "sessions-demo-board-filtered")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"status=held"))
    expect(page.get_by_role("row", name=re.compile("^Noordenveld"))).to_have_count(1)
    page.go_forward()
    expect(page.get_by_label("Stand van zaken")).to_have_value("held")
    expect(page.get_by_role("row", name=re.compile("^Noordenveld"))).to_have_count(0)
    page.reload()
    expect(page.get_by_label("Stand van zaken")).to_have_value("held")
    expect(page.get_by_role("heading", name="Sessieplanning Drenthe", level=1)).to_have_count(1)


def _board_editors(page, live_server, upcoming: Session) -> None:
    page.goto(f"{live_server.url}/sessies/?maand=2026-12")
    page.get_by_role("link", name="Planning Noordenveld").click()
    expect(page.get_by_role("region", name="Stand van zaken Noordenveld")).to_be_visible()
    check_page(page, "sessions-demo-plan-editor")
    page.get_by_role("link", name=f"Bewerk {upcoming.title}").click()
    expect(page.get_by_role("region", name=re.compile("bewerken"))).to_be_visible()
    check_page(page, "sessions-demo-edit-editor")


def _make_a_calendar_feed(page, upcoming: Session) -> None:
    page.get_by_role("button", name="Agenda-link maken").click()
    expect(page.get_by_label("Uw agenda-link")).to_have_value(re.compile(r"/sessies/agenda/[\w-]{40,}\.ics$"))
    check_page(page, "sessions-demo-profile-feed")
    feed = page.request.get(page.get_by_label("Uw agenda-link").input_value())
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text() and upcoming.title in feed.text()


def _coordinator_meeting_is_for_admins(page, live_server, meeting: Session) -> None:
    """The national coordinator meeting is the programme's: Drenthe staff do not see it (for them it
    does not exist), admins do."""
    assert page.goto(f"{live_server.url}/sessies/{meeting.pk}/").status == 404
    page.context.clear_cookies()
    login(page, live_server, "beheer@warmteportaal.nl", _DEMO_PASSWORD)
    assert page.goto(f"{live_server.url}/sessies/{meeting.pk}/").status == 200
    expect(page.get_by_role("rowheader", name="Stappen naar een warmteprogramma")).to_be_visible()
    check_page(page, "sessions-demo-meeting")


def _officer_pages(page, live_server, upcoming: Session) -> None:
    page.context.clear_cookies()
    login(page, live_server, "gemeente.assen@warmteportaal.nl", _DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Sessies", exact=True).click()
    check_page(page, "sessions-demo-officer-list")
    page.get_by_role("link", name=upcoming.title).click()
    check_page(page, "sessions-demo-officer-detail")


def _outsider_pages(page, live_server, demo: _Demo) -> None:
    """Signing up for a knowledge session and answering an invitation, without an account."""
    from sessions.services.answers import answer_token

    page.context.clear_cookies()
    demo.knowledge.status = Session.Status.SCHEDULED
    demo.knowledge.save()
    page.goto(f"{live_server.url}/sessies/{demo.knowledge.pk}/aanmelden/")
    check_page(page, "sessions-demo-signup")
    invitation = demo.upcoming.invitations.get(contact__name="Ilse Kuipers")
    page.goto(f"{live_server.url}/sessies/antwoord/{answer_token(invitation)}/")
    check_page(page, "sessions-demo-answer")
    page.get_by_label("Ja, ik kom").check()
    page.get_by_label("Eerste keus").select_option(index=1)
    page.get_by_label("Tweede keus").select_option(index=1)
    page.get_by_role("button", name="Antwoord versturen").click()
    ranking = page.get_by_role("group", name=re.compile("Uw voorkeur voor de parallelle workshops"))
    expect(ranking.get_by_text("Kies elke workshop maar één keer")).to_be_visible()
    check_page(page, "sessions-demo-answer-ranking-error")
    response = page.goto(f"{live_server.url}/sessies/antwoord/kapot/")
    assert response.status == 400
    check_page(page, "sessions-demo-answer-invalid")


def test_demo_pages_pass_axe(page, live_server, reference_data, settings):
    """The demo data on every page of the app, as staff, an officer and an outsider see it."""
    demo = _seed_the_demo()
    pks = {name: session.pk for name, session in demo._asdict().items()}

    login(page, live_server, "provincie.drenthe@warmteportaal.nl", _DEMO_PASSWORD)
    _board_filter_lives_in_the_url(page, live_server)
    _board_editors(page, live_server, demo.upcoming)
    for name, template in _STAFF_PAGES:
        path = template.format(**pks)
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        check_page(page, f"sessions-demo-{name}")
    _make_a_calendar_feed(page, demo.upcoming)

    _coordinator_meeting_is_for_admins(page, live_server, demo.meeting)
    _officer_pages(page, live_server, demo.upcoming)
    _outsider_pages(page, live_server, demo)
