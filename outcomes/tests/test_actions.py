"""An agreed action's status: the service, the quick update page and the link mailed to its
owner's contact (queued once, voided on renewal or another contact, never in a key)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from outcomes import services
from outcomes.models import AgreedAction
from outcomes.services_actions import action_link_send, action_status_set
from outcomes.tests.factories import AgreedActionFactory, held_session
from outcomes.tokens import action_from_token, action_token
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(world):
    session = held_session(codes=("GM0106",), province=world.drenthe)
    return AgreedActionFactory(session=session, municipality=world.assen, description="Warmtekansenkaart delen")


def _token_in(body: str) -> str:
    # The token carries a signing timestamp: compare what the mailed link opens, not its text.
    return re.search(r"/afspraak/([^/\s]+)/", body).group(1)


def _status_url(action):
    return reverse("outcomes:action_status", args=[action.session_id, action.pk])


# --- The service ------------------------------------------------------------------------------
def test_status_set_stores_who_and_when_with_history_and_audit(world, action):
    officer = world.users["officer_assen"]
    action_status_set(action=action, status="done", note=" Kaart staat online ", user=officer)
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("done", "Kaart staat online")
    assert action.status_changed_by == officer and action.status_changed_by_name == officer.get_full_name()
    assert abs(action.status_changed_at - timezone.now()) < dt.timedelta(seconds=10)
    latest = action.history.latest()
    assert latest.history_user == officer and latest.status == "done"
    log = ActionLog.objects.get(action=Action.ACTION_STATUS_CHANGED)
    assert log.actor == officer and log.object_id == str(action.pk)
    assert log.changes["status"] == ["open", "done"]


def test_same_status_and_note_again_changes_nothing(world, action):
    officer = world.users["officer_assen"]
    action_status_set(action=action, status="done", note="Gedaan", user=officer)
    action.refresh_from_db()
    before = (action.status_changed_at, action.updated_at, action.history.count(), ActionLog.objects.count())
    action_status_set(action=action, status="done", note="Gedaan ", user=world.users["staff_drenthe"])
    action.refresh_from_db()
    assert (action.status_changed_at, action.updated_at, action.history.count(), ActionLog.objects.count()) == before
    assert action.status_changed_by == officer


def test_status_set_refuses_another_municipalitys_officer_and_a_made_up_status(world, action):
    with pytest.raises(PermissionDenied):
        action_status_set(action=action, status="done", note="", user=world.users["officer_zaanstad"])
    with pytest.raises(PermissionDenied):
        action_status_set(action=action, status="done", note="", user=world.users["coordinator_drenthe"])
    with pytest.raises(ValidationError):
        action_status_set(action=action, status="finished", note="", user=world.users["officer_assen"])
    with pytest.raises(ValidationError):
        action_status_set(action=action, status="done", note="", contact_name="  ")  # the link without a name
    action.refresh_from_db()
    assert (action.status, action.status_changed_at) == ("open", None)
    assert not ActionLog.objects.exists()


def test_contact_sets_status_under_their_name(action):
    action.owner_contact = ContactFactory(name="Anne de Wit")
    action_status_set(action=action, status="dropped", note="Niet meer nodig", contact_name="Anne de Wit")
    action.refresh_from_db()
    assert (action.status, action.status_changed_by, action.status_changed_by_name) == ("dropped", None, "Anne de Wit")
    log = ActionLog.objects.get(action=Action.ACTION_STATUS_CHANGED)
    assert log.changes["contact"] == action.owner_contact_id and "Anne" not in str(log.changes)


# --- The link to the owner's contact ----------------------------------------------------------
def test_recording_an_action_with_a_contact_mails_the_link_once(world, action, django_capture_on_commit_callbacks):
    contact = ContactFactory(name="Anne de Wit", email="anne@woonservice.example")
    session = action.session
    session.contact_name, session.contact_email = "Provincie Drenthe, team warmte", "warmte@drenthe.example"
    session.save()
    values = {"description": "Renovatieplanning delen", "owner_contact": contact, "due_on": dt.date(2027, 3, 1)}
    with django_capture_on_commit_callbacks() as callbacks:
        recorded = services.outcome_record(
            model=AgreedAction,
            session=action.session,
            municipality=world.assen,
            user=world.users["staff_drenthe"],
            values=values,
        )
    email = Email.objects.get()
    token = _token_in(email.body_text)
    assert action_from_token(token) == recorded and token in email.body_html
    assert (email.to_email, email.sensitive) == ("anne@woonservice.example", True)
    assert email.key.startswith(f"outcomes-action-link:{recorded.pk}:")
    assert token not in email.key and recorded.link_key not in email.key
    assert "Renovatieplanning delen" in email.body_html and "1 maart 2027" in email.body_text
    assert (email.reply_to_name, email.reply_to_email) == ("Provincie Drenthe, team warmte", "warmte@drenthe.example")
    assert len(callbacks) == 1  # handed to the broker after commit
    action_link_send(action=recorded)  # a retry (a second run) queues nothing new
    assert Email.objects.count() == 1


def test_recording_without_a_contact_mails_nobody(world, action):
    services.outcome_record(
        model=AgreedAction,
        session=action.session,
        municipality=world.assen,
        user=world.users["officer_assen"],
        values={"description": "Zelf doen"},
    )
    assert not Email.objects.exists()


def test_another_contact_voids_the_old_link_and_gets_a_new_one(client, world, action):
    first, second = ContactFactory(), ContactFactory(email="tweede@example.org")
    AgreedAction.objects.filter(pk=action.pk).update(owner_contact=first)
    action.refresh_from_db()
    old_token = action_token(action)
    services.outcome_change(outcome=action, user=world.users["officer_assen"], values={"owner_contact": second})
    action.refresh_from_db()
    assert client.get(reverse("outcomes:action_link", kwargs={"token": old_token})).status_code == 410
    assert list(Email.objects.values_list("to_email", flat=True)) == ["tweede@example.org"]
    # An edit that leaves the contact as it is sends nothing and keeps the link working.
    services.outcome_change(outcome=action, user=world.users["officer_assen"], values={"description": "Anders"})
    assert Email.objects.count() == 1
    assert client.get(reverse("outcomes:action_link", kwargs={"token": action_token(action)})).status_code == 200


# --- The quick status page --------------------------------------------------------------------
def test_officer_updates_the_status_from_the_outcomes_page(client, world, action):
    client.force_login(world.users["officer_assen"])
    page = client.get(reverse("outcomes:session", args=[action.session_id])).content.decode()
    assert _status_url(action) in page
    response = client.get(_status_url(action))
    assert response.status_code == 200 and "Warmtekansenkaart delen" in response.content.decode()
    response = client.post(_status_url(action), {"status": "done", "note": "Staat online"})
    assert response.status_code == 302 and response["Location"].endswith(f"#afspraak-{action.pk}")
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("done", "Staat online")
    assert action.description == "Warmtekansenkaart delen"  # nothing else touched


def test_from_the_municipality_page_the_form_goes_back_there_and_nowhere_else(client, world, action):
    client.force_login(world.users["officer_assen"])
    page = client.get(world.assen.get_absolute_url()).content.decode()
    back = f"{world.assen.get_absolute_url()}#voortgang-sessies"
    assert f"{_status_url(action)}?terug={world.assen.get_absolute_url()}%23voortgang-sessies" in page
    form = client.get(_status_url(action), {"terug": back}).content.decode()
    assert f'name="terug" value="{back}"' in form
    response = client.post(_status_url(action), {"status": "done", "note": "", "terug": back})
    assert response["Location"] == back
    for elsewhere in ("https://evil.example/", "//evil.example/x"):  # another site: the outcomes page instead
        response = client.post(_status_url(action), {"status": "open", "note": "", "terug": elsewhere})
        assert response["Location"].endswith(f"#afspraak-{action.pk}")


def test_posting_the_status_form_back_as_shown_changes_nothing(client, world, action):
    AgreedAction.objects.filter(pk=action.pk).update(status="done", status_note="Gedaan")
    history = action.history.count()
    client.force_login(world.users["officer_assen"])
    form = client.get(_status_url(action)).context["form"]
    initial = {name: form[name].value() for name in form.fields}
    assert initial == {"status": "done", "note": "Gedaan"}
    assert client.post(_status_url(action), initial).status_code == 302
    action.refresh_from_db()
    assert (action.status_changed_at, action.history.count()) == (None, history)
    assert not ActionLog.objects.filter(action=Action.ACTION_STATUS_CHANGED).exists()


def test_status_page_refuses_outsiders_and_sends_anonymous_to_login(client, world, action):
    client.force_login(world.users["officer_zaanstad"])
    assert client.get(_status_url(action)).status_code in (403, 404)
    assert client.post(_status_url(action), {"status": "done", "note": ""}).status_code in (403, 404)
    client.force_login(world.users["coordinator_drenthe"])
    assert client.post(_status_url(action), {"status": "done", "note": ""}).status_code in (403, 404)
    client.logout()
    response = client.get(_status_url(action))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    action.refresh_from_db()
    assert action.status == "open"


def test_invalid_status_is_refused_at_the_field(client, world, action):
    client.force_login(world.users["officer_assen"])
    response = client.post(_status_url(action), {"status": "klaar", "note": ""})
    assert response.status_code == 200 and response.context["form"].errors["status"]
    action.refresh_from_db()
    assert action.status == "open"


def test_send_the_link_again_renews_it_and_voids_the_old_one(client, world, action):
    AgreedAction.objects.filter(pk=action.pk).update(owner_contact=ContactFactory(name="Anne de Wit"))
    action.refresh_from_db()
    old_token, old_key = action_token(action), action.link_key
    client.force_login(world.users["staff_drenthe"])
    assert "Stuur de link opnieuw" in client.get(_status_url(action)).content.decode()
    url = reverse("outcomes:action_link_resend", args=[action.session_id, action.pk])
    response = client.post(url, follow=True)
    assert "Een nieuwe link is naar Anne de Wit gestuurd" in response.content.decode()
    action.refresh_from_db()
    assert action.link_key != old_key
    email = Email.objects.get()
    assert action_from_token(_token_in(email.body_text)) == action
    assert old_token not in email.body_text
    assert client.get(reverse("outcomes:action_link", kwargs={"token": old_token})).status_code == 410
    log = ActionLog.objects.get(action=Action.OUTCOME_CHANGED)
    assert log.changes["link"] == "renewed" and old_key not in str(log.changes)
    client.post(url)  # again: another new link, another message
    assert Email.objects.count() == 2


def test_send_again_without_a_contact_says_so(client, world, action):
    client.force_login(world.users["officer_assen"])
    url = reverse("outcomes:action_link_resend", args=[action.session_id, action.pk])
    response = client.post(url, follow=True)
    assert "geen contactpersoon met een e-mailadres" in response.content.decode()
    assert not Email.objects.exists()
    client.force_login(world.users["officer_zaanstad"])
    assert client.post(url).status_code in (403, 404)
