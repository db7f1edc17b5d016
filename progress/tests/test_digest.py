"""The monthly digest: each coordinator once a month, with their own region's changes only."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from accounts.models import Role
from heatportal.mail.models import Email
from municipalities.models import ResRegion
from progress import services
from progress.services import previous_month
from progress.tasks import send_monthly_digests
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _next_month(now):
    return (timezone.localtime(now).replace(day=1) + dt.timedelta(days=32)).replace(day=3, hour=9)


@pytest.fixture
def coordinator_nhn(world):
    region = ResRegion.objects.get(code="ES15")
    return user_with_role(Role.Kind.REGIONAL_COORDINATOR, region, email="regio-nhn@example.org", full_name="Ruud Regio")


def test_digest_goes_once_per_coordinator_with_their_region_only(world, coordinator_nhn):
    officer = world.users["officer_assen"]
    services.progress_update(
        municipality=world.assen,
        user=officer,
        values={"vision_status": "adopted", "vision_adopted_on": dt.date(2021, 5, 19)},
    )
    services.neighbourhood_save(
        municipality=world.assen, user=officer, values={"name": "Pittelo", "period_start": 2026, "period_end": 2030}
    )
    services.comment_add(municipality=world.assen, user=world.users["coordinator_drenthe"], body="Mooi zo!")
    services.progress_update(
        municipality=world.zaanstad, user=world.users["officer_zaanstad"], values={"vision_status": "in_preparation"}
    )
    later = _next_month(timezone.now())

    assert services.monthly_digests_send(now=later) == 2
    assert services.monthly_digests_send(now=later) == 0, "a second run in the same month sends nothing new"
    month = previous_month(timezone.localdate(later))[0]
    drenthe = Email.objects.get(to_email="regio@example.org")
    assert drenthe.key == f"digest:{month:%Y-%m}:{world.users['coordinator_drenthe'].pk}"
    assert "Assen: Visie en warmteprogramma" in drenthe.body_text
    assert "Vastgesteld door de raad" in drenthe.body_text and officer.full_name in drenthe.body_text
    assert "Wijk Pittelo toegevoegd" in drenthe.body_text
    assert "Mooi zo!" in drenthe.body_text
    assert "Zaanstad" not in drenthe.body_text

    other = Email.objects.get(to_email="regio-nhn@example.org")
    assert "Assen" not in other.body_text and "Pittelo" not in other.body_text
    assert "Geen wijzigingen in de voortgang." in other.body_text
    assert Email.objects.filter(key__startswith="digest:").count() == 2


def test_changes_of_this_month_wait_for_next_months_digest(world):
    services.progress_update(
        municipality=world.assen, user=world.users["officer_assen"], values={"vision_status": "in_preparation"}
    )
    services.monthly_digests_send(now=timezone.now())
    email = Email.objects.get(to_email="regio@example.org")
    changes = email.body_text.split("Wijzigingen:")[1]  # (its deadline leads the digest)
    assert "Assen" not in changes and "Geen wijzigingen" in changes


def test_beat_task_queues_the_digests(world, coordinator_nhn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = send_monthly_digests.apply()
    assert result.get() == 2
    assert len(callbacks) == 2, "each message is handed to the outbox task after commit"
    send_monthly_digests.apply()
    assert Email.objects.filter(key__startswith="digest:").count() == 2


@pytest.mark.django_db(transaction=True)
def test_beat_run_on_a_real_worker_delivers_one_digest_per_coordinator(celery_on_redis, smtp_server, world):
    """The beat task goes through Redis to a worker; the outbox delivers over SMTP; a second run sends nothing."""
    send_monthly_digests.delay()
    deadline = time.monotonic() + 30
    while not Email.objects.filter(status=Email.Status.SENT).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    # The second run queues nothing, so nothing is left that could be delivered later: no waiting
    # for a wrong second delivery.
    assert send_monthly_digests.apply().get() == 0
    assert Email.objects.count() == 1
    assert [m["To"] for m in smtp_server.messages] == [
        f"{world.users['coordinator_drenthe'].full_name} <regio@example.org>"
    ]
    message = smtp_server.messages[0]
    assert message["Subject"].startswith("Voortgang in uw regio: overzicht van ")
    assert message["X-Heatportal-Key"].startswith("digest:")
    assert Email.objects.get().status == Email.Status.SENT
