"""The signed link's page for an agreed action's owner contact: what it shows, what it stores,
and a clear page (never a 500) for a link that is broken, expired, replaced or of a removed action."""

import logging
import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from heatportal.audit.models import Action, ActionLog
from heatportal.logmask import MASK, TokenMaskFilter, mask
from outcomes.models import AgreedAction
from outcomes.tests.factories import AgreedActionFactory, held_session
from outcomes.tokens import ACTION_LINK_SALT, action_token, link_max_age
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(world):
    session = held_session(codes=("GM0106",), province=world.drenthe)
    corporation = OrganisationFactory(name="Woonservice Drenthe")
    return AgreedActionFactory(
        session=session,
        municipality=world.assen,
        description="Renovatieplanning delen",
        owner_organisation=corporation,
        owner_contact=ContactFactory(name="Anne de Wit", organisation=corporation),
    )


def _url(token):
    return reverse("outcomes:action_link", kwargs={"token": token})


def test_link_shows_the_action_and_its_source(client, action):
    response = client.get(_url(action_token(action)))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Renovatieplanning delen", "Assen", "Woonservice Drenthe", action.session.title):
        assert text in body
    assert action.due_on.strftime("%Y") in body
    assert response.context["form"]["name"].value() == "Anne de Wit"


def test_contact_marks_it_done_under_their_name(client, action):
    token = action_token(action)
    response = client.post(_url(token), {"status": "done", "note": "Gedeeld op 1 december", "name": "Anne de Wit"})
    assert response.status_code == 302 and response["Location"] == _url(token)
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("done", "Gedeeld op 1 december")
    assert (action.status_changed_by, action.status_changed_by_name) == (None, "Anne de Wit")
    log = ActionLog.objects.get(action=Action.ACTION_STATUS_CHANGED)
    assert log.actor is None and log.changes["contact"] == action.owner_contact_id
    assert "de status is opgeslagen" in client.get(_url(token)).content.decode()


def test_contact_must_give_a_name(client, action):
    response = client.post(_url(action_token(action)), {"status": "done", "note": "", "name": ""})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    action.refresh_from_db()
    assert action.status == "open"


@pytest.mark.parametrize("how", ["cut", "changed", "made up", "other salt", "other payload"])
def test_a_broken_link_gets_a_clear_page_with_400(client, action, how):
    token = action_token(action)
    broken = {
        "cut": token[:-4],
        "changed": token[:-3] + ("xyz" if not token.endswith("xyz") else "abc"),
        "made up": "zomaar-iets",
        "other salt": signing.dumps({"a": action.pk, "k": action.link_key}, salt="sessions.answer", compress=True),
        "other payload": signing.dumps(["a", action.pk], salt=ACTION_LINK_SALT),
    }[how]
    for response in (client.get(_url(broken)), client.post(_url(broken), {"status": "done", "name": "X"})):
        assert response.status_code == 400
        assert "Deze link werkt niet" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


def test_an_expired_link_gets_a_clear_page_with_410(client, action):
    token = action_token(action)
    later = time.time() + link_max_age() + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(_url(token))
        posted = client.post(_url(token), {"status": "done", "note": "", "name": "Anne"})
    assert response.status_code == posted.status_code == 410
    assert "Deze link is verlopen" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"
    # A day before it runs out it still works.
    with mock.patch("django.core.signing.time.time", return_value=later - 2 * 24 * 60 * 60):
        assert client.get(_url(token)).status_code == 200


def test_link_stops_working_when_the_contact_is_gone(client, action):
    token = action_token(action)
    action.owner_contact.delete()  # erased from the register: the action stays, its contact goes
    response = client.get(_url(token))
    assert response.status_code == 410 and "Deze link is vervangen" in response.content.decode()


def test_link_of_a_removed_action_says_so_with_404(client, action):
    token = action_token(action)
    AgreedAction.objects.filter(pk=action.pk).delete()
    response = client.get(_url(token))
    assert response.status_code == 404 and "Deze afspraak bestaat niet meer" in response.content.decode()


def test_the_token_never_reaches_a_log_line(action):
    token = action_token(action)
    line = f'127.0.0.1 - - "GET /afspraak/{token}/ HTTP/1.1" 200 5120'
    assert token not in mask(line) and f"/afspraak/{MASK}/" in mask(line)
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Bad Request: %s", (_url(token),), None)
    TokenMaskFilter().filter(record)
    assert token not in record.getMessage()
