"""Leer Labs kept informed, in real Chromium with axe on every page, at desktop and phone width:
a member withdraws with a reason and the organisers get the mail with the quorum warning; an
organiser keeps the attendance and the materials, which a member then downloads."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heatportal.mail.models import Email
from labs.models import Enrolment, LabMaterial, MeetingAttendance
from labs.tests.factories import PDF, EnrolmentFactory, LabFactory, LabMeetingFactory
from tests.browser import SCREENSHOTS, check_page, login
from tests.factories import municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _lab(world):
    lab = LabFactory(
        title="Startplan wijkaanpak aardgasvrij",
        min_participants=3,
        max_participants=3,
        advisers=[world.users["adviser"]],
    )
    EnrolmentFactory(
        lab=lab,
        municipality=world.zaanstad,
        enrolled_by=world.users["officer_zaanstad"],
        case_title="Warmtenet Poelenburg",
    )
    for code in ("GM0361", "GM0392"):
        EnrolmentFactory(lab=lab, municipality=municipality(code))
    return lab


def _both_widths(page, name: str) -> None:
    """Desktop, then phone width (390 px, no sideways scrolling of the page itself), each checked by axe."""
    check_page(page, name)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    check_page(page, f"{name}-390")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the 390px screen"
    page.set_viewport_size(size)


def test_member_withdraws_with_a_reason_and_the_organisers_get_the_quorum_warning(page, live_server, world):
    lab = _lab(world)
    waiting = EnrolmentFactory(lab=lab, municipality=municipality("GM0405"), status="waiting")
    login(page, live_server, "zaanstad@example.org")
    page.goto(live_server.url + lab.get_absolute_url())
    expect(page.get_by_text("Zaanstad doet mee")).to_be_visible()
    expect(page.get_by_text("Vol", exact=True).first).to_be_visible()
    _both_widths(page, "labs-kept-01-detail-member")

    page.get_by_role("link", name="Zaanstad afmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaanstad afmelden")
    expect(page.get_by_role("note")).to_contain_text("minder dan het minimum van 3 gemeenten")
    page.get_by_label("Reden").fill("Onze projectleider vertrekt; we hebben geen capaciteit.")
    _both_widths(page, "labs-kept-02-withdraw-confirm")
    page.get_by_role("button", name="Ja, afmelden").click()
    expect(page.get_by_text("Zaanstad is afgemeld voor Startplan wijkaanpak aardgasvrij.")).to_be_visible()
    _both_widths(page, "labs-kept-03-detail-after")

    assert Enrolment.objects.get(lab=lab, municipality=world.zaanstad).status == "withdrawn"
    waiting.refresh_from_db()
    assert waiting.status == "offered"  # the freed place goes to the waiting list
    for organiser in ("nh@example.org", "adviseur@example.org"):
        notice = Email.objects.get(to_email=organiser, subject__startswith="Zaanstad heeft zich afgemeld")
        assert "Onze projectleider vertrekt; we hebben geen capaciteit." in notice.body_text
        warning = Email.objects.get(to_email=organiser, subject__startswith="Let op: Leer Lab")
        assert "onder het minimum van 3" in warning.body_text
    assert Email.objects.filter(to_email="zaanstad@example.org", subject__startswith="Afgemeld voor").count() == 1

    # The warning's HTML as a mail program shows it (a screenshot only: a mail is no portal page,
    # so axe's landmark rules do not apply to it).
    warning = Email.objects.get(to_email="nh@example.org", subject__startswith="Let op: Leer Lab")
    page.set_content(warning.body_html)
    expect(page.get_by_text("LET OP: het Leer Lab Startplan wijkaanpak aardgasvrij heeft nog 2")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "labs-kept-04-warning-mail.png"), full_page=True)


def test_organiser_keeps_attendance_and_materials_and_a_member_downloads(page, live_server, world, tmp_path):
    lab = _lab(world)
    LabMeetingFactory(lab=lab, topic="Aftrap", starts_at=timezone.now() - datetime.timedelta(days=7))
    login(page, live_server, "nh@example.org")
    page.goto(f"{live_server.url}/leerlabs/{lab.pk}/lab/")
    page.get_by_role("link", name="Aanwezigheid", exact=True).click()
    _both_widths(page, "labs-kept-10-attendance-empty")
    page.get_by_role("link", name="Aanwezigheid bij Aftrap bijhouden").click()
    page.get_by_label("Zaanstad").check()
    page.get_by_label("Alkmaar").check()
    _both_widths(page, "labs-kept-11-attendance-form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("2 van 3 gemeenten aanwezig")).to_be_visible()
    _both_widths(page, "labs-kept-12-attendance")
    assert MeetingAttendance.objects.count() == 2

    page.goto(f"{live_server.url}/leerlabs/{lab.pk}/materialen/")
    document = tmp_path / "Handreiking wijkaanpak.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Titel").fill("Handreiking wijkaanpak")
    page.get_by_label("Bestand").set_input_files(str(document))
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("Handreiking wijkaanpak is toegevoegd.")).to_be_visible()
    _both_widths(page, "labs-kept-13-materials-organiser")
    assert LabMaterial.objects.get().filename == "Handreiking wijkaanpak.pdf"

    page.context.clear_cookies()
    login(page, live_server, "zaanstad@example.org")
    page.goto(f"{live_server.url}/leerlabs/{lab.pk}/materialen/")
    expect(page.get_by_role("heading", name="Materiaal toevoegen")).to_have_count(0)
    _both_widths(page, "labs-kept-14-materials-member")
    with page.expect_download() as download:
        page.get_by_role("link", name="Handreiking wijkaanpak").click()
    assert download.value.suggested_filename == "Handreiking wijkaanpak.pdf"
    assert download.value.path().read_bytes() == PDF
