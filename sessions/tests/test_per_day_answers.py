"""A multi-day session is answered per day: each day has its own list, count and capacity."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.formats import date_format
from icalendar import Calendar

from heatportal.mail.models import Email
from sessions.models import Invitation, InvitationDay
from sessions.services.answers import answer_token, invitation_answer
from sessions.services.planning import DayData, session_save
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.htmlforms import page_form, post_data

pytestmark = pytest.mark.django_db


def _days(session):
    return list(session.days.order_by("date"))


def _attending(invitation):
    return set(InvitationDay.objects.filter(invitation=invitation).values_list("day_id", flat=True))


def _answer_page(client, invitation):
    return reverse("sessions:answer", kwargs={"token": answer_token(invitation)})


def test_an_invitee_comes_on_the_first_day_only(client, planned):
    first, second = _days(planned)
    [invitation] = invite_sent(planned)
    page = client.get(_answer_page(client, invitation))
    assert "Op welke dagen komt u?" in page.content.decode()
    response = client.post(_answer_page(client, invitation), {"answer": "accept", "days": [first.pk]})
    assert response.status_code == 302
    assert _attending(invitation) == {first.pk}
    assert Invitation.objects.get(pk=invitation.pk).answer == Invitation.Answer.ACCEPTED
    confirmation = Email.objects.get(key__contains=":answer-", key__endswith=f":{invitation.pk}")
    assert date_format(first.date, "l j F Y") in confirmation.body_text
    assert date_format(second.date, "l j F Y") not in confirmation.body_text
    events = Calendar.from_ical(confirmation.attachments[0]["content"]).walk("VEVENT")
    assert [e["dtstart"].dt.date() for e in events] == [first.date]


def test_coming_without_a_day_ticked_is_refused_in_place(client, planned):
    [invitation] = invite_sent(planned)
    response = client.post(_answer_page(client, invitation), {"answer": "accept"})
    assert response.status_code == 200
    assert "Kies op welke dag of dagen u komt." in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).answer == Invitation.Answer.PENDING
    assert not _attending(invitation)


def test_the_answer_page_posted_back_as_it_is_keeps_the_days_chosen(client, planned):
    first, _ = _days(planned)
    [invitation] = invite_sent(planned)
    invitation_answer(invitation=invitation, accept=True, day_ids=[first.pk])
    page = client.get(_answer_page(client, invitation))
    data = page_form(page, action_contains="/sessies/antwoord/")
    assert data.getlist("days") == [str(first.pk)]
    client.post(_answer_page(client, invitation), post_data(data))
    assert _attending(invitation) == {first.pk}


def test_a_full_day_takes_nobody_more_but_keeps_who_is_on_it(planned):
    first, second = _days(planned)
    second.capacity = 1
    second.save(update_fields=["capacity"])
    early, late = invite_sent(planned, 2)
    invitation_answer(invitation=early, accept=True)
    with pytest.raises(Exception, match="is vol"):
        invitation_answer(invitation=late, accept=True, day_ids=[first.pk, second.pk])
    assert Invitation.objects.get(pk=late.pk).answer == Invitation.Answer.PENDING
    invitation_answer(invitation=late, accept=True, day_ids=[first.pk])
    assert _attending(late) == {first.pk}
    invitation_answer(invitation=early, accept=True, day_ids=[second.pk])  # already on it
    assert _attending(early) == {second.pk}


def test_declining_leaves_no_day(planned):
    [invitation] = invite_sent(planned)
    invitation_answer(invitation=invitation, accept=True)
    assert len(_attending(invitation)) == 2
    invitation_answer(invitation=invitation, accept=False)
    assert not _attending(invitation)


def test_a_one_day_session_asks_no_days(client, reference_data):
    session = SessionFactory()
    day = SessionDayFactory(session=session)
    [invitation] = invite_sent(session)
    assert "Op welke dagen" not in client.get(_answer_page(client, invitation)).content.decode()
    client.post(_answer_page(client, invitation), {"answer": "accept"})
    assert _attending(invitation) == {day.pk}


def test_the_session_page_counts_who_comes_per_day(client, planned, world):
    first, second = _days(planned)
    second.capacity = 40
    second.save(update_fields=["capacity"])
    both, one = invite_sent(planned, 2)
    invitation_answer(invitation=both, accept=True)
    invitation_answer(invitation=one, accept=True, day_ids=[first.pk])
    client.force_login(world.users["staff_drenthe"])
    page = client.get(planned.get_absolute_url()).content.decode()
    assert "2 komen" in page
    assert "1 komt (maximaal 40)" in page


def test_a_day_added_later_counts_those_who_came_to_every_day(planned):
    first, second = _days(planned)
    both, one = invite_sent(planned, 2)
    invitation_answer(invitation=both, accept=True)
    invitation_answer(invitation=one, accept=True, day_ids=[first.pk])
    kept = [DayData(**{f: getattr(d, f) for f in ("date", "start_time", "end_time")}, id=d.pk) for d in (first, second)]
    added = DayData(date=second.date + dt.timedelta(days=1), start_time=dt.time(9), end_time=dt.time(12))
    session_save(session=planned, days=[*kept, added], municipality_ids=[])
    third = planned.days.get(date=added.date)
    assert third.pk in _attending(both)
    assert third.pk not in _attending(one)


def test_the_migration_gives_who_accepted_before_every_day(planned):
    first, second = _days(planned)
    accepted = InvitationFactory(session=planned, answer=Invitation.Answer.ACCEPTED)
    pending = InvitationFactory(session=planned)
    migration = importlib.import_module("sessions.migrations.0010_invitee_experience")
    migration.every_day_for_who_accepted(apps, None)
    assert _attending(accepted) == {first.pk, second.pk}
    assert not _attending(pending)


def test_an_update_gives_who_comes_one_day_only_that_day_in_their_calendar(planned):
    first, second = _days(planned)
    both, one = invite_sent(planned, 2)
    invitation_answer(invitation=both, accept=True)
    invitation_answer(invitation=one, accept=True, day_ids=[first.pk])
    days = [
        DayData(date=d.date, start_time=dt.time(10), end_time=d.end_time, venue=d.venue, address=d.address, id=d.pk)
        for d in (first, second)
    ]
    session_save(session=planned, days=days, municipality_ids=[])  # both days start an hour later
    updates = {m.to_email: m for m in Email.objects.filter(key__contains=":update:")}
    own = Calendar.from_ical(updates[one.contact.email].attachments[0]["content"]).walk("VEVENT")
    every = Calendar.from_ical(updates[both.contact.email].attachments[0]["content"]).walk("VEVENT")
    assert [e["dtstart"].dt.date() for e in own] == [first.date]
    assert len(every) == 2
    assert date_format(second.date, "l j F Y") not in updates[one.contact.email].body_text


def test_a_workshop_on_a_day_they_do_not_come_is_refused_and_nothing_changes(planned):
    from django.core.exceptions import ValidationError

    from sessions.tests.factories import WorkshopFactory

    first, second = _days(planned)
    later = WorkshopFactory(session=planned, day=second, title="Warmtebronnen")
    [invitation] = invite_sent(planned)
    with pytest.raises(ValidationError, match="“Warmtebronnen” is op een dag waarop u niet komt"):
        invitation_answer(invitation=invitation, accept=True, day_ids=[first.pk], ranking=[later.pk])
    assert Invitation.objects.get(pk=invitation.pk).answer == Invitation.Answer.PENDING
    invitation_answer(invitation=invitation, accept=True, day_ids=[first.pk, second.pk], ranking=[later.pk])
    assert list(invitation.preferences.values_list("workshop_id", flat=True)) == [later.pk]
