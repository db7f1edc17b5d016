"""A write that spans several rows is one transaction: a failure after the first row leaves nothing.

Each test makes the second write of a form fail (a signal or a patched step raises, as a lost
database connection or a constraint would) and checks that the first row was not kept either.
The test client re-raises the view's exception; the rows are counted afterwards.
"""

import datetime as dt

import pytest
from django.db.models.signals import m2m_changed, pre_save
from django.urls import reverse
from django.utils import timezone

from labs.models import Lab
from municipalities.models import Organisation
from progress.models import Neighbourhood, Progress
from progress.tests.factories import NeighbourhoodFactory
from sessions.models import Session, SessionDay


class Boom(RuntimeError):
    pass


def _raise(*args, **kwargs):
    raise Boom


@pytest.fixture
def failing_signal():
    connected = []

    def connect(signal, sender):
        signal.connect(_raise, sender=sender, weak=False)
        connected.append((signal, sender))

    yield connect
    for signal, sender in connected:
        signal.disconnect(_raise, sender=sender)


def _weekday(days: int) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day.isoformat()


def test_session_whose_day_fails_to_save_is_not_kept(client, world, failing_signal):
    failing_signal(pre_save, SessionDay)
    client.force_login(world.users["staff_drenthe"])
    data = {
        "kind": "sprint",
        "title": "Sessie",
        "organiser_province": world.drenthe.pk,
        "municipalities": [world.assen.pk],
        "reminder_days_text": "7",
        "confirm": "on",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-0-date": _weekday(60),
        "days-0-start_time": "09:00",
        "days-0-end_time": "17:00",
    }
    with pytest.raises(Boom):
        client.post(reverse("sessions:create") + "?provincie=PV22", data)
    assert not Session.objects.exists() and not SessionDay.objects.exists()


def test_lab_whose_advisers_fail_to_save_is_not_kept(client, world, failing_signal):
    failing_signal(m2m_changed, Lab.advisers.through)
    client.force_login(world.users["staff_nh"])
    data = {
        "title": "Leer Lab",
        "summary": "Samen",
        "organiser_province": world.noord_holland.pk,
        "organiser_name": "Servicepunt",
        "min_participants": "2",
        "max_participants": "8",
        "duration_months": "6",
        "enrolment_deadline": _weekday(30),
        "on_shortfall": "cancel",
        "extension_days": "14",
        "offer_days": "7",
        "reminder_days": "7",
        "advisers": [world.users["adviser"].pk],
    }
    with pytest.raises(Boom):
        client.post(reverse("labs:create"), data)
    assert not Lab.objects.exists()


def test_organisation_whose_municipalities_fail_to_save_is_not_kept(client, world, failing_signal):
    failing_signal(m2m_changed, Organisation.municipalities.through)
    client.force_login(world.users["programme_admin"])
    data = {"name": "Woonstad", "type": "housing_corporation", "municipalities": [world.assen.pk]}
    with pytest.raises(Boom):
        client.post(reverse("municipalities:organisation_create"), data)
    assert not Organisation.objects.filter(name="Woonstad").exists()


def test_wijk_edit_whose_last_update_stamp_fails_is_not_kept(client, world, monkeypatch):
    neighbourhood = NeighbourhoodFactory(municipality=world.assen, name="Pittelo")
    monkeypatch.setattr("progress.services._touch", _raise)
    client.force_login(world.users["officer_assen"])
    url = reverse("progress:neighbourhood_edit", kwargs={"cbs_code": "GM0106", "pk": neighbourhood.pk})
    data = {"wijken-name": "Lariks", "wijken-alternative": "all_electric", "wijken-wup_status": "none"}
    with pytest.raises(Boom):
        client.post(url, data)
    neighbourhood.refresh_from_db()
    assert neighbourhood.name == "Pittelo"
    with pytest.raises(Boom):
        client.post(reverse("progress:progress_section", kwargs={"cbs_code": "GM0106", "section": "wijken"}), data)
    assert list(Neighbourhood.objects.values_list("name", flat=True)) == ["Pittelo"]
    assert not Progress.objects.filter(municipality=world.assen).exists()
