"""Fault tests on the real stack: a Redis and an SMTP server of the test's own, Celery workers in
subprocesses (`celery -A heatportal worker -B`) on the test database, and faults the way they
happen: a worker killed, Redis gone, SMTP answering 451, the database unreachable.

Sweep timings are seconds instead of minutes here (tests/fixtures/workers.py `worker_processes`), so each
test shows recovery without a manual step. What counts is what the SMTP server accepted.
"""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from heatportal.mail.models import Email
from heatportal.mail.services import email_queue, email_requeue_stuck
from heatportal.mail.tasks import send_email
from labs.models import Enrolment
from labs.tests.factories import LabFactory
from municipalities.models import Contact
from sessions.models import Invitation
from sessions.services.answers import answer_token
from sessions.services.sending import invitations_send
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.factories import municipality, user_with_role

pytestmark = [pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout: float, what: str, worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    # What a failure needs to be understood: where each mail stands, and what the worker said.
    states = list(Email.objects.values_list("to_email", "status", "attempts", "last_error"))
    log = worker.log()[-6000:] if worker is not None else ""
    raise AssertionError(f"not within {timeout} s: {what}\noutbox: {states}\nworker log (tail):\n{log}")


def all_sent(emails=None):
    emails = emails if emails is not None else Email.objects.all()
    return lambda: emails.exists() and not emails.exclude(status=Email.Status.SENT).exists()


def assert_one_message_id_each(smtp, emails):
    """Every row reached its recipient, and whatever reached them carries one of their rows'
    Message-IDs (someone may have several rows: an invitation and the confirmation of their
    answer). How often each arrived is each test's own assertion: a row in flight when its worker
    died may arrive twice, under the same Message-ID."""
    received = smtp.per_recipient()
    expected: dict[str, set[str]] = {}
    for email in emails:
        expected.setdefault(email.to_email, set()).add(email.message_id)
    for address, message_ids in expected.items():
        assert set(received.get(address, [])) == message_ids, address


def assert_nothing_more_goes_out(workers, emails):
    """What waiting a second for a late duplicate meant to show, without the wait: the workers
    finish what they are running and stop, so nothing of theirs is still on its way to the server;
    a task for any row delivered once more (a broker redelivering late) finds the row sent and
    sends nothing; and the recovery sweep finds no row to hand out again."""
    for worker in workers:
        worker.shutdown()
    assert {send_email.apply(args=[email.pk]).get() for email in emails} == {"skipped"}
    assert email_requeue_stuck() == []


def _session_with_invitees(drenthe, n: int):
    session = SessionFactory(organiser_province=drenthe, municipalities=[municipality("GM0106")])
    SessionDayFactory(session=session, date=timezone.localdate() + timezone.timedelta(days=30))
    contacts = Contact.objects.bulk_create(
        Contact(name=f"Genodigde {i:03d}", email=f"genodigde{i:03d}@example.org") for i in range(n)
    )
    Invitation.objects.bulk_create(Invitation(session=session, contact=c) for c in contacts)
    return session


def test_worker_killed_mid_batch_every_invitation_arrives_once_with_one_message_id(
    drenthe, redis_server, fault_smtp, portal_broker, worker_processes
):
    fault_smtp.delay = 0.02  # a mail server that takes its time, so the kill lands mid-batch
    portal_broker(redis_server.url)
    session = _session_with_invitees(drenthe, 200)
    first = worker_processes(broker_url=redis_server.url, smtp_port=fault_smtp.port)

    assert invitations_send(session=session) == 200
    wait_for(lambda: len(fault_smtp.accepted) >= 30, 60, "first deliveries")
    first.kill()
    delivered_before_kill = len(fault_smtp.accepted)
    # A row the dead worker left in sending may have reached the server already: that one is
    # allowed to go again, with the same Message-ID. Every other recipient gets exactly one.
    in_flight = set(Email.objects.filter(status=Email.Status.SENDING).values_list("to_email", flat=True))
    assert delivered_before_kill < 200, "the kill came too late to test anything"

    second = worker_processes(broker_url=redis_server.url, smtp_port=fault_smtp.port)
    wait_for(
        lambda: Email.objects.filter(status=Email.Status.SENT).count() == 200,
        120,
        "all 200 invitations sent after the restart and the sweep",
    )
    emails = list(Email.objects.all())
    assert_nothing_more_goes_out([first, second], emails)

    assert not session.invitations.filter(email__isnull=True).exists()
    assert len(emails) == 200
    received = fault_smtp.per_recipient()
    assert set(received) == {f"genodigde{i:03d}@example.org" for i in range(200)}
    assert_one_message_id_each(fault_smtp, emails)
    for recipient, message_ids in received.items():
        assert len(message_ids) == 1 or recipient in in_flight, recipient
    assert sum(len(ids) for ids in received.values()) <= 200 + len(in_flight)


def _a_session_and_a_lab(world):
    session = SessionFactory(organiser_province=world.drenthe, municipalities=[world.assen])
    SessionDayFactory(session=session, date=timezone.localdate() + timezone.timedelta(days=30))
    answered = InvitationFactory(session=session)
    to_send = InvitationFactory(session=session)
    officers = [
        user_with_role(Role.Kind.MUNICIPAL_OFFICER, municipality(code), email=f"{code.lower()}@example.org")
        for code in ("GM0363", "GM0361", "GM0405")
    ]
    return session, answered, to_send, LabFactory(), officers


def test_redis_down_answers_and_enrolments_are_stored_confirmed_and_mailed_once_it_returns(
    client, world, redis_server, fault_smtp, portal_broker, worker_processes, caplog
):
    portal_broker(redis_server.url)
    worker = worker_processes(broker_url=redis_server.url, smtp_port=fault_smtp.port)
    session, answered, to_send, lab, officers = _a_session_and_a_lab(world)

    redis_server.stop()
    for officer in officers:
        client.force_login(officer)
        response = client.post(
            reverse("labs:enrol", kwargs={"pk": lab.pk}),
            {"case_title": "Wijkaanpak", "learning_goals": "Wijkaanpak"},
            follow=True,
        )
        assert response.redirect_chain[0][1] == 302
        assert "is aangemeld voor" in response.content.decode()
    answer_url = reverse("sessions:answer", kwargs={"token": answer_token(answered)})
    response = client.post(answer_url, {"answer": "decline"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "uw antwoord is opgeslagen" in response.content.decode()
    client.force_login(world.users["staff_drenthe"])
    response = client.post(reverse("sessions:invitations_send", kwargs={"pk": session.pk}), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "2 uitnodigingen worden verstuurd." in response.content.decode()

    assert Enrolment.objects.filter(lab=lab, status=Enrolment.Status.ACTIVE).count() == 3
    assert Invitation.objects.get(pk=answered.pk).answer == Invitation.Answer.DECLINED
    assert Email.objects.filter(status=Email.Status.QUEUED).count() == 4  # three enrolments', one answer's
    assert "not enqueued: left to the recovery sweep" in caplog.text
    assert not fault_smtp.accepted

    redis_server.start()
    wait_for(
        lambda: len(fault_smtp.accepted) == 6 and not Email.objects.exclude(status=Email.Status.SENT).exists(),
        # Workers reconnect to a returned Redis with a growing back-off; on a loaded 2-core
        # machine that once took longer than 90 s. The claim here is "once", not "how fast".
        180,
        "four confirmations and two invitations, sent by the sweep once Redis is back",
        worker,
    )
    assert_nothing_more_goes_out([worker], Email.objects.all())
    received = fault_smtp.per_recipient()
    assert sorted(received) == sorted([o.email for o in officers] + [answered.contact.email, to_send.contact.email])
    # Who answered gets the invitation and the confirmation of the answer; everyone else one mail.
    assert {email: len(ids) for email, ids in received.items()} == {
        **dict.fromkeys(received, 1),
        answered.contact.email: 2,
    }
    assert_one_message_id_each(fault_smtp, Email.objects.all())


def test_smtp_answering_451_for_a_while_is_retried_and_delivered_once(
    reference_data, redis_server, fault_smtp, portal_broker, worker_processes
):
    portal_broker(redis_server.url)
    worker_processes(broker_url=redis_server.url, smtp_port=fault_smtp.port)
    fault_smtp.refuse_until = time.monotonic() + 4
    for n in range(5):
        email_queue(
            key=f"faults:451:{n}",
            to_email=f"ontvanger{n}@example.org",
            template="password_reset",
            context={"user": {}, "uid": "MQ", "token": "t"},
        )
    wait_for(all_sent(), 60, "all five delivered after the 451s")

    assert fault_smtp.refused >= 5  # each was refused at least once
    received = fault_smtp.per_recipient()
    assert all(len(ids) == 1 for ids in received.values()) and len(received) == 5
    emails = list(Email.objects.all())
    assert_one_message_id_each(fault_smtp, emails)
    assert all(email.attempts >= 2 and email.last_error == "" for email in emails)


def test_database_unreachable_for_seconds_nothing_is_lost_and_the_queue_recovers_by_itself(
    reference_data, redis_server, fault_smtp, portal_broker, worker_processes, pg_proxy
):
    fault_smtp.delay = 0.05
    portal_broker(redis_server.url)
    # In-flight limit above the outage plus backoff: recovery here is the retries' doing, so every
    # counted attempt must be one the server saw.
    worker = worker_processes(
        broker_url=redis_server.url, smtp_port=fault_smtp.port, db_port=pg_proxy.port, EMAIL_IN_FLIGHT_SECONDS="20"
    )
    for n in range(40):
        email_queue(
            key=f"faults:db:{n}",
            to_email=f"ontvanger{n:02d}@example.org",
            template="password_reset",
            context={"user": {}, "uid": "MQ", "token": "t"},
        )
    wait_for(lambda: len(fault_smtp.accepted) >= 8, 60, "first deliveries")
    pg_proxy.cut()
    time.sleep(5)
    assert Email.objects.exclude(status=Email.Status.SENT).exists(), "the cut came too late to test anything"
    pg_proxy.restore()
    restored = time.monotonic()
    wait_for(all_sent(), 120, "every message sent within two minutes of the database returning")
    recovery = time.monotonic() - restored
    emails = list(Email.objects.all())
    assert_nothing_more_goes_out([worker], emails)

    assert len(emails) == 40
    assert_one_message_id_each(fault_smtp, emails)
    received = fault_smtp.per_recipient()
    # An attempt the database cut off is not counted, and a delivery whose "sent" could not be
    # recorded is recorded later, not sent again: one counted attempt, one message, per row.
    assert all(email.attempts == len(received[email.to_email]) == 1 for email in emails)
    log = worker.log()
    assert "database unavailable" in log  # the worker met the fault and said so
    assert "raised unexpected" not in log  # ...without a task dying on it
    assert recovery < 120
