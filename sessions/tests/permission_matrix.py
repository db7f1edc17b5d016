"""Who may use which sessions URL (walked by tests/test_permissions.py with every role).

The session of `_drenthe_session` is organised by Drenthe with Assen taking part: Drenthe staff
and programme staff may change it, Assen's officer may read it, Noord-Holland staff may not see
it. `_nh_session_with_assen` is organised by Noord-Holland with Assen taking part, so Drenthe
staff see and change it too (one of their municipalities takes part).
"""

from sessions.tests.matrix_invitees import CASES as INVITEES
from tests.permissions import ALL_ROLES, LOGGED_IN, Case, Partial

PLANNERS = frozenset({"programme_admin", "adviser", "staff_drenthe", "staff_nh"})
READERS = PLANNERS | {"officer_assen", "officer_zaanstad"}
CHANGE = frozenset({"programme_admin", "adviser", "staff_drenthe"})
VIEW = CHANGE | {"officer_assen"}
CROSS_CHANGE = CHANGE | {"staff_nh"}
CROSS_VIEW = CROSS_CHANGE | {"officer_assen"}
NH_ONLY = frozenset({"programme_admin", "adviser", "staff_nh"})
NH_ONLY_VIEW = NH_ONLY | {"officer_zaanstad"}
NOBODY = frozenset()


def _session(world, **kwargs):
    from sessions.models import SessionMunicipality
    from sessions.tests.factories import SessionDayFactory, SessionFactory, WorkshopFactory

    session = SessionFactory(organiser_province=kwargs.pop("province", world.drenthe), **kwargs)
    SessionMunicipality.objects.create(session=session, municipality=world.assen)
    SessionDayFactory(session=session)
    WorkshopFactory(session=session)
    return session


def _drenthe_session(world):
    return {"pk": _session(world).pk}


def _started_session(world):
    """Attendance can be recorded from the first day on: a session that began yesterday."""
    import datetime as dt

    from django.utils import timezone

    session = _session(world)
    session.days.update(date=timezone.localdate() - dt.timedelta(days=1))
    return {"pk": session.pk}


def _nh_session_with_assen(world):
    return {"pk": _session(world, province=world.noord_holland).pk}


def _invitation_only(world):
    return {"pk": _session(world, invitation_only=True).pk}


def _programme_item(world):
    from sessions.models import ProgrammeItem

    session = _session(world)
    return {"pk": session.pk, "item_pk": ProgrammeItem.objects.create(session=session, title="Opening").pk}


def _nh_programme_item(world):
    from sessions.models import ProgrammeItem

    session = _session(world, province=world.noord_holland)
    return {"pk": session.pk, "item_pk": ProgrammeItem.objects.create(session=session, title="Opening").pk}


def _workshop(world):
    session = _session(world)
    return {"pk": session.pk, "workshop_pk": session.workshops.get().pk}


def _signup(world):
    from sessions.models import SignupRequest
    from tests.factories import ContactFactory

    session = _session(world, invitation_only=True)
    signup = SignupRequest.objects.create(session=session, contact=ContactFactory(organisation=None))
    return {"pk": session.pk, "request_pk": signup.pk}


def _answer(world):
    from sessions.services.answers import answer_token
    from sessions.tests.factories import InvitationFactory

    return {"token": answer_token(InvitationFactory(session=_session(world)))}


def _feed(world):
    from accounts.services import calendar_token_rotate

    return {"token": calendar_token_rotate(user=world.users["staff_drenthe"])}


def _nh_only_session(world):
    """Organised by Noord-Holland for Zaanstad only: nothing of Drenthe's or Assen's."""
    from sessions.models import SessionMunicipality
    from sessions.tests.factories import SessionDayFactory, SessionFactory

    session = SessionFactory(organiser_province=world.noord_holland)
    SessionMunicipality.objects.create(session=session, municipality=world.zaanstad)
    SessionDayFactory(session=session)
    return session


def _nh_only(world):
    return {"pk": _nh_only_session(world).pk}


def _foreign_item(world):
    """A programme item of another session, addressed through a Drenthe session's URL."""
    from sessions.models import ProgrammeItem

    item = ProgrammeItem.objects.create(session=_nh_only_session(world), title="Van een andere sessie")
    return {"pk": _session(world).pk, "item_pk": item.pk}


def _foreign_workshop(world):
    from sessions.tests.factories import WorkshopFactory

    return {"pk": _session(world).pk, "workshop_pk": WorkshopFactory(session=_nh_only_session(world)).pk}


def _foreign_signup(world):
    from sessions.models import SignupRequest
    from tests.factories import ContactFactory

    other = _nh_only_session(world)
    signup = SignupRequest.objects.create(session=other, contact=ContactFactory(organisation=None))
    return {"pk": _session(world, invitation_only=True).pk, "request_pk": signup.pk}


def _assen_contact(world) -> int:
    """A contact of an organisation working in Assen: one the invite page's picker offers."""
    from tests.factories import ContactFactory, OrganisationFactory

    return ContactFactory(organisation=OrganisationFactory(municipalities=[world.assen])).pk


def _export(fmt):
    return lambda world: {**_drenthe_session(world), "fmt": fmt}


CASES = [
    Case(
        "sessions:board",
        PLANNERS,
        partials=(
            Partial(query="deel=calendar"),
            Partial(target="board"),
            Partial(query="periode=gehouden&pagina=2", target="board"),
        ),
    ),
    Case("sessions:list", READERS, partials=(Partial(target="session-results"),)),
    Case("sessions:create", PLANNERS),
    Case("sessions:create", PLANNERS, method="post", data=lambda w: {"title": ""}, label="sessions:create:post"),
    Case("sessions:municipality_plan", CHANGE, kwargs=lambda w: {"cbs_code": "GM0106"}),
    Case(
        "sessions:municipality_plan",
        CHANGE,
        kwargs=lambda w: {"cbs_code": "GM0106"},
        method="post",
        data=lambda w: {"note": "Eigen traject", "own_trajectory": "on"},
        label="sessions:municipality_plan:post",
    ),
    # The invitations partial shows invitees: only to those who may change the session, also when
    # asked for through the old `?deel=` on the page's URL.
    # The table's filters and page links swap it in place (HX-Target "invitations" on the page's
    # URL), and the sending poll asks for the rows that moved: invitees too, so CHANGE only.
    Case(
        "sessions:detail",
        VIEW,
        kwargs=_drenthe_session,
        partials=(
            Partial("deel=invitations", allowed=CHANGE),
            Partial(target="invitations", allowed=CHANGE),
            Partial("antwoord=accepted&bezorging=sent&soort=other&q=jan&pagina=2", "invitations", allowed=CHANGE),
        ),
    ),
    Case(
        "sessions:invitations",
        CHANGE,
        kwargs=_drenthe_session,
        partials=(Partial("antwoord=pending&pagina=1"), Partial("sinds=2026-01-01T00:00:00%2B00:00&rijen=1,2")),
    ),
    Case("sessions:detail", NH_ONLY_VIEW, kwargs=_nh_only, label="sessions:detail:other-province"),
    Case("sessions:invitations", NH_ONLY, kwargs=_nh_only, label="sessions:invitations:other-province"),
    Case("sessions:edit", NH_ONLY, kwargs=_nh_only, label="sessions:edit:other-province"),
    Case("sessions:programme_delete", NOBODY, kwargs=_foreign_item, method="post", label="programme_delete:foreign"),
    Case("sessions:workshop_delete", NOBODY, kwargs=_foreign_workshop, method="post", label="workshop_delete:foreign"),
    Case(
        "sessions:signup_decide",
        NOBODY,
        kwargs=_foreign_signup,
        method="post",
        data=lambda w: {"besluit": "goedkeuren"},
        label="signup_decide:foreign",
    ),
    Case("sessions:detail", CROSS_VIEW, kwargs=_nh_session_with_assen, label="sessions:detail:cross-province"),
    Case("sessions:edit", CHANGE, kwargs=_drenthe_session),
    Case("sessions:history", CHANGE, kwargs=_drenthe_session),
    Case("sessions:history", NH_ONLY, kwargs=_nh_only, label="sessions:history:other-province"),
    Case("sessions:edit", CROSS_CHANGE, kwargs=_nh_session_with_assen, label="sessions:edit:cross-province"),
    Case("sessions:edit", CHANGE, kwargs=_drenthe_session, method="post", label="sessions:edit:post"),
    Case("sessions:cancel", CHANGE, kwargs=_drenthe_session, label="sessions:cancel:confirm"),
    Case("sessions:cancel", CHANGE, kwargs=_drenthe_session, method="post"),
    Case("sessions:seats", CHANGE, kwargs=_drenthe_session),
    Case("sessions:seats", CHANGE, kwargs=_drenthe_session, method="post", label="sessions:seats:post"),
    Case(
        "sessions:programme_add",
        CHANGE,
        kwargs=_drenthe_session,
        method="post",
        data=lambda w: {"programme-title": "Lunch", "programme-format": "plenary"},
    ),
    Case("sessions:programme_delete", CHANGE, kwargs=_programme_item, method="post"),
    Case("sessions:programme_edit", CHANGE, kwargs=_programme_item),
    Case(
        "sessions:programme_edit",
        CHANGE,
        kwargs=_programme_item,
        method="post",
        data=lambda w: {"title": "Opening en welkom", "format": "plenary"},
        label="sessions:programme_edit:post",
    ),
    Case("sessions:programme_edit", CROSS_CHANGE, kwargs=_nh_programme_item, label="programme_edit:cross-province"),
    Case("sessions:programme_edit", NOBODY, kwargs=_foreign_item, label="programme_edit:foreign"),
    # The move buttons post a plain form; htmx (walked as well) gets the programme back in place.
    Case(
        "sessions:programme_move",
        CHANGE,
        kwargs=_programme_item,
        method="post",
        data=lambda w: {"richting": "omlaag"},
        partials=(Partial(target="programme"),),
    ),
    Case("sessions:programme_move", NOBODY, kwargs=_foreign_item, method="post", label="programme_move:foreign"),
    Case(
        "sessions:workshop_add",
        CHANGE,
        kwargs=_drenthe_session,
        method="post",
        data=lambda w: {"workshop-title": "Warmtenet", "workshop-capacity": "12"},
    ),
    Case("sessions:workshop_delete", CHANGE, kwargs=_workshop, method="post"),
    Case("sessions:workshop_edit", CHANGE, kwargs=_workshop),
    Case(
        "sessions:workshop_edit",
        CHANGE,
        kwargs=_workshop,
        method="post",
        data=lambda w: {"title": "Warmtenet", "capacity": "12", "room": "Zaal 2"},
        label="sessions:workshop_edit:post",
    ),
    Case("sessions:workshop_edit", NOBODY, kwargs=_foreign_workshop, label="workshop_edit:foreign"),
    Case(
        "sessions:invite",
        CHANGE,
        kwargs=_drenthe_session,
        partials=(Partial("soort=housing_corporation"), Partial("q=jan&pagina=2")),
    ),
    # The contact picker posts to move between pages and searches (keeping who is chosen) and to invite.
    Case(
        "sessions:invite",
        CHANGE,
        kwargs=_drenthe_session,
        method="post",
        data=lambda w: {"q": "jan", "pagina": "2", "contacts": ["1"]},
        label="sessions:invite:post-page",
    ),
    Case(
        "sessions:invite",
        CHANGE,
        kwargs=_drenthe_session,
        method="post",
        data=lambda w: {"actie": "uitnodigen", "contacts": [str(_assen_contact(w))]},
        label="sessions:invite:post-chosen",
    ),
    Case(
        "sessions:invite",
        CHANGE,
        kwargs=_drenthe_session,
        method="post",
        data=lambda w: {"lines": "Jan Jansen <jan@example.org>"},
        label="sessions:invite:post",
    ),
    Case("sessions:invitations_send", CHANGE, kwargs=_drenthe_session, method="post"),
    Case("sessions:signup_decide", CHANGE, kwargs=_signup, method="post", data=lambda w: {"besluit": "goedkeuren"}),
    # Public: anyone may ask for a sign-up link to an invitation-only session (POST is rate-limited).
    Case("sessions:signup_request", ALL_ROLES, kwargs=_invitation_only),
    Case("sessions:export", CHANGE, kwargs=_export("csv"), label="sessions:export:csv"),
    Case("sessions:export", CHANGE, kwargs=_export("xlsx"), label="sessions:export:xlsx"),
    Case("sessions:presence", CHANGE, kwargs=_drenthe_session),
    Case("sessions:attendance", CHANGE, kwargs=_started_session),
    Case("sessions:attendance", CHANGE, kwargs=_started_session, method="post", label="sessions:attendance:post"),
    # Public by design: the signed token or the secret feed token is the credential.
    Case("sessions:answer", ALL_ROLES, kwargs=_answer),
    Case("sessions:feed", ALL_ROLES, kwargs=_feed),
    Case("sessions:calendar_rotate", LOGGED_IN, method="post"),
    *INVITEES,
]
