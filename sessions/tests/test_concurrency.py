"""Beat runs that overlap (two beat processes, a redelivered task) on real PostgreSQL."""

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connections
from django.utils import timezone

from heatportal.mail.models import Email
from sessions.models import Invitation, Session
from sessions.services.answers import invitation_answer
from sessions.services.scheduled import due_messages_send
from sessions.services.sending import invitations_queue_emails
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory, WorkshopFactory
from tests.factories import ContactFactory


@pytest.mark.django_db(transaction=True)
def test_parallel_beat_runs_allocate_once_and_mail_each_person_once(reference_data, today):
    session = SessionFactory()
    SessionDayFactory(session=session, date=today + dt.timedelta(days=6))
    workshops = [WorkshopFactory(session=session, capacity=3) for _ in range(2)]
    invitations = [
        InvitationFactory(session=session, contact=ContactFactory(), send_requested_at=timezone.now()) for _ in range(6)
    ]
    invitations_queue_emails(session_id=session.pk)
    for i, invitation in enumerate(invitations):
        invitation_answer(invitation=invitation, accept=True, ranking=[workshops[i % 2].pk, workshops[(i + 1) % 2].pk])
    Session.objects.filter(pk=session.pk).update(answer_deadline=today - dt.timedelta(days=1))

    errors, barrier = [], threading.Barrier(4)

    def run():
        try:
            barrier.wait()
            due_messages_send(today=today)  # the dates above were set from this day
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    session.refresh_from_db()
    assert session.allocated_at is not None
    allocated = Counter(Invitation.objects.filter(session=session).values_list("workshop_id", flat=True))
    assert allocated == Counter({workshops[0].pk: 3, workshops[1].pk: 3})
    per_person = Counter(Email.objects.filter(key__contains=":allocation:").values_list("to_email", flat=True))
    assert len(per_person) == 6 and set(per_person.values()) == {1}
    reminders = Counter(Email.objects.filter(key__contains=":reminder:7d:").values_list("to_email", flat=True))
    assert len(reminders) == 6 and set(reminders.values()) == {1}
    assert Session.objects.filter(pk=session.pk, allocation_seed=session.allocation_seed).exists()
