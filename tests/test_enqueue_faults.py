"""With the broker down, a stored write still answers as stored; the sweep sends what is waiting.

The portal publishes to a Redis URL where nothing listens (connection refused, as when Redis is
down), in transactional tests so the after-commit hand-over runs inside the request as it does
in production.
"""

import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from heatportal.mail.models import Email
from heatportal.mail.tasks import requeue_stuck_emails
from labs.models import Enrolment
from labs.tests.factories import LabFactory
from sessions.models import Invitation
from sessions.tasks import queue_lost_invitations
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker_down(portal_broker, dead_broker_url, caplog):
    portal_broker(dead_broker_url)
    caplog.set_level(logging.WARNING, logger="heatportal.tasks")
    return caplog


def broker_back(settings):
    """Tasks run in-process again (the worker is back); the sweep is what finds the work."""
    from heatportal.celery import app
    from heatportal.tasks import resume_enqueueing

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    resume_enqueueing()


def test_enrolment_with_the_broker_down_is_stored_confirmed_and_mailed_by_the_sweep(
    client, world, broker_down, settings
):
    lab = LabFactory()
    client.force_login(world.users["officer_zaanstad"])
    response = client.post(
        reverse("labs:enrol", kwargs={"pk": lab.pk}), {"case_title": "Poelenburg", "learning_goals": "Participatie"}
    )

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Zaanstad is aangemeld voor" in page
    assert Enrolment.objects.get(lab=lab).status == Enrolment.Status.ACTIVE
    email = Email.objects.get(to_email="zaanstad@example.org")
    assert email.status == Email.Status.QUEUED
    assert f"heatportal.mail.tasks.send_email({email.pk},) not enqueued" in broker_down.text

    broker_back(settings)
    requeue_stuck_emails.apply()
    assert mail.outbox == []  # too fresh: the first hand-over may still be on its way
    Email.objects.update(updated_at=timezone.now() - timezone.timedelta(minutes=2))
    requeue_stuck_emails.apply()
    assert len(mail.outbox) == 1 and mail.outbox[0].to[0].endswith("<zaanstad@example.org>")
    assert Email.objects.get().status == Email.Status.SENT


def test_enrolment_sent_again_after_an_error_page_shows_the_enrolment_not_a_refusal(client, world, broker_down):
    lab = LabFactory()
    client.force_login(world.users["officer_zaanstad"])
    form = {"case_title": "Poelenburg", "colleagues": "Piet", "learning_goals": "Participatie"}
    client.post(reverse("labs:enrol", kwargs={"pk": lab.pk}), form)
    again = client.post(reverse("labs:enrol", kwargs={"pk": lab.pk}), form, follow=True)

    html = again.content.decode()
    assert again.redirect_chain[0][1] == 302
    assert "Zaanstad is aangemeld voor" in html and "al aangemeld" not in html
    assert Enrolment.objects.filter(lab=lab).count() == 1
    assert Email.objects.count() == 1  # one confirmation, not two
    # A different case for the same municipality is still a refusal.
    other = client.post(reverse("labs:enrol", kwargs={"pk": lab.pk}), {**form, "case_title": "Kogerveld"})
    assert other.status_code == 409 and "al aangemeld" in other.content.decode()


def test_sending_invitations_with_the_broker_down_answers_sent_and_the_sweep_queues_them(
    client, world, broker_down, settings
):
    session = SessionFactory(organiser_province=world.drenthe, municipalities=[world.assen])
    SessionDayFactory(session=session, date=timezone.localdate() + timezone.timedelta(days=30))
    InvitationFactory(session=session)
    InvitationFactory(session=session)
    client.force_login(world.users["staff_drenthe"])
    response = client.post(reverse("sessions:invitations_send", kwargs={"pk": session.pk}), follow=True)

    assert response.redirect_chain[0][1] == 302
    assert "2 uitnodigingen worden verstuurd." in response.content.decode()
    assert session.invitations.filter(send_requested_at__isnull=False, email__isnull=True).count() == 2
    assert f"sessions.tasks.queue_invitations({session.pk},) not enqueued" in broker_down.text

    broker_back(settings)
    Invitation.objects.update(send_requested_at=timezone.now() - timezone.timedelta(minutes=2))
    assert queue_lost_invitations.apply().get() == 2
    assert len(mail.outbox) == 2
    assert not session.invitations.filter(email__isnull=True).exists()
    assert queue_lost_invitations.apply().get() == 0  # nothing queued twice


def test_session_page_tells_stuck_invitations_from_moving_ones(client, world):
    session = SessionFactory(organiser_province=world.drenthe, municipalities=[world.assen])
    long_ago = timezone.now() - timezone.timedelta(minutes=7)
    stuck = InvitationFactory(session=session, send_requested_at=long_ago)
    InvitationFactory(session=session, send_requested_at=timezone.now())
    client.force_login(world.users["staff_drenthe"])

    html = client.get(reverse("sessions:detail", kwargs={"pk": session.pk})).content.decode()
    since = timezone.localtime(stuck.send_requested_at).strftime("%H:%M")
    assert html.count("wacht op verzending sinds") == 2  # the row, and the count above the table
    assert f"1 wacht op verzending sinds {timezone.localtime(long_ago).day} " in html
    assert since in html
    assert "wordt klaargezet" in html  # the fresh one is on its way


def test_queueing_invitations_is_retried_after_a_database_error_and_queues_each_once(world):
    from unittest import mock

    from django.db import OperationalError

    from sessions.services import sending
    from sessions.tasks import queue_invitations

    session = SessionFactory(organiser_province=world.drenthe, municipalities=[world.assen])
    for _ in range(3):
        InvitationFactory(session=session, send_requested_at=timezone.now())
    real = sending.invitations_queue_emails
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            real(**kwargs)  # got some way, then the connection dropped
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    # The task calls the function through its module, so the module attribute is what to patch.
    with mock.patch.object(sending, "invitations_queue_emails", side_effect=flaky):
        queue_invitations.apply(args=[session.pk])
    assert len(calls) == 2  # retried
    assert Email.objects.filter(key__contains=":invitation:").count() == 3
    assert len(mail.outbox) == 3
    assert not session.invitations.filter(email__isnull=True).exists()
