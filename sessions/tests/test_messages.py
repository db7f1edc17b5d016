"""Scheduled and change-driven messages: each once per person and occasion."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.core import mail
from icalendar import Calendar

from heatportal.mail.models import Email
from sessions.models import Invitation, Session
from sessions.services.allocation import workshop_allocate
from sessions.services.answers import invitation_answer
from sessions.services.planning import DayData, session_cancel, session_save
from sessions.services.sending import invitations_queue_emails, invitations_send
from sessions.tasks import send_due_messages
from sessions.tests.conftest import dated, invite_sent
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory, WorkshopFactory
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _keys(fragment: str) -> Counter:
    return Counter(e.to_email for e in Email.objects.filter(key__contains=fragment))


def test_reminders_go_out_once_per_person_across_repeated_beat_runs_and_retries(
    planned, today, django_capture_on_commit_callbacks
):
    dated(planned, today + dt.timedelta(days=7))
    accepted = invite_sent(planned, 2, answer=Invitation.Answer.ACCEPTED)
    invite_sent(planned, 1, answer=Invitation.Answer.DECLINED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_messages.apply()
        send_due_messages.apply()
        send_due_messages.apply()  # a retried task
    reminders = _keys(":reminder:7d:")
    assert reminders == Counter({inv.contact.email: 1 for inv in accepted})
    assert len([m for m in mail.outbox if m.subject.startswith("Herinnering")]) == 2

    # A day before: the 1-day reminder, again once.
    dated(planned, today + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_messages.apply()
        send_due_messages.apply()
    assert _keys(":reminder:1d:") == Counter({inv.contact.email: 1 for inv in accepted})
    assert len([m for m in mail.outbox if m.subject.startswith("Herinnering")]) == 4


def test_reminder_days_are_settable_per_session(planned, today, django_capture_on_commit_callbacks):
    planned.reminder_days = [3]
    planned.save()
    invite_sent(planned, 1, answer=Invitation.Answer.ACCEPTED)
    dated(planned, today + dt.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_messages.apply()
    assert not Email.objects.filter(key__contains=":reminder:").exists()
    dated(planned, today + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_messages.apply()
    assert Email.objects.filter(key__contains=":reminder:3d:").count() == 1


def test_nudge_goes_to_those_who_have_not_answered_before_the_deadline(planned, today):
    planned.answer_deadline = today + dt.timedelta(days=2)
    planned.save()
    pending = invite_sent(planned, 2)
    invite_sent(planned, 1, answer=Invitation.Answer.ACCEPTED)
    send_due_messages.apply()
    send_due_messages.apply()
    assert _keys(":nudge:") == Counter({inv.contact.email: 1 for inv in pending})


def _ics(email: Email) -> Calendar:
    (attachment,) = email.attachments
    return Calendar.from_ical(attachment["content"])


def test_date_change_sends_an_update_with_a_new_ics(planned, today):
    invitations = invite_sent(planned, 2)
    original = _ics(Email.objects.get(key=f"session:{planned.pk}:invitation:{invitations[0].pk}"))
    uid = [e["UID"] for e in original.walk("VEVENT")]
    assert [int(e["SEQUENCE"]) for e in original.walk("VEVENT")] == [0, 0]

    moved = today + dt.timedelta(days=45)
    first, second = planned.days.order_by("date")
    session_save(
        session=planned,
        days=[
            DayData(moved, dt.time(9), dt.time(17), id=first.pk),
            DayData(moved + dt.timedelta(days=1), dt.time(9), dt.time(16), id=second.pk),
        ],
        municipality_ids=list(planned.participations.values_list("municipality_id", flat=True)),
    )
    updates = Email.objects.filter(key__contains=":update:1:")
    assert updates.count() == 2
    calendar = _ics(updates.first())
    assert calendar["METHOD"] == "REQUEST"
    events = list(calendar.walk("VEVENT"))
    assert [e["UID"] for e in events] == uid  # same appointment, moved
    assert [int(e["SEQUENCE"]) for e in events] == [1, 1]
    assert events[0].decoded("DTSTART").date() == moved
    assert updates.first().subject == f"Gewijzigd: {planned.title}"

    # Saving without a change sends nothing.
    planned.refresh_from_db()
    session_save(
        session=planned,
        days=[DayData(d.date, d.start_time, d.end_time, d.venue, d.address, id=d.pk) for d in planned.days.all()],
        municipality_ids=list(planned.participations.values_list("municipality_id", flat=True)),
    )
    assert Email.objects.filter(key__contains=":update:").count() == 2


def test_cancellation_sends_cancel_ics_to_invitees_except_those_who_declined(planned):
    invitations = invite_sent(planned, 2)
    invitation_answer(invitation=invitations[1], accept=False)
    session_cancel(session=planned)
    session_cancel(session=planned)  # twice: no second notice
    cancels = Email.objects.filter(key__contains=":cancel:")
    assert [e.to_email for e in cancels] == [invitations[0].contact.email]
    calendar = _ics(cancels.get())
    assert calendar["METHOD"] == "CANCEL"
    assert {str(e["STATUS"]) for e in calendar.walk("VEVENT")} == {"CANCELLED"}
    assert {int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")} == {1}
    planned.refresh_from_db()
    assert planned.status == Session.Status.CANCELLED


def _ranked(session, workshops, ranking_lists):
    invitations = []
    for ranking in ranking_lists:
        invitation = InvitationFactory(session=session, contact=ContactFactory())
        invitation_answer(invitation=invitation, accept=True, ranking=[workshops[i].pk for i in ranking])
        invitations.append(invitation)
    return invitations


@pytest.mark.parametrize("seed", ["a", "b", "c", "d", "e"])
def test_allocation_respects_capacity_and_preferences(planned, seed):
    workshops = [WorkshopFactory(session=planned, capacity=c) for c in (3, 2, 4)]
    rng = random.Random(seed)
    rankings = [rng.sample(range(3), k=rng.choice([1, 2, 3])) for _ in range(9)]
    invitations = _ranked(planned, workshops, rankings)
    InvitationFactory(session=planned, answer=Invitation.Answer.DECLINED)

    result = workshop_allocate(session=planned, seed=seed)

    counts = Counter(result.values())
    assert all(counts[w.pk] <= w.capacity for w in workshops)
    assert len(result) == 9 and None not in counts  # 9 places for 9 people
    room = {w.pk: w.capacity - counts[w.pk] for w in workshops}
    for invitation, ranking in zip(invitations, rankings, strict=True):
        got = result[invitation.pk]
        wanted = [workshops[i].pk for i in ranking]
        if got in wanted:
            better = wanted[: wanted.index(got)]
        else:
            better = wanted
        # Anything ranked higher than what one got was full (nobody skipped over a free place).
        assert all(room[pk] == 0 for pk in better), (ranking, got)
    planned.refresh_from_db()
    assert planned.allocation_seed == seed and planned.allocated_at is not None
    positions = sorted(Invitation.objects.filter(pk__in=result).values_list("lottery_position", flat=True))
    assert positions == list(range(1, 10))


def test_allocation_gives_everyone_their_first_choice_when_there_is_room(planned):
    workshops = [WorkshopFactory(session=planned, capacity=5) for _ in range(2)]
    invitations = _ranked(planned, workshops, [[0, 1], [1, 0], [0], [1]])
    result = workshop_allocate(session=planned)
    assert [result[i.pk] for i in invitations] == [workshops[0].pk, workshops[1].pk, workshops[0].pk, workshops[1].pk]


def test_allocation_is_reproducible_from_the_stored_seed(planned):
    workshops = [WorkshopFactory(session=planned, capacity=1) for _ in range(2)]
    _ranked(planned, workshops, [[0, 1]] * 4)
    first = workshop_allocate(session=planned, seed="audit-123")
    Invitation.objects.update(workshop=None, lottery_position=None)
    Session.objects.filter(pk=planned.pk).update(allocated_at=None)
    assert workshop_allocate(session=planned, seed="audit-123") == first


def test_after_the_deadline_beat_allocates_and_tells_everyone_their_workshop_once(
    planned, today, django_capture_on_commit_callbacks
):
    workshops = [WorkshopFactory(session=planned, capacity=1, title=t) for t in ("Stappen", "Afweging")]
    planned.answer_deadline = today - dt.timedelta(days=1)
    planned.save()
    invitations = invite_sent(planned, 3)
    for invitation, ranking in zip(invitations[:2], ([0, 1], [0, 1]), strict=True):
        Invitation.objects.filter(pk=invitation.pk).update(answer=Invitation.Answer.ACCEPTED)
        for rank, index in enumerate(ranking, start=1):
            invitation.preferences.create(workshop=workshops[index], rank=rank)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_messages.apply()
        send_due_messages.apply()
    allocated = dict(
        Invitation.objects.filter(pk__in=[i.pk for i in invitations[:2]]).values_list("pk", "workshop__title")
    )
    assert sorted(allocated.values()) == ["Afweging", "Stappen"]
    assert _keys(":allocation:") == Counter({i.contact.email: 1 for i in invitations[:2]})
    bodies = [m.body for m in mail.outbox if m.subject.startswith("Uw workshop")]
    assert len(bodies) == 2 and any("Stappen" in b for b in bodies) and any("Afweging" in b for b in bodies)


def test_thank_you_after_a_held_session_goes_to_attendees_once(planned, today, client, world):
    dated(planned, today - dt.timedelta(days=3))
    planned.follow_up = "Het verslag volgt binnen twee weken."
    planned.save()
    came, absent = invite_sent(planned, 2, answer=Invitation.Answer.ACCEPTED)
    client.force_login(world.users["staff_drenthe"])
    from django.urls import reverse

    client.post(reverse("sessions:attendance", kwargs={"pk": planned.pk}), {"attended": [came.pk]})
    planned.refresh_from_db()
    assert planned.status == Session.Status.HELD
    send_due_messages.apply()
    send_due_messages.apply()
    thanks = Email.objects.filter(key__contains=":thanks:")
    assert [e.to_email for e in thanks] == [came.contact.email]
    assert "Het verslag volgt" in thanks.get().body_text


def test_old_held_sessions_get_no_thank_you(reference_data, today):
    old = SessionFactory(status=Session.Status.HELD)
    SessionDayFactory(session=old, date=dt.date(2020, 6, 10))
    invite_sent(old, 1, answer=Invitation.Answer.ACCEPTED)
    send_due_messages.apply()
    assert not Email.objects.filter(key__contains=":thanks:").exists()


def test_dates_added_later_reach_those_invited_without_them(reference_data, drenthe, today):
    session = session_save(
        session=Session(title="Tynaarlo en Aa en Hunze", organiser_province=drenthe), days=[], municipality_ids=[]
    )
    (invitation,) = invite_sent(session)
    assert Email.objects.get(key__endswith=f":invitation:{invitation.pk}").attachments == []
    session_save(
        session=session,
        days=[DayData(today + dt.timedelta(days=50), dt.time(9), dt.time(17))],
        municipality_ids=[],
    )
    update = Email.objects.get(key__contains=":update:")
    assert update.to_email == invitation.contact.email
    assert _ics(update)["METHOD"] == "REQUEST"


def test_invitations_whose_task_was_lost_are_sent_by_beat(planned, django_capture_on_commit_callbacks):
    from django.utils import timezone

    InvitationFactory(session=planned, contact=ContactFactory())
    InvitationFactory(session=planned, contact=ContactFactory())
    with django_capture_on_commit_callbacks(execute=False):  # the queueing task never runs
        assert invitations_send(session=planned) == 2
    send_due_messages.apply()
    assert not Email.objects.exists()  # too fresh: the task may still be on its way
    Invitation.objects.update(send_requested_at=timezone.now() - dt.timedelta(minutes=11))
    send_due_messages.apply()
    send_due_messages.apply()
    assert Email.objects.filter(key__contains=":invitation:").count() == 2
    assert not Invitation.objects.filter(email__isnull=True).exists()


def test_invitations_added_after_sending_wait_for_the_next_send(planned):
    InvitationFactory(session=planned, contact=ContactFactory())
    invitations_queue_emails(session_id=planned.pk)
    assert not Email.objects.exists()
