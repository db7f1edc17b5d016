"""An enrolment's confirmation travels the whole way: outbox, Celery worker on Redis, SMTP."""

import time

import pytest

import heatportal.mail.tasks  # noqa: F401  (registers send_email before the test worker starts)
from accounts.models import Role
from heatportal.mail.models import Email
from labs.services import enrolling
from labs.tests.factories import LabFactory
from tests.factories import municipality, user_with_role


@pytest.mark.django_db(transaction=True)
def test_enrolment_confirmation_is_delivered_by_the_worker_over_smtp(reference_data, celery_on_redis, smtp_server):
    zaanstad = municipality("GM0479")
    officer = user_with_role(Role.Kind.MUNICIPAL_OFFICER, zaanstad, email="zaanstad@example.org", full_name="Zoë Zaan")
    lab = LabFactory(title="Startplan wijkaanpak aardgasvrij")
    enrolling.enrolment_create(lab=lab, municipality=zaanstad, user=officer, case_title="Poelenburg")
    deadline = time.monotonic() + 20
    while not smtp_server.messages and time.monotonic() < deadline:
        time.sleep(0.1)
    (message,) = smtp_server.messages
    assert (
        message["To"] == "=?utf-8?q?Zo=C3=AB_Zaan?= <zaanstad@example.org>" or "zaanstad@example.org" in message["To"]
    )
    assert message["Subject"] == "Aanmelding Leer Lab Startplan wijkaanpak aardgasvrij bevestigd"
    assert "Poelenburg" in message.get_body(preferencelist=("plain",)).get_content()
    assert message.get_body(preferencelist=("html",)) is not None
    assert Email.objects.get().status == Email.Status.SENT


@pytest.mark.django_db
def test_lab_mail_replies_reach_its_creator_or_else_provincial_staff(world):
    from labs.services._mail import send

    staff = world.users["staff_nh"]
    lab = LabFactory(organiser_province=world.noord_holland, created_by=None)
    officer, context = world.users["officer_zaanstad"], {"lab": lab, "m": "Zaanstad"}
    send(key="t:1", user=officer, template="labs_withdrawn", context=context)
    assert Email.objects.get(key="t:1").reply_to_email == staff.email
    lab.created_by = world.users["programme_admin"]
    lab.save(update_fields=["created_by"])
    send(key="t:2", user=officer, template="labs_withdrawn", context=context)
    assert Email.objects.get(key="t:2").reply_to_email == world.users["programme_admin"].email
