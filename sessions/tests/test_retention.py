"""sessions/retention.py: old sign-up requests and invitations, the register's contacts untouched."""

import datetime as dt

import pytest

from heatportal.retention import ANONYMISED, retention_apply
from municipalities.models import Contact
from sessions.models import Invitation, Session, SessionDay, SignupRequest
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def _session(*days):
    session = Session.objects.create(title="Sessie", organiser_name="Programma")
    for day in days:
        SessionDay.objects.create(session=session, date=day, start_time="09:00", end_time="12:00")
    return session


def test_a_session_counts_from_its_last_day_not_its_first():
    spanning = _session(dt.date(2024, 6, 1), dt.date(2024, 6, 15))  # last day exactly 24 months ago
    request = SignupRequest.objects.create(session=spanning, name="Piet", email="piet@example.org")

    assert retention_apply(today=TODAY)["sessions.signup_requests"] == 0
    assert retention_apply(today=TODAY + dt.timedelta(days=1))["sessions.signup_requests"] == 1
    request.refresh_from_db()
    assert request.name == ANONYMISED


def test_a_session_without_days_is_never_due():
    SignupRequest.objects.create(session=_session(), name="Piet", email="piet@example.org")
    assert retention_apply(today=TODAY)["sessions.signup_requests"] == 0


def test_approved_request_keeps_its_register_contact_and_the_answers_survive():
    old = _session(dt.date(2020, 1, 6))
    contact = ContactFactory(name="Anna de Vries", email="anna@example.org", phone="0612345678")
    request = SignupRequest.objects.create(
        session=old,
        name="Anna de Vries",
        email="anna@example.org",
        contact=contact,
        status=SignupRequest.Status.APPROVED,
    )
    Invitation.objects.create(
        session=old, contact=contact, invited_by=UserFactory(), answer=Invitation.Answer.ACCEPTED, attended=True
    )

    retention_apply(today=TODAY)

    request.refresh_from_db()
    contact = Contact.objects.get(pk=contact.pk)
    assert request.contact == contact and request.status == SignupRequest.Status.APPROVED
    assert (contact.name, contact.email, contact.phone) == ("Anna de Vries", "anna@example.org", "0612345678")
    invitation = Invitation.objects.get(session=old)
    assert (invitation.answer, invitation.attended, invitation.invited_by) == (Invitation.Answer.ACCEPTED, True, None)
