"""Workshops in time slots: edited with day, times and room; the lottery gives each attendee at
most one place per slot, within each workshop's capacity and in the order of their ranking;
invitees see the programme per day with the workshops' slot, room and description."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.urls import reverse

from sessions.models import Invitation, Workshop
from sessions.services.allocation import workshop_allocate
from sessions.services.answers import answer_token, invitation_answer
from sessions.services.programme import programme_item_add, workshop_add, workshop_edit
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import InvitationFactory
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _slots(session):
    """Two slots on the first day (two parallel workshops each) and one on the second."""
    first, second = session.days.order_by("date")
    morning = [
        workshop_add(
            session=session,
            title=f"Ochtend {n}",
            capacity=2,
            day=first,
            start_time=dt.time(10),
            end_time=dt.time(11),
            room=f"Zaal {n}",
        )
        for n in (1, 2)
    ]
    afternoon = [
        workshop_add(
            session=session,
            title=f"Middag {n}",
            capacity=2,
            day=first,
            start_time=dt.time(14),
            end_time=dt.time(15),
            room=f"Zaal {n}",
        )
        for n in (1, 2)
    ]
    return morning, afternoon, second


def _accepting(session, rankings) -> list[Invitation]:
    invitations = []
    for ranking in rankings:
        invitation = InvitationFactory(session=session, contact=ContactFactory())
        invitation_answer(invitation=invitation, accept=True, ranking=[w.pk for w in ranking])
        invitations.append(invitation)
    return invitations


@pytest.mark.parametrize("seed", ["a", "b", "c", "d"])
def test_every_attendee_gets_one_place_per_slot_within_capacity(planned, seed):
    morning, afternoon, _ = _slots(planned)
    rng = random.Random(seed)
    rankings = [rng.sample(morning + afternoon, k=rng.randint(0, 4)) for _ in range(4)]
    invitations = _accepting(planned, rankings)

    result = workshop_allocate(session=planned, seed=seed)

    places = {inv.pk: list(inv.places.all()) for inv in Invitation.objects.filter(pk__in=[i.pk for i in invitations])}
    for invitation in invitations:
        got = places[invitation.pk]
        # Four places in each slot for four people: one in each slot, never two in one.
        assert sorted(w.slot for w in got) == sorted([morning[0].slot, afternoon[0].slot])
        assert result[invitation.pk] in {w.pk for w in morning}  # the first slot's place
    counts = Counter(w.pk for got in places.values() for w in got)
    assert all(counts[w.pk] <= w.capacity for w in morning + afternoon)
    # Per slot, nobody skipped a free place they ranked higher than the one they got.
    for invitation, ranking in zip(invitations, rankings, strict=True):
        for slot in (morning, afternoon):
            wanted = [w.pk for w in ranking if w in slot]
            got = next(w.pk for w in places[invitation.pk] if w in slot)
            better = wanted[: wanted.index(got)] if got in wanted else wanted
            assert all(counts[pk] == 2 for pk in better), (ranking, got)


def test_each_slot_follows_the_ranking_of_that_slots_workshops(planned):
    morning, afternoon, _ = _slots(planned)
    # One list over all workshops: the second of the morning first, then the first of the afternoon.
    (invitation,) = _accepting(planned, [[morning[1], afternoon[0], morning[0]]])
    workshop_allocate(session=planned, seed="x")
    invitation.refresh_from_db()
    assert {w.pk for w in invitation.places.all()} == {morning[1].pk, afternoon[0].pk}
    assert invitation.workshop_id == morning[1].pk


def test_a_full_slot_gives_no_second_place_in_it(planned):
    first = planned.days.order_by("date").first()
    solo = workshop_add(
        session=planned, title="Klein", capacity=1, day=first, start_time=dt.time(10), end_time=dt.time(11)
    )
    _accepting(planned, [[solo], [solo]])
    workshop_allocate(session=planned, seed="s")
    assert Counter(Invitation.places.through.objects.values_list("workshop_id", flat=True)) == {solo.pk: 1}
    assert Invitation.objects.filter(workshop__isnull=True, answer="accepted").count() == 1


def test_the_allocation_is_reproducible_across_slots(planned):
    morning, afternoon, _ = _slots(planned)
    _accepting(planned, [[morning[0], afternoon[0]]] * 4)

    def run():
        workshop_allocate(session=planned, seed="audit-7")
        return sorted(Invitation.places.through.objects.values_list("invitation_id", "workshop_id"))

    first = run()
    Invitation.places.through.objects.all().delete()
    Invitation.objects.update(workshop=None, lottery_position=None)
    type(planned).objects.filter(pk=planned.pk).update(allocated_at=None)
    assert run() == first


def test_the_workshop_form_refuses_an_overlapping_slot_and_a_half_slot(client, world, planned):
    morning, _afternoon, _ = _slots(planned)
    first = planned.days.order_by("date").first()
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:workshop_add", args=[planned.pk])
    base = {"workshop-title": "Nieuw", "workshop-capacity": "5", "workshop-day": str(first.pk)}
    overlap = client.post(url, {**base, "workshop-start_time": "10:30", "workshop-end_time": "11:30"})
    assert overlap.status_code == 400 and "overlapt met" in overlap.text
    half = client.post(url, {**base, "workshop-start_time": "10:30"})
    assert half.status_code == 400
    same = client.post(url, {**base, "workshop-start_time": "10:00", "workshop-end_time": "11:00"})
    assert same.status_code == 302
    assert Workshop.objects.get(title="Nieuw").slot == morning[0].slot


def test_the_workshop_edit_page_stores_slot_and_room_and_is_audited(client, world, planned):
    from heatportal.audit.models import ActionLog

    workshop = workshop_add(session=planned, title="Warmtenet", capacity=10, description="Over warmtenetten")
    second = planned.days.order_by("date").last()
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:workshop_edit", args=[planned.pk, workshop.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "Warmtenet",
        "capacity": "10",
        "day": str(second.pk),
        "start_time": "13:00",
        "end_time": "14:30",
        "room": "Zaal Drenthe",
        "description": "Over warmtenetten",
    }
    assert client.post(url, data).status_code == 302
    workshop.refresh_from_db()
    assert (workshop.day, workshop.start_time, workshop.end_time, workshop.room) == (
        second,
        dt.time(13),
        dt.time(14, 30),
        "Zaal Drenthe",
    )
    log = ActionLog.objects.get(changes__workshop=workshop.pk)
    assert log.changes["fields"] == ["day", "start_time", "end_time", "room"]
    assert workshop_edit(workshop=workshop, **{k: getattr(workshop, k) for k in ("title", "room")}) == []


def test_the_answer_page_shows_the_programme_per_day_and_the_workshops(client, planned):
    morning, _afternoon, second = _slots(planned)
    Workshop.objects.filter(pk=morning[0].pk).update(description="Wat een warmtenet kost")
    programme_item_add(session=planned, day=second, title="Terugkoppeling")
    (invitation,) = _accepting(planned, [[morning[0]]])
    workshop_allocate(session=planned, seed="p")
    page = client.get(reverse("sessions:answer", kwargs={"token": answer_token(invitation)})).text
    assert "Dag 1 —" in page and "Dag 2 —" in page and "Terugkoppeling" in page
    assert "10:00–11:00" in page and ", Zaal 1" in page and "zaal Zaal" not in page and "Wat een warmtenet kost" in page
    assert "u bent hier ingedeeld" in page
    # The ranking names each workshop's slot: one list, a place per slot.
    assert "Ochtend 1 (" in page and "10:00–11:00)" in page


def test_the_invitation_mail_shows_the_programme_per_day_with_the_workshops(planned):
    first, second = planned.days.order_by("date")
    programme_item_add(session=planned, day=first, title="Opening", start_time=dt.time(9, 30))
    programme_item_add(session=planned, day=second, title="Terugkoppeling")
    workshop_add(
        session=planned,
        title="Warmtenet",
        capacity=5,
        day=first,
        start_time=dt.time(10),
        end_time=dt.time(11),
        room="Zaal 2",
        description="Wat een warmtenet kost",
    )
    (invitation,) = invite_sent(planned)
    for body in (invitation.email.body_text, invitation.email.body_html):
        assert "Dag 1 —" in body and "Dag 2 —" in body
        assert body.index("Opening") < body.index("Warmtenet") < body.index("Terugkoppeling")
        assert "10:00–11:00" in body and ", Zaal 2" in body and "zaal Zaal" not in body
        assert "Wat een warmtenet kost" in body


def test_the_allocation_mail_names_the_place_in_every_slot(planned, today):
    from heatportal.mail.models import Email
    from sessions.services.scheduled import due_messages_send

    morning, afternoon, _ = _slots(planned)
    [invitation] = invite_sent(planned)
    invitation_answer(invitation=invitation, accept=True, ranking=[morning[0].pk, afternoon[1].pk])
    planned.answer_deadline = today - dt.timedelta(days=1)
    planned.save(update_fields=["answer_deadline"])
    assert due_messages_send(today=today)["allocation"] == 1
    mail = Email.objects.get(key__contains=":allocation:")
    assert "U neemt deel aan: Ochtend 1, Middag 2." in mail.body_text
