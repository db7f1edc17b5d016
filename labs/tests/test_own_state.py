"""A municipality sees where it stands: on the catalogue's cards, the lab page and Mijn Leer Labs
(taking part, waiting with its position, an offer open until its deadline); full labs say so in
their badges; a refused enrolment answers with an error status and the reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from labs.models import Enrolment
from labs.selectors import enrolments_for_user
from labs.tests.factories import EnrolmentFactory, LabFactory
from tests.factories import municipality

NH = ["GM0361", "GM0392", "GM0405", "GM0394", "GM0400"]


def _full_lab(**kwargs):
    lab = LabFactory(min_participants=2, max_participants=2, **kwargs)
    for code in NH[:2]:
        EnrolmentFactory(lab=lab, municipality=municipality(code))
    return lab


def _waiting(lab, code, minutes):
    queued = timezone.now() - datetime.timedelta(hours=1) + datetime.timedelta(minutes=minutes)
    return EnrolmentFactory(lab=lab, municipality=municipality(code), status="waiting", queued_at=queued)


def test_waiting_position_counts_only_those_waiting_ahead(world):
    lab = _full_lab()
    _waiting(lab, "GM0394", 1)
    EnrolmentFactory(lab=lab, municipality=municipality("GM0400"), status="withdrawn")
    EnrolmentFactory(
        lab=lab,
        municipality=world.zaanstad,
        status="waiting",
        queued_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    (mine,) = enrolments_for_user(user=world.users["officer_zaanstad"])
    assert mine.waiting_position == 2


def test_lab_page_mine_and_card_show_the_waiting_position(client, world):
    lab = _full_lab(title="Vol lab")
    _waiting(lab, "GM0394", 1)
    _waiting(lab, "GM0400", 2)
    EnrolmentFactory(lab=lab, municipality=world.zaanstad, status="waiting")
    client.force_login(world.users["officer_zaanstad"])
    page = client.get(lab.get_absolute_url()).content.decode()
    assert "Zaanstad staat op de wachtlijst: nummer 3" in page
    assert "Er staan 2 gemeenten voor u op de wachtlijst." in page
    assert "(nummer 3)" in client.get(reverse("labs:mine")).content.decode()
    assert "Zaanstad staat op de wachtlijst: nummer 3" in client.get(reverse("labs:catalogue")).content.decode()


def test_cards_show_the_own_state_taking_part_and_an_open_offer(client, world):
    taking_part = LabFactory(title="Meedoen")
    EnrolmentFactory(lab=taking_part, municipality=world.zaanstad)
    offered = _full_lab(title="Aanbod")
    EnrolmentFactory(
        lab=offered,
        municipality=world.zaanstad,
        status="offered",
        offer_expires_at=timezone.make_aware(datetime.datetime(2026, 12, 24, 17, 0)),
    )
    client.force_login(world.users["officer_zaanstad"])
    html = client.get(reverse("labs:catalogue")).content.decode()
    assert "Zaanstad doet mee" in html
    assert "Zaanstad heeft een plek aangeboden gekregen: reageer vóór donderdag 24 december 2026 17:00" in html


def test_a_full_open_lab_shows_full_and_waiting_list_instead_of_open(client, world):
    _full_lab(title="Vol lab")
    html = client.get(reverse("labs:catalogue")).content.decode()
    assert '<span class="portal-badge portal-badge--muted">Vol</span>' in html
    assert '<span class="portal-badge portal-badge--warn">Wachtlijst</span>' in html
    open_badge = '<span class="portal-badge portal-badge--warn">Open voor aanmelding</span>'
    assert open_badge not in html
    LabFactory(title="Nog plek")
    assert open_badge in client.get(reverse("labs:catalogue")).content.decode()


# The anonymous catalogue's 5, plus the session, the user, the roles, Django's two permission
# look-ups (the "new lab" button) and the own enrolments: one query for the whole page, with
# their waiting positions.
OFFICER_CATALOGUE_QUERIES = 11


@pytest.mark.parametrize("n", [2, 14])
def test_catalogue_for_an_officer_stays_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    for i in range(n):
        lab = LabFactory()
        EnrolmentFactory(lab=lab, municipality=world.zaanstad, status="waiting" if i % 2 else "active")
    client.force_login(world.users["officer_zaanstad"])
    client.get(reverse("labs:catalogue"))
    with django_assert_num_queries(OFFICER_CATALOGUE_QUERIES):
        response = client.get(reverse("labs:catalogue"))
    assert response.content.decode().count("Zaanstad doet mee") == (min(n, 12) + 1) // 2


def test_a_refused_enrolment_answers_409_with_the_reason_and_no_form(client, world):
    lab = LabFactory(min_participants=1)
    EnrolmentFactory(lab=lab, municipality=world.zaanstad, case_title="Eerste case")
    client.force_login(world.users["officer_zaanstad"])
    data = {"case_title": "Andere case", "learning_goals": "Participatie"}
    response = client.post(reverse("labs:enrol", kwargs={"pk": lab.pk}), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Zaanstad is al aangemeld voor dit Leer Lab (deelnemer)." in html and 'role="alert"' in html
    assert 'name="case_title"' not in html
    assert Enrolment.objects.filter(lab=lab).count() == 1


def test_enrolment_after_the_deadline_is_refused_with_409(client, world):
    lab = LabFactory(enrolment_deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(world.users["officer_zaanstad"])
    data = {"case_title": "Case", "learning_goals": "Participatie"}
    response = client.post(reverse("labs:enrol", kwargs={"pk": lab.pk}), data)
    assert response.status_code == 409 and "De aanmeldtermijn van dit Leer Lab is verlopen." in response.text
    assert not Enrolment.objects.exists()


def test_the_intake_question_is_required_and_summarised_for_the_organisers(client, world):
    lab = LabFactory()
    client.force_login(world.users["officer_zaanstad"])
    response = client.post(reverse("labs:enrol", kwargs={"pk": lab.pk}), {"case_title": "Case"})
    assert response.status_code == 200 and response.context["form"].errors["learning_goals"]
    client.post(
        reverse("labs:enrol", kwargs={"pk": lab.pk}),
        {"case_title": "Case", "learning_goals": "Hoe maken we een\nwijkuitvoeringsplan?"},
    )
    EnrolmentFactory(lab=lab, municipality=municipality("GM0361"), learning_goals="")
    client.force_login(world.users["staff_nh"])
    html = client.get(lab.get_absolute_url()).content.decode()
    assert "Wat de gemeenten willen leren" in html
    assert '<dd lang="nl">Hoe maken we een<br>wijkuitvoeringsplan?</dd>' in html
    assert "Niet ingevuld" in html  # Alkmaar enrolled before the question existed
    client.force_login(world.users["officer_assen"])
    assert "Wat de gemeenten willen leren" not in client.get(lab.get_absolute_url()).content.decode()
