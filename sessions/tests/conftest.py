import datetime as dt

import pytest
from django.utils import timezone

from sessions.models import Invitation, Session
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.factories import ContactFactory, municipality


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def planned(reference_data, drenthe, today):
    """A Drenthe sprint session for Assen and Midden-Drenthe on two days, a month from now."""
    session = SessionFactory(
        organiser_province=drenthe,
        municipalities=[municipality("GM0106"), municipality("GM1731")],
        title="Sprintsessie Assen en Midden-Drenthe",
    )
    SessionDayFactory(session=session, date=today + dt.timedelta(days=30))
    SessionDayFactory(session=session, date=today + dt.timedelta(days=31))
    return session


def dated(session: Session, first: dt.date) -> Session:
    """Move the session's days to consecutive dates from FIRST on (their order kept)."""
    for offset, day in enumerate(session.days.order_by("date")):
        day.date = first + dt.timedelta(days=offset)
        day.save()
    return session


def invite_sent(session: Session, n: int = 1, answer=Invitation.Answer.PENDING) -> list[Invitation]:
    """Invitations whose invitation email is already queued (so later notices apply to them)."""
    from sessions.services.sending import invitations_queue_emails

    invitations = [
        InvitationFactory(session=session, contact=ContactFactory(), answer=answer, send_requested_at=timezone.now())
        for _ in range(n)
    ]
    invitations_queue_emails(session_id=session.pk)
    for invitation in invitations:
        invitation.refresh_from_db()
    return invitations
