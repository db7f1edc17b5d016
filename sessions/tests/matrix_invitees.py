"""The sessions URLs of what invitees and organisers do around the day (issue 12): the invitee's
calendar file and hand-over, check-in, the evaluation, messages to a group, copying a session and
one invitee's resend or removal. Sessions are made as in permission_matrix.py (Drenthe organises,
Assen takes part)."""

from tests.permissions import ALL_ROLES, Case, Partial

CHANGE = frozenset({"programme_admin", "adviser", "staff_drenthe"})


def _session(world, **kwargs):
    from sessions.models import SessionMunicipality
    from sessions.tests.factories import SessionDayFactory, SessionFactory, WorkshopFactory

    session = SessionFactory(organiser_province=world.drenthe, **kwargs)
    SessionMunicipality.objects.create(session=session, municipality=world.assen)
    SessionDayFactory(session=session)
    WorkshopFactory(session=session)
    return session


def _drenthe_session(world):
    return {"pk": _session(world).pk}


def _answer(world):
    from sessions.services.answers import answer_token
    from sessions.tests.factories import InvitationFactory

    return {"token": answer_token(InvitationFactory(session=_session(world)))}


def _checked_in(world):
    """Someone who comes today, to be ticked in."""
    from django.utils import timezone

    from sessions.models import Invitation, InvitationDay
    from sessions.tests.factories import InvitationFactory

    session = _session(world)
    session.days.update(date=timezone.localdate())
    invitation = InvitationFactory(session=session, answer=Invitation.Answer.ACCEPTED)
    row = InvitationDay.objects.create(invitation=invitation, day=session.days.get())
    return {"pk": session.pk, "attendance_pk": row.pk}


def _checkin_code(world):
    from sessions.checkin_codes import checkin_token
    from sessions.models import InvitationDay

    row = InvitationDay.objects.get(pk=_checked_in(world)["attendance_pk"])
    return {"token": checkin_token(row.invitation)}


def _evaluation(world):
    from sessions.models import Invitation
    from sessions.services.evaluations import evaluation_token
    from sessions.tests.factories import InvitationFactory

    invitation = InvitationFactory(session=_session(world), answer=Invitation.Answer.ACCEPTED, attended=True)
    return {"token": evaluation_token(invitation)}


def _sent_invitation(world):
    from django.utils import timezone

    from heatportal.mail.models import Email
    from sessions.tests.factories import InvitationFactory

    session = _session(world)
    email = Email.objects.create(key=f"matrix:{session.pk}", to_email="x@example.org", subject="x", body_text="x")
    invitation = InvitationFactory(session=session, email=email, send_requested_at=timezone.now())
    return {"pk": session.pk, "invitation_pk": invitation.pk}


CASES = [
    Case(
        "sessions:checkin",
        CHANGE,
        kwargs=lambda w: {"pk": _checked_in(w)["pk"]},
        partials=(Partial(query="q=a", target="checkin-list"),),
    ),
    Case(
        "sessions:checkin_toggle",
        CHANGE,
        kwargs=_checked_in,
        method="post",
        data=lambda w: {"present": "1"},
        label="sessions:checkin_toggle:post",
    ),
    Case(
        "sessions:checkin_walk_in",
        CHANGE,
        kwargs=lambda w: {"pk": _checked_in(w)["pk"]},
        method="post",
        data=lambda w: {"nieuw-name": "Bij de Deur", "nieuw-email": "deur@example.org"},
    ),
    Case("sessions:checkin_code", CHANGE, kwargs=_checkin_code),
    Case("sessions:session_copy", CHANGE, kwargs=_drenthe_session, method="post"),
    Case("sessions:message", CHANGE, kwargs=_drenthe_session),
    Case(
        "sessions:message",
        CHANGE,
        kwargs=_drenthe_session,
        method="post",
        data=lambda w: {"actie": "voorbeeld", "audience": "all", "subject": "Hallo", "body": "Tekst"},
        label="sessions:message:post",
    ),
    Case("sessions:invitation_resend", CHANGE, kwargs=_sent_invitation, method="post"),
    Case("sessions:invitation_remove", CHANGE, kwargs=_sent_invitation),
    Case(
        "sessions:invitation_remove",
        CHANGE,
        kwargs=_sent_invitation,
        method="post",
        label="sessions:invitation_remove:post",
    ),
    Case("sessions:evaluation_results", CHANGE, kwargs=_drenthe_session),
    Case(
        "sessions:evaluation_results",
        CHANGE,
        kwargs=_drenthe_session,
        method="post",
        data=lambda w: {"questions": "Wat neemt u mee?"},
        label="sessions:evaluation_results:post",
    ),
    Case("sessions:evaluation_export", CHANGE, kwargs=lambda w: {**_drenthe_session(w), "fmt": "csv"}),
    Case("sessions:evaluation", ALL_ROLES, kwargs=_evaluation),
    Case("sessions:answer_calendar", ALL_ROLES, kwargs=_answer),
    Case(
        "sessions:answer_substitute",
        ALL_ROLES,
        kwargs=_answer,
        method="post",
        data=lambda w: {"collega-name": "Sanne de Vries", "collega-email": "s.devries@example.org"},
    ),
]
