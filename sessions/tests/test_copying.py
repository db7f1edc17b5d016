"""A session copied for the next round: settings, municipalities with their seat mix, programme
and workshops come along; invitees, answers and dates do not."""

import pytest
from django.urls import reverse

from heatportal.audit.models import Action, ActionLog
from sessions.models import ProgrammeItem, Session, Workshop
from sessions.tests.conftest import invite_sent

pytestmark = pytest.mark.django_db


def test_the_copy_keeps_what_a_next_round_needs_and_nothing_personal(client, world, planned):
    first = planned.days.order_by("date").first()
    planned.participations.update(seat_types=["housing_corporation", "grid_operator"])
    planned.contact_name, planned.contact_email = "Petra Prins", "p.prins@drenthe.nl"
    planned.evaluation_questions = ["Wat neemt u mee?"]
    planned.save()
    ProgrammeItem.objects.create(session=planned, day=first, title="Opening", speaker="Gedeputeerde", position=1)
    Workshop.objects.create(session=planned, day=first, title="Warmtenet", capacity=12, room="Zaal 2")
    invite_sent(planned, 3)
    client.force_login(world.users["staff_drenthe"])

    response = client.post(reverse("sessions:session_copy", kwargs={"pk": planned.pk}))
    copy = Session.objects.exclude(pk=planned.pk).get()
    assert response.url == reverse("sessions:edit", kwargs={"pk": copy.pk})
    assert copy.title == "Sprintsessie Assen en Midden-Drenthe (kopie)"
    assert copy.status == Session.Status.TO_SCHEDULE and copy.uid != planned.uid
    assert (copy.contact_name, copy.contact_email) == ("Petra Prins", "p.prins@drenthe.nl")
    assert copy.evaluation_questions == ["Wat neemt u mee?"]
    assert copy.organiser_province == planned.organiser_province
    assert sorted(copy.participations.values_list("municipality_id", "seat_types")) == sorted(
        planned.participations.values_list("municipality_id", "seat_types")
    )
    assert list(copy.programme.values_list("title", "speaker", "day", "day_number")) == [
        ("Opening", "Gedeputeerde", None, 1)
    ]
    assert list(copy.workshops.values_list("title", "capacity", "room", "day", "day_number")) == [
        ("Warmtenet", 12, "Zaal 2", None, 1)
    ]
    assert not copy.days.exists() and not copy.invitations.exists()
    assert copy.created_by == world.users["staff_drenthe"]
    assert ActionLog.objects.filter(action=Action.SESSION_COPIED).count() == 1
    assert planned.invitations.count() == 3  # the original untouched


def test_someone_who_may_not_change_the_session_cannot_copy_it(client, world, planned):
    client.force_login(world.users["officer_assen"])
    assert client.post(reverse("sessions:session_copy", kwargs={"pk": planned.pk})).status_code in (403, 404)
    assert Session.objects.count() == 1


def test_the_copys_programme_goes_to_its_day_once_the_copy_has_it(client, world, planned):
    import datetime as dt

    from sessions.services.copying import session_copy
    from sessions.services.planning import DayData, session_save

    first, second = planned.days.order_by("date")
    ProgrammeItem.objects.create(session=planned, day=first, title="Opening", position=1)
    ProgrammeItem.objects.create(session=planned, day=second, title="Terugblik", position=1)
    Workshop.objects.create(session=planned, day=second, title="Warmtenet", capacity=12)
    copy = session_copy(session=planned, user=world.users["staff_drenthe"])
    start = first.date + dt.timedelta(days=60)
    one_day = [DayData(date=start, start_time=dt.time(9), end_time=dt.time(16))]
    session_save(session=copy, days=one_day, municipality_ids=[])
    day_one = copy.days.get()
    assert copy.programme.get(title="Opening").day == day_one
    assert copy.programme.get(title="Terugblik").day is None  # day 2 does not exist yet
    kept = DayData(date=start, start_time=dt.time(9), end_time=dt.time(16), id=day_one.pk)
    next_day = DayData(date=start + dt.timedelta(days=1), start_time=dt.time(9), end_time=dt.time(16))
    session_save(session=copy, days=[kept, next_day], municipality_ids=[])
    day_two = copy.days.order_by("date").last()
    assert copy.programme.get(title="Terugblik").day == day_two
    assert copy.workshops.get().day == day_two
