"""Issue 13, into progress: a wijk direction agreed in a session is adopted into the wijk records
with one action, recorded in the history with the session as its source; once only; by who may
change the municipality's progress."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from heatportal.audit.models import Action, ActionLog
from outcomes.models import WijkDirection
from outcomes.tests.factories import WijkDirectionFactory, held_session
from progress import services
from progress.models import Neighbourhood
from progress.tests.factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "voortgang-sessies"}


@pytest.fixture
def session(world):
    session = held_session(codes=("GM0106", "GM0479"))
    session.days.update(date=dt.date(2026, 11, 12))
    return session


@pytest.fixture
def direction(world, session):
    return WijkDirectionFactory(
        session=session,
        municipality=world.assen,
        neighbourhood_name=" Pittelo ",
        alternative="heat_network",
        insulation_first=True,
    )


REASON = "Overgenomen uit sessie “Sprintsessie Assen en Midden-Drenthe” (12 november 2026)"


# --- The service ------------------------------------------------------------------------------
def test_a_new_wijk_is_created_with_the_session_as_source(world, direction):
    officer = world.users["officer_assen"]

    wijk = services.direction_adopt(direction=direction, user=officer)

    wijk = Neighbourhood.objects.get(pk=wijk.pk)
    assert (wijk.municipality, wijk.name, wijk.alternative, wijk.insulation_first) == (
        world.assen,
        "Pittelo",
        "heat_network",
        True,
    )
    record = wijk.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", officer, REASON)
    direction.refresh_from_db()
    assert direction.adopted_neighbourhood_id == wijk.pk and direction.adopted_by == officer
    assert direction.adopted_at is not None


def test_an_existing_wijk_of_that_name_is_updated_whatever_its_case(world, direction):
    wijk = NeighbourhoodFactory(
        municipality=world.assen, name="PITTELO", alternative="all_electric", insulation_first=False, dwellings=900
    )
    other = NeighbourhoodFactory(municipality=world.zaanstad, name="Pittelo", alternative="all_electric")

    adopted = services.direction_adopt(direction=direction, user=world.users["officer_assen"])

    assert adopted.pk == wijk.pk
    assert Neighbourhood.objects.filter(municipality=world.assen).count() == 1
    wijk.refresh_from_db()
    stored = (wijk.name, wijk.alternative, wijk.insulation_first, wijk.dwellings)
    assert stored == ("PITTELO", "heat_network", True, 900), "the name and what the session did not say stay"
    latest = wijk.history.latest()
    assert (latest.history_type, latest.history_change_reason) == ("~", REASON)
    other.refresh_from_db()
    assert other.alternative == "all_electric", "another municipality's wijk of that name is untouched"


def test_adopting_twice_changes_nothing_the_second_time(world, direction):
    officer = world.users["officer_assen"]
    first = services.direction_adopt(direction=direction, user=officer)
    direction.refresh_from_db()
    adopted_at = direction.adopted_at

    again = services.direction_adopt(direction=direction, user=world.users["programme_admin"])

    assert again.pk == first.pk
    assert Neighbourhood.history.filter(id=first.pk).count() == 1, "no second history row"
    direction.refresh_from_db()
    assert (direction.adopted_at, direction.adopted_by) == (adopted_at, officer)
    assert ActionLog.objects.filter(action=Action.DIRECTION_ADOPTED).count() == 1


def test_the_adoption_is_audited(world, direction):
    officer = world.users["officer_assen"]
    wijk = services.direction_adopt(direction=direction, user=officer)

    log = ActionLog.objects.get(action=Action.DIRECTION_ADOPTED)
    assert (log.actor, log.object_id) == (officer, str(direction.pk))
    assert log.changes["neighbourhood"] == wijk.pk and log.changes["session"] == direction.session_id
    assert "Assen" in log.summary and "Pittelo" in log.summary


@pytest.mark.parametrize("role", ["staff_drenthe", "coordinator_drenthe", "officer_zaanstad", "adviser"])
def test_who_may_not_change_the_progress_is_refused(world, direction, role):
    with pytest.raises(PermissionDenied):
        services.direction_adopt(direction=direction, user=world.users[role])
    assert not Neighbourhood.objects.exists()
    direction.refresh_from_db()
    assert direction.adopted_at is None
    assert not ActionLog.objects.filter(action=Action.DIRECTION_ADOPTED).exists()


def test_a_long_session_name_is_shortened_to_fit_the_history(world, session, direction):
    session.title = "Sprintsessie " + "warmte " * 25
    session.save(update_fields=["title"])

    wijk = services.direction_adopt(direction=direction, user=world.users["officer_assen"])

    reason = wijk.history.get().history_change_reason
    assert len(reason) <= 100 and reason.endswith("” (12 november 2026)") and "…" in reason


# --- The view ---------------------------------------------------------------------------------
def _url(direction, code="GM0106"):
    return reverse("progress:direction_adopt", kwargs={"cbs_code": code, "pk": direction.pk})


def test_without_javascript_the_officer_is_sent_back_to_the_section(client, world, direction):
    client.force_login(world.users["officer_assen"])

    response = client.post(_url(direction))

    assert response.status_code == 302
    assert response["Location"] == world.assen.get_absolute_url() + "#voortgang-sessies"
    page = client.get(response["Location"]).content.decode()
    wijk = Neighbourhood.objects.get(municipality=world.assen)
    assert "Richting overgenomen in wijk" in page
    assert f'id="wijk-{wijk.pk}"' in page
    assert f'href="{world.assen.get_absolute_url()}#wijk-{wijk.pk}">Pittelo</a>' in page
    assert "overgenomen op" in page and "Overnemen in de wijken" not in page


def test_with_htmx_the_section_answers_and_the_wijken_and_changes_follow(client, world, direction):
    client.force_login(world.users["officer_assen"])

    response = client.post(_url(direction), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="voortgang-sessies"')
    assert "<h1>" not in html
    assert '<section id="voortgang-wijken"' in html and '<section id="voortgang-geschiedenis"' in html
    assert html.count('hx-swap-oob="true"') == 2
    assert "Richting overgenomen in wijk" in html and REASON in html
    assert Neighbourhood.objects.filter(municipality=world.assen, name="Pittelo").exists()


def test_the_history_page_shows_the_session_as_source(client, world, direction):
    services.direction_adopt(direction=direction, user=world.users["officer_assen"])
    client.force_login(world.users["coordinator_drenthe"])

    html = client.get(reverse("progress:history", kwargs={"cbs_code": "GM0106"})).content.decode()

    assert "Wijk Pittelo</strong> toegevoegd" in html
    assert REASON in html


@pytest.mark.parametrize("role", ["staff_drenthe", "coordinator_drenthe", "adviser"])
def test_who_may_see_but_not_change_the_progress_gets_403(client, world, direction, role):
    client.force_login(world.users[role])
    assert client.post(_url(direction)).status_code == 403
    assert not Neighbourhood.objects.exists()


def test_an_officer_of_another_municipality_gets_404(client, world, direction):
    client.force_login(world.users["officer_zaanstad"])
    assert client.post(_url(direction)).status_code == 404
    assert not Neighbourhood.objects.exists()


def test_a_direction_of_another_municipality_is_404_through_this_ones_url(client, world, session):
    zaanstad = WijkDirectionFactory(session=session, municipality=world.zaanstad, neighbourhood_name="Poelenburg")
    client.force_login(world.users["programme_admin"])

    assert client.post(_url(zaanstad, code="GM0106")).status_code == 404
    bogus = reverse("progress:direction_adopt", kwargs={"cbs_code": "GM0106", "pk": 999999})
    assert client.post(bogus).status_code == 404
    assert not Neighbourhood.objects.exists()
    assert WijkDirection.objects.get(pk=zaanstad.pk).adopted_at is None


def test_get_is_not_allowed_and_anonymous_is_sent_to_log_in(client, world, direction):
    client.force_login(world.users["officer_assen"])
    assert client.get(_url(direction)).status_code == 405
    client.logout()
    response = client.post(_url(direction))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert not Neighbourhood.objects.exists()


def test_adopted_before_shows_its_date_and_no_button(client, world, direction):
    wijk = NeighbourhoodFactory(municipality=world.assen, name="Pittelo")
    WijkDirection.objects.filter(pk=direction.pk).update(
        adopted_at=timezone.make_aware(dt.datetime(2026, 11, 20, 10)), adopted_neighbourhood_id=wijk.pk
    )
    client.force_login(world.users["officer_assen"])

    html = client.get(world.assen.get_absolute_url()).content.decode()

    assert "overgenomen op 20 november 2026 in wijk" in html
    assert _url(direction) not in html
