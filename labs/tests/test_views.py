"""The catalogue, enrolment through the portal, offers by link, and the lab page."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from heatportal.mail.models import Email
from labs.models import CaseUpdate, Enrolment, Lab
from labs.services import enrolling, offers
from labs.tests.factories import EnrolmentFactory, LabFactory
from tests.factories import municipality, user_with_role

NH = ["GM0361", "GM0392", "GM0405", "GM0394", "GM0400"]


def fill(lab, codes, status=Enrolment.Status.ACTIVE):
    return [EnrolmentFactory(lab=lab, municipality=municipality(code), status=status) for code in codes]


def test_officer_enrols_with_a_case_and_the_quorum_moves(client, world):
    lab = LabFactory(min_participants=3)
    fill(lab, NH[:1])
    client.force_login(world.users["officer_zaanstad"])
    response = client.post(
        reverse("labs:enrol", kwargs={"pk": lab.pk}),
        {
            "case_title": "Wijkaanpak Poelenburg",
            "colleagues": "Piet (wijkregisseur)",
            "share_contact": "on",
            "learning_goals": "Hoe betrekken we bewoners?",
        },
        follow=True,
    )
    enrolment = Enrolment.objects.get(lab=lab, municipality=world.zaanstad)
    assert (enrolment.status, enrolment.case_title, enrolment.share_contact) == (
        "active",
        "Wijkaanpak Poelenburg",
        True,
    )
    assert enrolment.enrolled_by == world.users["officer_zaanstad"]
    assert enrolment.learning_goals == "Hoe betrekken we bewoners?"
    assert "2 van minimaal 3 aanmeldingen" in response.content.decode()
    assert Email.objects.filter(to_email="zaanstad@example.org", subject__contains="bevestigd").count() == 1


def test_case_is_required(client, world):
    lab = LabFactory()
    client.force_login(world.users["officer_zaanstad"])
    response = client.post(reverse("labs:enrol", kwargs={"pk": lab.pk}), {"case_title": ""})
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Enrolment.objects.exists()


def test_ineligible_officer_posting_directly_is_refused_by_the_server(client, world):
    lab = LabFactory()  # Noord-Holland only
    client.force_login(world.users["officer_assen"])
    page = client.get(reverse("labs:detail", kwargs={"pk": lab.pk})).content.decode()
    assert "Gemeente Assen kan niet deelnemen" in page and "Gemeente aanmelden" not in page
    response = client.post(
        reverse("labs:enrol", kwargs={"pk": lab.pk}),
        {"case_title": "Wijkaanpak Pittelo", "municipality": world.zaanstad.pk, "learning_goals": "Alles"},
    )
    html = response.content.decode()
    assert response.status_code == 403  # the reason, not the form again
    assert "Uw case" not in html
    assert "Gemeente Assen kan niet deelnemen aan dit Leer Lab: het is alleen voor gemeenten in Noord-Holland." in html
    assert 'role="alert"' in html
    assert not Enrolment.objects.exists()


def test_officer_of_several_municipalities_chooses_one(client, reference_data):
    officer = user_with_role(Role.Kind.MUNICIPAL_OFFICER, municipality("GM0361"), email="twee@example.org")
    officer.roles.create(kind=Role.Kind.MUNICIPAL_OFFICER, municipality=municipality("GM0405"))
    lab = LabFactory()
    client.force_login(officer)
    page = client.get(reverse("labs:detail", kwargs={"pk": lab.pk})).content.decode()
    assert re.search(r'<select name="municipality"[^>]*>', page) and "Hoorn" in page and "Alkmaar" in page
    client.post(
        reverse("labs:enrol", kwargs={"pk": lab.pk}),
        {"case_title": "x", "municipality": municipality("GM0405").pk, "learning_goals": "Warmtenetten"},
    )
    assert Enrolment.objects.get().municipality.name == "Hoorn"


def test_withdrawal_in_the_portal_offers_the_place_on(client, world):
    lab = LabFactory(min_participants=1, max_participants=2)
    mine = EnrolmentFactory(lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"])
    fill(lab, NH[:1])
    (waiting,) = fill(lab, NH[1:2], status=Enrolment.Status.WAITING)
    client.force_login(world.users["officer_zaanstad"])
    client.post(reverse("labs:withdraw", kwargs={"pk": mine.pk}))
    mine.refresh_from_db(), waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("withdrawn", "offered")


def test_offer_link_accepts_the_place_without_logging_in(client, world):
    lab = LabFactory(min_participants=1, max_participants=1)
    (first,) = fill(lab, NH[:1])
    waiting = EnrolmentFactory(
        lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"], status="waiting"
    )
    enrolling.enrolment_withdraw(enrolment=first, user=None)
    offer = Email.objects.get(to_email="zaanstad@example.org", subject__startswith="Er is een plek vrij")
    url = re.search(r"https?://\S+/leerlabs/aanbod/\S+/", offer.body_text).group(0).split("/leerlabs", 1)[1]
    page = client.get("/leerlabs" + url)
    assert "Plek aannemen" in page.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "offered"  # a GET (e.g. a mail scanner) changes nothing
    response = client.post("/leerlabs" + url, {"answer": "accept"})
    assert "neemt deel aan" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "active"
    again = client.post("/leerlabs" + url, {"answer": "decline"})
    assert again.status_code == 400 and "geen aanbod" in again.content.decode()


def test_tampered_or_expired_offer_link_gets_a_clear_page(client, world):
    response = client.get(reverse("labs:offer_link", kwargs={"token": "nep-token"}))
    assert response.status_code == 400 and "Deze link is ongeldig" in response.content.decode()
    lab = LabFactory()
    enrolment = EnrolmentFactory(
        lab=lab,
        municipality=world.zaanstad,
        status="offered",
        offer_expires_at=timezone.now() - datetime.timedelta(hours=1),
    )
    url = reverse("labs:offer_link", kwargs={"token": offers.offer_token(enrolment)})
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 400 and "Dit aanbod is verlopen." in response.content.decode()


def test_lab_page_shows_cases_and_participants_post_on_their_own_case_only(client, world):
    lab = LabFactory()
    mine = EnrolmentFactory(lab=lab, municipality=world.zaanstad, case_title="Poelenburg aardgasvrij")
    (other,) = fill(lab, NH[:1])
    client.force_login(world.users["officer_zaanstad"])
    page = client.get(reverse("labs:room", kwargs={"pk": lab.pk})).content.decode()
    assert 'Zaanstad: <span lang="nl">Poelenburg aardgasvrij</span>' in page and "Alkmaar" in page
    response = client.post(
        reverse("labs:case_update", kwargs={"pk": mine.pk}),
        {"body": "Bewonersavond gehouden."},
        headers={"HX-Request": "true"},
    )
    assert "Bewonersavond gehouden." in response.content.decode()
    assert client.post(reverse("labs:case_update", kwargs={"pk": other.pk}), {"body": "x"}).status_code == 403
    client.force_login(world.users["adviser"])
    client.post(reverse("labs:case_update", kwargs={"pk": other.pk}), {"body": "Advies: begin klein."})
    assert list(CaseUpdate.objects.order_by("id").values_list("enrolment_id", "body")) == [
        (mine.pk, "Bewonersavond gehouden."),
        (other.pk, "Advies: begin klein."),
    ]


def test_no_update_is_posted_on_a_case_without_a_place_not_even_by_organisers(client, world):
    # A waiting enrolment's case is not in the room; posting on it was a 500 over htmx.
    lab = LabFactory()
    waiting = EnrolmentFactory(lab=lab, municipality=world.zaanstad, status=Enrolment.Status.WAITING)
    for role in ("programme_admin", "adviser", "officer_zaanstad"):
        client.force_login(world.users[role])
        url = reverse("labs:case_update", kwargs={"pk": waiting.pk})
        # Refused: 403 for who may see the enrolment (its officer, organisers), 404 for who may not.
        assert client.post(url, {"body": "Hallo"}, headers={"HX-Request": "true"}).status_code in (403, 404)
        assert client.post(url, {"body": "Hallo"}).status_code in (403, 404)
    assert not CaseUpdate.objects.exists()


def test_lab_page_query_count_does_not_grow_with_participants(client, world, django_assert_num_queries):
    lab = LabFactory(advisers=[world.users["adviser"]])
    fill(lab, NH[:2])
    client.force_login(world.users["adviser"])
    client.get(reverse("labs:room", kwargs={"pk": lab.pk}))  # warm the session
    # Session, user, the lab with counts and its areas and advisers (4), roles, participants
    # with their latest updates (2), the meetings before and after today (2), waiting list, menu.
    with django_assert_num_queries(14) as first:
        client.get(reverse("labs:room", kwargs={"pk": lab.pk}))
    fill(lab, NH[2:5])
    for enrolment in lab.enrolments.all():
        CaseUpdate.objects.create(enrolment=enrolment, author=world.users["adviser"], body="Stap gezet.")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("labs:room", kwargs={"pk": lab.pk}))
    assert response.content.decode().count("Stap gezet.") == 5


def test_organiser_confirms_early_and_creates_meetings(client, world):
    lab = LabFactory(min_participants=2)
    fill(lab, NH[:2])
    client.force_login(world.users["staff_nh"])
    client.post(reverse("labs:transition", kwargs={"pk": lab.pk}), {"action": "confirm"})
    lab.refresh_from_db()
    assert lab.status == Lab.Status.CONFIRMED
    client.post(
        reverse("labs:meeting_create", kwargs={"pk": lab.pk}),
        {"topic": "Aftrap", "starts_at": "2026-12-15T13:30", "location": "Haarlem"},
    )
    assert lab.meetings.get().topic == "Aftrap"


def test_organiser_creates_a_lab_with_advisers(client, world):
    client.force_login(world.users["staff_nh"])
    response = client.post(
        reverse("labs:create"),
        {
            "title": "Warmtenetten",
            "summary": "Samen leren over warmtenetten.",
            "organiser_province": world.noord_holland.pk,
            "organiser_name": "Servicepunt Noord-Holland",
            "eligible_provinces": [world.noord_holland.pk],
            "min_participants": 3,
            "max_participants": 5,
            "duration_months": 4,
            "enrolment_deadline": "2026-12-20",
            "on_shortfall": "extend",
            "extension_days": 10,
            "offer_days": 5,
            "reminder_days": "7, 1",
            "advisers": [world.users["adviser"].pk],
        },
    )
    lab = Lab.objects.get(title="Warmtenetten")
    assert response.status_code == 302
    assert (lab.created_by, lab.reminder_days, list(lab.advisers.all())) == (
        world.users["staff_nh"],
        [7, 1],
        [world.users["adviser"]],
    )
    # Drenthe's staff may create labs, but only for their own province.
    client.force_login(world.users["staff_drenthe"])
    response = client.post(reverse("labs:create"), {"title": "X", "organiser_province": world.noord_holland.pk})
    assert "organiser_province" in response.context["form"].errors


def test_navigation_shows_leer_labs_to_everyone_and_mijn_leer_labs_to_officers(client, world):
    from labs.navigation import items

    assert [str(i.label) for i in items(_anonymous())] == ["Leer Labs"]
    assert [str(i.label) for i in items(world.users["officer_zaanstad"])] == ["Leer Labs", "Mijn Leer Labs"]
    assert [str(i.label) for i in items(world.users["adviser"])] == ["Leer Labs", "Mijn Leer Labs"]
    assert [str(i.label) for i in items(world.users["coordinator_drenthe"])] == ["Leer Labs"]


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_catalogue_in_english(client, reference_data):
    fill(LabFactory(title="Verhaal warmtetransitie"), NH[:2])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("labs:catalogue")).content.decode()
    assert "<h1>Learning Labs</h1>" in html and "3 places left" in html
    assert "2 of at least 3 enrolments" in html  # the quorum line, a plural form since issue 12


def test_mine_query_count_does_not_grow_with_enrolments(client, world, django_assert_num_queries):
    officer = world.users["officer_zaanstad"]
    EnrolmentFactory(lab=LabFactory(), municipality=world.zaanstad)
    client.force_login(officer)
    client.get(reverse("labs:mine"))
    # session, user, roles, enrolments, advised labs, and Django's two permission lookups
    with django_assert_num_queries(7) as first:
        client.get(reverse("labs:mine"))
    for _ in range(4):
        EnrolmentFactory(lab=LabFactory(), municipality=world.zaanstad, status=Enrolment.Status.WAITING)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("labs:mine"))
    assert response.content.decode().count("Op de wachtlijst") == 4


def test_anonymous_visitor_is_invited_to_log_in_and_come_back_to_the_lab(client, reference_data):
    lab = LabFactory()
    html = client.get(lab.get_absolute_url()).content.decode()
    assert "Bent u gemeenteambtenaar?" in html
    login = f'href="{reverse("accounts:login")}?next=/leerlabs/{lab.pk}/"'
    assert login in html and "Log in om uw gemeente aan te melden" in html


def test_account_without_a_municipality_is_told_who_can_enrol(client, world):
    lab = LabFactory()
    client.force_login(world.users["adviser"])
    html = client.get(lab.get_absolute_url()).content.decode()
    assert "Alleen medewerkers van een gemeente kunnen hun gemeente voor een Leer Lab aanmelden." in html
    assert "Bent u gemeenteambtenaar?" not in html
    client.force_login(world.users["officer_zaanstad"])  # an officer gets the form instead
    html = client.get(lab.get_absolute_url()).content.decode()
    assert "Gemeente aanmelden" in html and "Alleen medewerkers van een gemeente" not in html


def test_dutch_content_is_marked_as_dutch_when_the_interface_is_english(client, reference_data):
    lab = LabFactory(title="Warmte in de wijk", description="Wij leren samen.")
    with translation.override("nl"):  # the request switches this thread to English; switch back afterwards
        html = client.get(lab.get_absolute_url(), headers={"Accept-Language": "en"}).content.decode()
    assert '<html lang="en" class="utrecht-theme">' in html
    assert '<h1 lang="nl">Warmte in de wijk</h1>' in html
    assert '<div class="labs-description" lang="nl"><p>Wij leren samen.</p></div>' in html
