"""The invitations' send progress bar shows what its label says: 'Verzonden: 3 van 5' is a bar
three fifths full, also when some failed (a failed message is not sent) or wait in the queue."""

import re

import pytest
from django.urls import reverse

from heatportal.mail.models import Email
from sessions.tests.conftest import invite_sent

pytestmark = pytest.mark.django_db


def _bar(body: str) -> tuple[int, int, int, int]:
    label = re.search(r'<label for="invite-progress">Verzonden: (\d+) van (\d+)</label>', body)
    bar = re.search(r'<progress id="invite-progress"[^>]* max="(\d+)" value="(\d+)"', body)
    assert label and bar, body
    return int(label[1]), int(label[2]), int(bar[2]), int(bar[1])


@pytest.mark.parametrize("partial", [False, True], ids=["page", "htmx-poll"])
def test_the_bar_is_as_full_as_the_label_says(client, world, planned, partial):
    ids = [invitation.email_id for invitation in invite_sent(planned, 5)]
    Email.objects.filter(pk__in=ids[:3]).update(status=Email.Status.SENT)
    Email.objects.filter(pk=ids[3]).update(status=Email.Status.FAILED, last_error="550 5.1.1 user unknown")
    client.force_login(world.users["staff_drenthe"])
    if partial:
        url = reverse("sessions:invitations", kwargs={"pk": planned.pk})
        body = client.get(url, headers={"HX-Request": "true"}).content.decode()
    else:
        body = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    sent, total, value, maximum = _bar(body)
    assert (sent, total) == (3, 5)  # one failed, one still queued
    assert (value, maximum) == (sent, total)


def test_a_batch_with_failures_never_shows_a_full_bar(client, world, planned):
    ids = [invitation.email_id for invitation in invite_sent(planned, 2)]
    Email.objects.filter(pk=ids[0]).update(status=Email.Status.SENT)
    Email.objects.filter(pk=ids[1]).update(status=Email.Status.FAILED)
    client.force_login(world.users["staff_drenthe"])
    body = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert _bar(body) == (1, 2, 1, 2)
    assert "1 mislukt" in body
