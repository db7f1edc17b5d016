"""The audit log of sessions: planned, changed (only what really changed), cancelled, invited, with
the acting person and the address the request came from; shown on the session's Geschiedenis."""

import pytest
from django.urls import reverse

from heatportal.audit.models import Action, ActionLog
from sessions.models import Session
from sessions.tests.conftest import invite_sent
from tests.htmlforms import page_form, post_data

pytestmark = pytest.mark.django_db


def _rows(action, session):
    return list(ActionLog.objects.filter(action=action, object_id=str(session.pk)))


def _edit_form(client, session):
    response = client.get(reverse("sessions:edit", args=[session.pk]))
    return page_form(response, action_contains=reverse("sessions:edit", args=[session.pk]))


def _post_edit(client, session, data):
    url = reverse("sessions:edit", args=[session.pk]) + "?provincie=PV22"
    data = data.copy()
    data["confirm"] = "on"  # the past/weekend warnings of factory dates are not what this is about
    return client.post(url, post_data(data), REMOTE_ADDR="192.0.2.10")


def test_planning_through_the_form_records_who_and_from_where(client, world):
    staff = world.users["staff_drenthe"]
    client.force_login(staff)
    data = {
        "kind": "sprint",
        "title": "Sprintsessie Assen",
        "organiser_province": world.drenthe.pk,
        "municipalities": [world.assen.pk],
        "reminder_days_text": "7",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-0-date": "2027-03-02",
        "days-0-start_time": "09:00",
        "days-0-end_time": "17:00",
        "confirm": "on",
    }
    client.post(reverse("sessions:create") + "?provincie=PV22", data, REMOTE_ADDR="192.0.2.7")
    session = Session.objects.get(title="Sprintsessie Assen")
    (row,) = _rows(Action.SESSION_PLANNED, session)
    assert row.actor == staff and row.ip_address == "192.0.2.7"
    assert row.actor_label == f"{staff.full_name} <{staff.email}>"


def test_an_edit_posted_back_unchanged_records_nothing_and_a_title_change_records_the_field(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    data = _edit_form(client, planned)
    assert _post_edit(client, planned, data).status_code == 302
    assert _rows(Action.SESSION_CHANGED, planned) == []

    data = _edit_form(client, planned)
    data["title"] = "Nieuwe titel"
    assert _post_edit(client, planned, data).status_code == 302
    (row,) = _rows(Action.SESSION_CHANGED, planned)
    assert row.changes == {"fields": ["title"]} and row.actor == world.users["staff_drenthe"]
    assert row.ip_address == "192.0.2.10"


def test_cancelling_and_sending_invitations_are_recorded(client, world, planned):
    invite_sent(planned, 0)
    client.force_login(world.users["staff_drenthe"])
    from sessions.services.invitations import invitations_add
    from tests.factories import ContactFactory

    invitations_add(session=planned, contacts=[ContactFactory()], user=world.users["staff_drenthe"])
    client.post(reverse("sessions:invitations_send", args=[planned.pk]))
    (sent,) = _rows(Action.INVITATIONS_SENT, planned)
    assert sent.changes == {"count": 1} and sent.actor == world.users["staff_drenthe"]
    client.post(reverse("sessions:cancel", args=[planned.pk]))
    (cancelled,) = _rows(Action.SESSION_CANCELLED, planned)
    assert cancelled.actor == world.users["staff_drenthe"]


def test_the_history_page_shows_the_rows_to_planners_and_refuses_other_provinces(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    data = _edit_form(client, planned)
    data["title"] = "Andere titel"
    _post_edit(client, planned, data)
    page = client.get(reverse("sessions:history", args=[planned.pk]))
    assert page.status_code == 200
    assert "Sessie gewijzigd" in page.text and "title" in page.text
    client.force_login(world.users["staff_nh"])
    assert client.get(reverse("sessions:history", args=[planned.pk])).status_code in (403, 404)
