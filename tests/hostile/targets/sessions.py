"""Hostile-input targets: the forms of the sessions app."""

import datetime as dt

from django.utils import timezone

from tests.hostile.targets.base import Target, contacts, emails, future


def _session_objects(world):
    from sessions.models import SessionMunicipality
    from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory, WorkshopFactory

    session = SessionFactory(organiser_province=world.drenthe, invitation_only=True)
    SessionMunicipality.objects.create(session=session, municipality=world.assen)
    day = SessionDayFactory(session=session)
    workshop = WorkshopFactory(session=session)
    invitation = InvitationFactory(session=session)
    return {"session": session, "day": day, "workshop": workshop, "invitation": invitation}


def _assen_contact(world):
    from tests.factories import ContactFactory, OrganisationFactory

    return ContactFactory(organisation=OrganisationFactory(municipalities=[world.assen]))


def _session_rows(world, o):
    from sessions.models import (
        Invitation,
        ProgrammeItem,
        Session,
        SessionDay,
        SessionMunicipality,
        SignupRequest,
        Workshop,
        WorkshopPreference,
    )

    return [
        Session.objects.all(),
        SessionMunicipality.objects.all(),
        SessionDay.objects.all(),
        Workshop.objects.all(),
        ProgrammeItem.objects.all(),
        Invitation.objects.all(),
        SignupRequest.objects.all(),
        WorkshopPreference.objects.all(),
        contacts(),
        emails(),
    ]


def _session_data(world, o, *, existing=False):
    data = {
        "kind": "sprint",
        "title": "Sessie",
        "description": "Over de wijkaanpak",
        "organiser_province": str(world.drenthe.pk),
        "organiser_name": "",
        "municipalities": [str(world.assen.pk)],
        "reminder_days_text": "7, 1",
        "answer_deadline": "",
        "follow_up": "",
        "confirm": "on",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "1" if existing else "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-date": future(),
        "days-0-start_time": "09:00",
        "days-0-end_time": "17:00",
        "days-0-venue": "Provinciehuis",
        "days-0-address": "Westerbrink 1",
        "days-0-online_url": "",
    }
    if existing:
        data["days-0-id"] = str(o["day"].pk)
        data["days-0-session"] = str(o["session"].pk)
    return data


SESSION_FIELDS = [
    "kind",
    "title",
    "description",
    "organiser_province",
    "organiser_name",
    "municipalities",
    "other_municipalities",
    "reminder_days_text",
    "answer_deadline",
    "follow_up",
    "days-TOTAL_FORMS",
    "days-INITIAL_FORMS",
    "days-0-id",
    "days-0-date",
    "days-0-start_time",
    "days-0-end_time",
    "days-0-venue",
    "days-0-address",
    "days-0-online_url",
    "days-0-DELETE",
]


def _signup(world):
    from sessions.models import SignupRequest
    from sessions.tests.factories import SessionFactory
    from tests.factories import ContactFactory

    session = SessionFactory(organiser_province=world.drenthe, invitation_only=True)
    return SignupRequest.objects.create(session=session, contact=ContactFactory(organisation=None))


def _answer_token(invitation):
    from sessions.services.answers import answer_token

    return answer_token(invitation)


def _evaluation_token(invitation):
    from sessions.services.evaluations import evaluation_token

    return evaluation_token(invitation)


def _present(objects):
    """The invitee was there: the evaluation is theirs to fill in."""
    objects["invitation"].answer, objects["invitation"].attended = "accepted", True
    objects["invitation"].save(update_fields=["answer", "attended"])
    return objects


def _started(objects):
    objects["session"].days.update(date=timezone.localdate() - dt.timedelta(days=1))
    return objects


S = _session_objects
TARGETS = [
    Target(
        "sessions:create",
        "staff_drenthe",
        lambda w, o: {},
        _session_data,
        SESSION_FIELDS,
        _session_rows,
        S,
        query="?provincie=PV22",
    ),
    Target(
        "sessions:edit",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: _session_data(w, o, existing=True),
        SESSION_FIELDS,
        _session_rows,
        S,
    ),
    Target(
        "sessions:municipality_plan",
        "staff_drenthe",
        lambda w, o: {"cbs_code": "GM0106"},
        lambda w, o: {"own_trajectory": "on", "note": "Eigen traject"},
        ["own_trajectory", "note"],
        lambda w, o: [__import__("sessions.models").models.MunicipalityPlan.objects.all()],
    ),
    Target(
        "sessions:seats",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {f"m{w.assen.pk}": ["housing_corporation"]},
        ["m{assen}", "m0"],
        _session_rows,
        S,
    ),
    Target(
        "sessions:programme_add",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {
            "programme-start_time": "10:00",
            "programme-title": "Opening",
            "programme-speaker": "Els",
            "programme-format": "plenary",
        },
        ["programme-day", "programme-start_time", "programme-title", "programme-speaker", "programme-format"],
        _session_rows,
        S,
    ),
    Target(
        "sessions:workshop_add",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {"workshop-title": "Warmtenet", "workshop-capacity": "12", "workshop-description": "Over"},
        [
            "workshop-title",
            "workshop-capacity",
            "workshop-description",
            "workshop-day",
            "workshop-start_time",
            "workshop-end_time",
            "workshop-room",
        ],
        _session_rows,
        S,
    ),
    Target(
        "sessions:invite",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {"lines": "Jan Jansen <jan@example.org>\nPiet <piet@example.org>"},
        ["lines", "contacts", "soort"],
        _session_rows,
        S,
    ),
    # The contact picker: searching, moving between pages and inviting who is chosen.
    Target(
        "sessions:invite",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {"actie": "uitnodigen", "contacts": [str(o["contact"].pk)], "q": "", "pagina": "1"},
        ["actie", "contacts", "q", "soort", "pagina"],
        _session_rows,
        lambda w: {**S(w), "contact": _assen_contact(w)},
    ),
    Target(
        "sessions:signup_request",
        "anonymous",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {
            "name": "Jan Jansen",
            "email": "jan@example.org",
            "organisation": "Woonstad",
            "motivation": "Graag",
        },
        ["name", "email", "organisation", "motivation"],
        _session_rows,
        S,
    ),
    Target(
        "sessions:signup_decide",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk, "request_pk": o["signup"].pk},
        lambda w, o: {"besluit": "afwijzen"},
        ["besluit"],
        _session_rows,
        lambda w: {**S(w), "signup": _signup(w)},
    ),
    Target(
        "sessions:answer",
        "anonymous",
        lambda w, o: {"token": _answer_token(o["invitation"])},
        lambda w, o: {"answer": "accept", "choice_1": str(o["workshop"].pk)},
        ["answer", "choice_1", "choice_2", "days"],
        _session_rows,
        S,
    ),
    Target(
        "sessions:checkin_walk_in",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {"dag": str(o["day"].pk), "nieuw-name": "Bij de Deur", "nieuw-email": "deur@example.org"},
        ["dag", "nieuw-name", "nieuw-email", "nieuw-organisation"],
        _session_rows,
        lambda w: _started(S(w)),
    ),
    Target(
        "sessions:evaluation",
        "anonymous",
        lambda w, o: {"token": _evaluation_token(o["invitation"])},
        lambda w, o: {"rating": "4", "answer_0": "Nuttig", "answer_1": "", "answer_2": ""},
        ["rating", "answer_0", "answer_1", "answer_2"],
        _session_rows,
        lambda w: _present(S(w)),
    ),
    Target(
        "sessions:evaluation_results",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {"questions": "Wat neemt u mee?"},
        ["questions"],
        _session_rows,
        S,
    ),
    Target(
        "sessions:message",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {"actie": "versturen", "audience": "all", "subject": "Hallo", "body": "Tekst"},
        ["actie", "audience", "types", "workshop", "subject", "body"],
        _session_rows,
        S,
    ),
    Target(
        "sessions:answer_substitute",
        "anonymous",
        lambda w, o: {"token": _answer_token(o["invitation"])},
        lambda w, o: {"collega-name": "Sanne de Vries", "collega-email": "s.devries@example.org"},
        ["collega-name", "collega-email"],
        _session_rows,
        S,
    ),
    Target(
        "sessions:attendance",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {"attended": [str(o["invitation"].pk)]},
        ["attended", "nobody"],
        _session_rows,
        lambda w: _started(S(w)),
    ),
    # The programme and workshops of a session, edited and moved (sessions/views/programme.py).
    Target(
        "sessions:programme_edit",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk, "item_pk": o["item"].pk},
        lambda w, o: {"day": str(o["day"].pk), "start_time": "10:00", "title": "Opening", "format": "plenary"},
        ["day", "start_time", "title", "speaker", "format"],
        _session_rows,
        lambda w: _with_item(S(w)),
    ),
    Target(
        "sessions:programme_move",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk, "item_pk": o["item"].pk},
        lambda w, o: {"richting": "omlaag"},
        ["richting"],
        _session_rows,
        lambda w: _with_item(S(w)),
    ),
    Target(
        "sessions:workshop_edit",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk, "workshop_pk": o["workshop"].pk},
        lambda w, o: {
            "title": "Warmtenet",
            "capacity": "12",
            "day": str(o["day"].pk),
            "start_time": "10:00",
            "end_time": "11:00",
            "room": "Zaal 2",
            "description": "Over",
        },
        ["title", "capacity", "day", "start_time", "end_time", "room", "description"],
        _session_rows,
        S,
    ),
]


def _with_item(objects: dict) -> dict:
    from sessions.services.programme import programme_item_add

    session = objects["session"]
    programme_item_add(session=session, title="Opening")
    objects["item"] = programme_item_add(session=session, title="Lunch")
    return objects
