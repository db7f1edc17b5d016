"""The two ends of a session, from its page: held (attendance, only from the first day on, of a
scheduled or held session) and cancelled (only after a confirmation that says who is mailed)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from heatportal.mail.models import Email
from sessions.models import Invitation, Session
from sessions.services.attendance import attendance_save
from sessions.tests.conftest import dated, invite_sent
from sessions.tests.factories import InvitationFactory
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _accepted(session: Session, n: int = 2) -> list[Invitation]:
    return [
        InvitationFactory(session=session, contact=ContactFactory(), answer=Invitation.Answer.ACCEPTED)
        for _ in range(n)
    ]


# --- Attendance -----------------------------------------------------------------------------
def test_attendance_of_a_future_session_is_refused_and_not_offered(client, world, planned):
    came, _absent = _accepted(planned)
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:attendance", kwargs={"pk": planned.pk})
    page = client.get(url).content.decode()
    assert "Aanwezigheid registreren kan vanaf de eerste sessiedag" in page and 'name="attended"' not in page
    response = client.post(url, {"attended": [came.pk]})
    assert response.status_code == 409 and "vanaf de eerste sessiedag" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == Session.Status.SCHEDULED
    assert not planned.invitations.filter(attended__isnull=False).exists()
    detail = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert url not in detail


@pytest.mark.parametrize("status", [Session.Status.CANCELLED, Session.Status.TO_SCHEDULE])
def test_attendance_of_a_cancelled_or_unscheduled_session_is_refused(client, world, planned, today, status):
    dated(planned, today - dt.timedelta(days=1))
    Session.objects.filter(pk=planned.pk).update(status=status)
    came, _absent = _accepted(planned)
    with pytest.raises(ValidationError):
        attendance_save(session=planned, attended_ids={came.pk})
    client.force_login(world.users["staff_drenthe"])
    response = client.post(reverse("sessions:attendance", kwargs={"pk": planned.pk}), {"attended": [came.pk]})
    assert response.status_code == 409
    planned.refresh_from_db()
    assert planned.status == status
    detail = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert reverse("sessions:attendance", kwargs={"pk": planned.pk}) not in detail


def test_attendance_from_the_first_day_on_needs_ticks_or_an_explicit_nobody(client, world, planned, today):
    dated(planned, today)  # the first day is today: allowed
    came, absent = _accepted(planned)
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:attendance", kwargs={"pk": planned.pk})
    assert url in client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()

    response = client.post(url, {})
    assert response.status_code == 200 and "Vink aan wie er waren" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == Session.Status.SCHEDULED

    client.post(url, {"nobody": "on"})
    planned.refresh_from_db()
    assert planned.status == Session.Status.HELD
    assert set(planned.invitations.values_list("attended", flat=True)) == {False}

    client.post(url, {"attended": [came.pk]})  # a held session can be corrected
    assert dict(planned.invitations.values_list("pk", "attended")) == {came.pk: True, absent.pk: False}


# --- Cancel ---------------------------------------------------------------------------------
def test_cancel_asks_for_confirmation_first(client, world, planned):
    invite_sent(planned, 2)
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:cancel", kwargs={"pk": planned.pk})
    detail = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert f'action="{url}"' not in detail and f'href="{url}"' in detail
    confirm = client.get(url)
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Alle 2 genodigden" in body and "annuleringsmail" in body and "niet ongedaan" in body
    planned.refresh_from_db()
    assert planned.status == Session.Status.SCHEDULED and not Email.objects.filter(key__contains=":cancel:")
    client.post(url)
    planned.refresh_from_db()
    assert planned.status == Session.Status.CANCELLED
    assert Email.objects.filter(key__contains=":cancel:").count() == 2
