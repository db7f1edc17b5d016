"""Before a change reaches invitees, the organiser sees what changes and who will be told, and may
save without telling anyone (a typo fixed)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from sessions.models import SessionDay
from sessions.tests.conftest import invite_sent
from tests.htmlforms import page_form, post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["staff_drenthe"])
    return world.users["staff_drenthe"]


def _form(client, session):
    url = reverse("sessions:edit", args=[session.pk])
    return page_form(client.get(url), action_contains=url)


def _post(client, session, data):
    return client.post(reverse("sessions:edit", args=[session.pk]) + "?provincie=PV22", post_data(data))


def _moved_first_day(client, session):
    first = session.days.order_by("date").first()
    data = _form(client, session)
    index = next(i for i in range(2) if data[f"days-{i}-id"] == str(first.pk))
    new_date = first.date + dt.timedelta(days=7)
    data[f"days-{index}-date"] = new_date.isoformat()
    data["confirm"] = "on"
    return data, first, new_date


def test_a_schedule_change_is_shown_with_its_recipients_before_anything_is_saved(client, staff, planned):
    invite_sent(planned, 2)
    data, first, new_date = _moved_first_day(client, planned)
    response = _post(client, planned, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Deze wijziging gaat naar 2 genodigden:" in body
    names = sorted(Email.objects.filter(key__contains=":invitation:").values_list("to_name", flat=True))
    assert f"Aan: {names[0]}, {names[1]}" in body  # who will be told, by name
    assert f"Gewijzigd: {date_format(first.date, 'l j F Y')}" in body and date_format(new_date, "l j F Y") in body
    assert SessionDay.objects.get(pk=first.pk).date == first.date  # nothing saved yet
    assert not Email.objects.filter(key__contains=":update:").exists()

    data["notify_decided"] = "on"
    assert _post(client, planned, data).status_code == 302
    assert SessionDay.objects.get(pk=first.pk).date == new_date
    assert Email.objects.filter(key__contains=":update:").count() == 2


def test_a_typo_fix_can_be_saved_without_telling_anyone(client, staff, planned):
    invite_sent(planned, 2)
    data, first, new_date = _moved_first_day(client, planned)
    data.update(notify_decided="on", silent="on")
    assert _post(client, planned, data).status_code == 302
    assert SessionDay.objects.get(pk=first.pk).date == new_date
    assert not Email.objects.filter(key__contains=":update:").exists()
    assert ActionLog.objects.filter(action=Action.SESSION_CHANGED).exists()  # still on record


def test_without_anyone_to_tell_the_change_saves_at_once(client, staff, planned):
    data, first, new_date = _moved_first_day(client, planned)
    assert _post(client, planned, data).status_code == 302
    assert SessionDay.objects.get(pk=first.pk).date == new_date


def test_a_change_of_title_asks_nothing(client, staff, planned):
    invite_sent(planned, 2)
    data = _form(client, planned)
    data["title"] = "Sprintsessie Assen, ronde 2"
    data["confirm"] = "on"
    assert _post(client, planned, data).status_code == 302
    assert not Email.objects.filter(key__contains=":update:").exists()
