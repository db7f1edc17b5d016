"""The digest honours the coordinator's own-account switch and language."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from heatportal.mail.models import Email
from progress import services

pytestmark = pytest.mark.django_db


def _next_month():
    return (timezone.localtime().replace(day=1) + dt.timedelta(days=32)).replace(day=3, hour=9)


def test_coordinator_who_switched_the_digest_off_gets_none(world):
    coordinator = world.users["coordinator_drenthe"]
    User.objects.filter(pk=coordinator.pk).update(wants_digest=False)
    services.monthly_digests_send(now=_next_month())
    assert not Email.objects.filter(to_email=coordinator.email, key__startswith="digest:").exists()


def test_digest_is_queued_in_the_coordinators_language(world):
    coordinator = world.users["coordinator_drenthe"]
    services.monthly_digests_send(now=_next_month())
    dutch = Email.objects.get(to_email=coordinator.email, key__startswith="digest:")
    Email.objects.all().delete()
    User.objects.filter(pk=coordinator.pk).update(language="en")
    services.monthly_digests_send(now=_next_month())
    english = Email.objects.get(to_email=coordinator.email, key__startswith="digest:")
    assert english.subject != dutch.subject
