"""Leer Labs in real Chromium, with an axe-core scan of every page visited."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from labs.models import CaseUpdate, Enrolment, Lab
from labs.tests.factories import EnrolmentFactory, LabFactory, LabMeetingFactory
from tests.browser import check_page, login
from tests.factories import municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _labs(world):
    deadline = timezone.localdate() + datetime.timedelta(days=21)  # the portal's date, not the machine's
    startplan = LabFactory(
        title="Startplan wijkaanpak aardgasvrij",
        summary="Zet je wijkaanpak in de startblokken.",
        enrolment_deadline=deadline,
        advisers=[world.users["adviser"]],
    )
    verhaal = LabFactory(
        title="Verhaal warmtetransitie",
        summary="Het gesprek met inwoners over de warmtetransitie.",
        enrolment_deadline=deadline + datetime.timedelta(days=7),
    )
    LabFactory(
        title="Warmtenetten in Drenthe",
        summary="Alleen voor Drentse gemeenten.",
        organiser_province=world.drenthe,
        eligible_provinces=[world.drenthe],
    )
    EnrolmentFactory(lab=startplan, municipality=municipality("GM0361"), case_title="Wijkaanpak Oudorp")
    return startplan, verhaal


def _enrol(page, case: str):
    page.get_by_label("Uw case").fill(case)
    page.get_by_label("Toelichting op de case").fill("Eerste wijk uit de Transitievisie Warmte.")
    page.get_by_label("Collega's die meedoen").fill("Piet Jansen (wijkregisseur)")
    page.get_by_label("Wat wilt u in dit Leer Lab leren?").fill("Hoe we bewoners vroeg betrekken.")
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Gemeente aanmelden").click()


def test_officer_enrols_in_two_labs_and_an_ineligible_officer_is_refused(page, live_server, world):
    startplan, _verhaal = _labs(world)
    _browse_the_catalogue_anonymously(page, live_server)
    login(page, live_server, "zaanstad@example.org")
    _enrol_in_both_labs(page)
    assert set(Enrolment.objects.filter(municipality=world.zaanstad).values_list("lab__title", "status")) == {
        ("Startplan wijkaanpak aardgasvrij", "active"),
        ("Verhaal warmtetransitie", "active"),
    }
    _post_an_update_in_the_lab_room(page)

    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, "assen@example.org")
    page.goto(live_server.url + startplan.get_absolute_url())
    expect(page.get_by_role("alert")).to_have_text(
        "Gemeente Assen kan niet deelnemen aan dit Leer Lab: het is alleen voor gemeenten in Noord-Holland."
    )
    expect(page.get_by_role("button", name="Gemeente aanmelden")).to_have_count(0)
    check_page(page, "labs-09-refused-assen")
    assert not Enrolment.objects.filter(municipality=world.assen).exists()


def _browse_the_catalogue_anonymously(page, live_server):
    page.goto(live_server.url + "/leerlabs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leer Labs")
    check_page(page, "labs-01-catalogue-anonymous")
    page.get_by_label("Provincie").select_option(label="Drenthe")
    expect(page.get_by_role("link", name="Warmtenetten in Drenthe")).to_be_visible()
    expect(page.get_by_role("link", name="Verhaal warmtetransitie")).to_have_count(0)  # htmx swapped the list
    expect(page).to_have_url(re.compile(r"provincie=PV22"))
    check_page(page, "labs-02-catalogue-drenthe")


def _enrol_in_both_labs(page):
    """Zaanstad's officer (signed in) enrols in Startplan (after a refused empty form) and Verhaal."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leer Labs", exact=True).click()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Startplan wijkaanpak aardgasvrij"))
    expect(card.get_by_text("1 van minimaal 3 aanmeldingen")).to_be_visible()
    card.get_by_role("link", name="Startplan wijkaanpak aardgasvrij").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Startplan wijkaanpak aardgasvrij")
    check_page(page, "labs-03-detail-before")

    page.get_by_role("button", name="Gemeente aanmelden").click()  # without a case
    expect(page.get_by_label("Uw case")).to_have_attribute("aria-invalid", "true")
    check_page(page, "labs-04-enrol-case-missing")
    _enrol(page, "Startplan aardgasvrij Poelenburg")
    expect(page.get_by_text("Zaanstad is aangemeld voor Startplan wijkaanpak aardgasvrij.")).to_be_visible()
    expect(page.get_by_text("2 van minimaal 3 aanmeldingen")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "2")
    check_page(page, "labs-05-detail-enrolled")

    page.get_by_role("link", name="Alle Leer Labs").click()
    page.get_by_role("link", name="Verhaal warmtetransitie").click()
    expect(page.get_by_text("0 van minimaal 3 aanmeldingen")).to_be_visible()
    _enrol(page, "Het verhaal van de warmtetransitie in Zaanstad")
    expect(page.get_by_text("1 van minimaal 3 aanmeldingen")).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leer Labs", exact=True).click()
    expect(page.get_by_text("2 van minimaal 3 aanmeldingen")).to_be_visible()
    expect(page.get_by_text("1 van minimaal 3 aanmeldingen")).to_be_visible()
    check_page(page, "labs-06-catalogue-after")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn Leer Labs").click()
    expect(page.get_by_role("cell", name="Startplan aardgasvrij Poelenburg")).to_be_visible()
    check_page(page, "labs-07-mine")


def _post_an_update_in_the_lab_room(page):
    """From Mijn Leer Labs into Startplan's room: an update on the own case, no form for others'."""
    page.get_by_role("link", name="Startplan wijkaanpak aardgasvrij").click()
    page.get_by_role("link", name="Naar de Lab-pagina").click()
    expect(page.get_by_role("heading", name="Zaanstad: Startplan aardgasvrij Poelenburg")).to_be_visible()
    page.get_by_label("Nieuw bericht over de case van Zaanstad").fill("Eerste bewonersavond gehouden.")
    page.get_by_role("button", name="Bericht plaatsen").click()
    expect(page.get_by_text("Eerste bewonersavond gehouden.")).to_be_visible()
    expect(page.get_by_label("Nieuw bericht over de case van Alkmaar")).to_have_count(0)
    check_page(page, "labs-08-room")


def test_organiser_confirms_a_lab_and_plans_a_meeting(page, live_server, world):
    startplan, _ = _labs(world)
    for code in ("GM0479", "GM0392"):
        EnrolmentFactory(lab=startplan, municipality=municipality(code))
    login(page, live_server, "nh@example.org")
    page.goto(live_server.url + startplan.get_absolute_url())
    check_page(page, "labs-10-organiser-detail")
    page.get_by_role("button", name="Nu bevestigen: gaat door").click()
    expect(page.get_by_text("De status is nu: Gaat door.")).to_be_visible()

    page.get_by_role("link", name="Leer Lab bewerken").click()
    expect(page.get_by_label("Thema")).to_have_value("Startplan wijkaanpak aardgasvrij")
    check_page(page, "labs-11-edit")
    page.get_by_label("Geldigheid aanbod (dagen)").fill("7")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("is opgeslagen")).to_be_visible()

    page.get_by_role("link", name="Naar de Lab-pagina").click()
    page.get_by_role("link", name="Bijeenkomst toevoegen").click()
    page.get_by_label("Onderwerp").fill("Aftrap: de grootste uitdagingen")
    page.get_by_label("Begint om").fill("2026-12-15T13:30")
    page.get_by_label("Locatie").fill("Provinciehuis Haarlem")
    check_page(page, "labs-12-meeting-form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="Aftrap: de grootste uitdagingen", exact=True)).to_be_visible()
    check_page(page, "labs-13-room-organiser")
    startplan.refresh_from_db()
    assert (startplan.status, startplan.offer_days) == (Lab.Status.CONFIRMED, 7)


def test_waiting_list_offer_is_accepted_through_the_email_link(page, live_server, world):
    from heatportal.mail.models import Email
    from labs.services import enrolling

    lab = LabFactory(title="Organisatie inrichting warmtetransitie", min_participants=2, max_participants=2)
    first, _ = (EnrolmentFactory(lab=lab, municipality=municipality(code)) for code in ("GM0361", "GM0392"))
    login(page, live_server, "zaanstad@example.org")
    page.goto(live_server.url + lab.get_absolute_url())
    expect(page.get_by_text("Dit Leer Lab is vol.")).to_be_visible()
    page.get_by_label("Uw case").fill("Sturing op de warmtetransitie")
    page.get_by_label("Wat wilt u in dit Leer Lab leren?").fill("Sturen met een regieteam.")
    page.get_by_role("button", name="Op de wachtlijst").click()
    expect(page.get_by_text("Dit Leer Lab is vol: Zaanstad staat op de wachtlijst.")).to_be_visible()
    check_page(page, "labs-14-waiting-list")

    enrolling.enrolment_withdraw(enrolment=first, user=None)
    page.reload()
    expect(page.get_by_role("button", name="Plek aannemen")).to_be_visible()
    check_page(page, "labs-15-offer-in-portal")
    page.get_by_role("button", name="Uitloggen").click()

    offer = Email.objects.get(to_email="zaanstad@example.org", subject__startswith="Er is een plek vrij")
    path = re.search(r"/leerlabs/aanbod/\S+/", offer.body_text).group(0)
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanbod voor een plek in een Leer Lab")
    check_page(page, "labs-16-offer-link")
    page.get_by_role("button", name="Plek aannemen").click()
    expect(page.get_by_role("status")).to_contain_text("Zaanstad neemt deel aan Organisatie inrichting warmtetransitie")
    check_page(page, "labs-17-offer-accepted")
    assert Enrolment.objects.get(lab=lab, municipality=world.zaanstad).status == "active"

    page.goto(live_server.url + path[:-5] + "xxxx/")
    expect(page.get_by_role("alert")).to_contain_text("Deze link is ongeldig")
    check_page(page, "labs-18-offer-link-tampered")


def _no_horizontal_scroll(page, name: str) -> None:
    """At phone width (390 px) the page itself never scrolls sideways; wide tables scroll in their wrapper."""
    check_page(page, name)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the 390px screen"


def test_lab_pages_fit_a_phone_screen(page, live_server, world):
    startplan, _ = _labs(world)
    zaanstad = EnrolmentFactory(
        lab=startplan,
        municipality=municipality("GM0479"),
        case_title="Warmtenet Poelenburg",
        case_description="Een warmtenet voor 2.400 woningen met restwarmte uit de Zaanse industrie.",
        colleagues="Projectleider warmte\nBeleidsadviseur duurzaamheid",
        enrolled_by=world.users["officer_zaanstad"],
        share_contact=True,
    )
    CaseUpdate.objects.create(enrolment=zaanstad, author=world.users["officer_zaanstad"], body="Eerste sessie gehad.")
    LabMeetingFactory(lab=startplan, topic="Aftrap: de grootste uitdagingen", location="Provinciehuis Haarlem")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/leerlabs/")
    _no_horizontal_scroll(page, "labs-20-mobile-catalogue")
    page.goto(live_server.url + startplan.get_absolute_url())
    expect(page.get_by_role("link", name="Log in om uw gemeente aan te melden")).to_be_visible()
    _no_horizontal_scroll(page, "labs-21-mobile-detail-anonymous")
    page.get_by_role("link", name="Log in om uw gemeente aan te melden").click()
    page.get_by_label("E-mailadres").fill("zaanstad@example.org")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Startplan wijkaanpak aardgasvrij")  # back on the lab
    _no_horizontal_scroll(page, "labs-22-mobile-detail-officer")
    page.goto(live_server.url + "/leerlabs/mijn/")
    _no_horizontal_scroll(page, "labs-23-mobile-mine")
    page.goto(live_server.url + f"/leerlabs/{startplan.pk}/lab/")
    expect(page.get_by_text("Eerste sessie gehad.")).to_be_visible()
    _no_horizontal_scroll(page, "labs-24-mobile-room")
    page.context.clear_cookies()
    login(page, live_server, "nh@example.org")
    page.goto(live_server.url + f"/leerlabs/{startplan.pk}/lab/")
    _no_horizontal_scroll(page, "labs-25-mobile-room-organiser")
    page.goto(live_server.url + startplan.get_absolute_url())
    _no_horizontal_scroll(page, "labs-26-mobile-detail-organiser")
