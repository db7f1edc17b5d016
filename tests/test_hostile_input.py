"""Property-based hostile input (issue 8): no 5xx anywhere, and a refused form changes nothing.

- Every GET URL of the permission matrix (so a new URL is covered automatically) gets generated
  query parameters: every parameter name any view reads (found in the source), unknown names,
  and hostile values, with and without htmx headers; and hostile values in its path segments.
- Every form of the portal gets generated posts as a role that may use it: hostile text (control
  characters, NUL, CR/LF, very long, any Unicode, formulas), numbers and dates (year 1, 9999).
  When the answer refuses the post (an error at a field, or a 4xx), the rows the form could
  write are exactly as before; when it accepts, what was stored holds no control characters.
- A POST URL of the matrix without a form target below (or an explicit "no input") fails
  `test_every_post_url_has_a_hostile_form_target`, and a form class outside the portal's form
  ground fails `test_every_form_uses_the_portal_form_ground`.

Bounded with HOSTILE_EXAMPLES (default 12 per URL or form; raise it for a deeper run).
"""

import datetime as dt
import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django import forms
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heatportal.forms import PortalFormMixin
from tests.test_permissions import all_cases

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "12"))
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
# GET pages are many (every URL of the matrix) and each example is one request: fewer per URL.
HYPOTHESIS_GET = settings(HYPOTHESIS, max_examples=max(3, EXAMPLES * 2 // 3))
ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "heatportal", "labs", "municipalities", "progress", "sessions"]
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# --- Strategies ---------------------------------------------------------------------------
control_chars = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from("\u2028\u2029\ufeff\u202e\u200b\ufffe\uffff"),
)
nasty_strings = st.sampled_from(
    [
        "Jan\r\nBcc: iedereen@example.org",
        '=HYPERLINK("http://example.org","x")',
        "+31 6 1234",
        "@SUM(A1)",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%00",
        "%",
        "../../etc/passwd",
        "\x00",
        "١٢٣",
        "𝟙𝟚𝟛",
        "Ǆ\u0301\u0301\u0301",
        "\t",
        " ",
        "-",
        "--",
        "-naam",
        "--naam",
        "x" * 10_000,
    ]
)
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.one_of(control_chars, st.characters(codec="utf-8")), max_size=40),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=4), st.integers(100, 1500)),
    nasty_strings,
)
hostile_number = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(str),
    st.sampled_from(["0", "-1", "1e9", "NaN", "inf", "0x10", " 7 ", "٣", "2147483648", "9" * 40]),
)
hostile_date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "0000-00-00",
            "2026-02-30",
            "0001-01-01T00:00",
            "9999-12-31T23:59",
            "1999-12-31",
            "2101-01-01",
            "2100-12-31",
            "2000-01-01",
            "31-12-2026",
            "25:61",
            "9999-12",
            "0000-13",
        ]
    ),
)
hostile_value = st.one_of(hostile_text, hostile_number, hostile_date)
hostile_values = st.one_of(hostile_value, st.lists(hostile_value, min_size=2, max_size=3))


def _client(user) -> Client:
    cache.clear()  # rate limits: each example is a first try
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _role_for(case) -> str:
    for role in ("programme_admin", "staff_drenthe", "staff_nh", "officer_zaanstad", "officer_assen", "anonymous"):
        if role in case.allowed:
            return role
    # A case nobody may use (an object of another municipality): refused, but never a 500.
    return sorted(case.allowed)[0] if case.allowed else "programme_admin"


# --- Query parameters of every GET view ------------------------------------------------------
def _query_parameter_names() -> list[str]:
    """Every name a view module reads with .get("name") / .getlist / GET["name"] (grepped from
    the source, so a new parameter is covered; POST names come along, which does no harm)."""
    pattern = re.compile(r"""(?:\.get|\.getlist|\.GET)[\(\[]\s*["']([\w-]+)["']""")
    names = {"page", "next", "deel"}
    for app in APPS:
        for path in [*(ROOT / app).rglob("*views.py"), *(ROOT / app).glob("views/*.py")]:
            if "tests" not in path.parts and "migrations" not in path.parts:
                names.update(pattern.findall(path.read_text()))
    return sorted(names)


PARAMETERS = _query_parameter_names()
GET_CASES = [case for case in all_cases() if case.method == "get"]
HTMX_TARGETS = ["board", "progress-results", "results", "board-calendar", "", "x" * 300]


def test_the_parameter_list_found_the_known_parameters():
    assert {"maand", "workshop", "sorteer", "visie", "provincie", "status", "q", "page"} <= set(PARAMETERS)


@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.id)
def test_no_query_string_gives_a_server_error(case, world):
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    user = world.users[_role_for(case)]

    @HYPOTHESIS_GET
    @given(
        params=st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), hostile_text), hostile_values, max_size=4),
        htmx=st.one_of(st.none(), st.sampled_from(HTMX_TARGETS)),
    )
    def check(params, htmx):
        headers = {"HX-Request": "true", "HX-Target": htmx} if htmx is not None else {}
        response = _client(user).get(url, params, headers=headers)
        assert response.status_code < 500, (url, params, htmx)

    check()


def _str_kwargs(case, world) -> dict:
    return {k: v for k, v in case.kwargs(world).items() if isinstance(v, str)}


PATH_CASES = [case for case in GET_CASES if case.url_name != "healthz"]


@pytest.mark.parametrize("case", PATH_CASES, ids=lambda c: c.id)
def test_no_path_segment_gives_a_server_error(case, world):
    kwargs = case.kwargs(world)
    names = [k for k, v in kwargs.items() if isinstance(v, str)]
    if not names:
        pytest.skip("no text in this URL's path")
    placeholder = "PLACEHOLDERxyz"
    user = world.users[_role_for(case)]

    @HYPOTHESIS_GET
    @given(name=st.sampled_from(names), value=hostile_text.filter(bool))
    def check(name, value):
        url = reverse(case.url_name, kwargs={**kwargs, name: placeholder})
        url = url.replace(placeholder, quote(value.encode("utf-8", "surrogatepass"), safe=""))
        response = _client(user).get(url)
        assert response.status_code < 500, url

    check()


# --- Every form ----------------------------------------------------------------------------
@dataclass
class Target:
    """One form as a role posts it: base data that would be accepted, the fields to make
    hostile, and the rows (querysets) the form may write."""

    url_name: str
    role: str
    kwargs: callable
    base: callable  # (world, objects) -> data
    fields: list[str]
    rows: callable  # (world, objects) -> [queryset]
    objects: callable = field(default=lambda world: {})  # world -> dict of objects the target needs
    query: str = ""


def _future(days=60) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day.isoformat()


def _session_objects(world):
    from sessions.models import SessionMunicipality
    from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory, WorkshopFactory

    session = SessionFactory(organiser_province=world.drenthe, invitation_only=True)
    SessionMunicipality.objects.create(session=session, municipality=world.assen)
    day = SessionDayFactory(session=session)
    workshop = WorkshopFactory(session=session)
    invitation = InvitationFactory(session=session)
    return {"session": session, "day": day, "workshop": workshop, "invitation": invitation}


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
        _contacts(),
        _emails(),
    ]


def _contacts():
    from municipalities.models import Contact, Organisation

    return Contact.objects.all(), Organisation.objects.all()


def _emails():
    from heatportal.mail.models import Email

    return Email.objects.all()


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
        "days-0-date": _future(),
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


def _lab_objects(world):
    from labs.tests.factories import EnrolmentFactory, LabFactory, LabMeetingFactory

    lab = LabFactory(organiser_province=world.noord_holland)
    enrolment = EnrolmentFactory(lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"])
    return {"lab": lab, "enrolment": enrolment, "meeting": LabMeetingFactory(lab=lab)}


def _lab_rows(world, o):
    from labs.models import CaseUpdate, Enrolment, Lab, LabMeeting

    return [Lab.objects.all(), Enrolment.objects.all(), LabMeeting.objects.all(), CaseUpdate.objects.all(), _emails()]


LAB_BASE = {
    "title": "Leer Lab",
    "summary": "Samen leren",
    "description": "Meer",
    "organiser_province": "",
    "organiser_name": "Servicepunt",
    "min_participants": "2",
    "max_participants": "8",
    "duration_months": "6",
    "enrolment_deadline": _future(30),
    "start_date": _future(90),
    "on_shortfall": "cancel",
    "extension_days": "14",
    "offer_days": "7",
    "reminder_days": "7, 1",
}


def _progress_rows(world, o):
    from municipalities.models import Municipality
    from progress.models import Initiative, Neighbourhood, Progress, ProgressComment

    return [
        Progress.objects.all(),
        Neighbourhood.objects.all(),
        Initiative.objects.all(),
        ProgressComment.objects.all(),
        Municipality.objects.filter(pk=world.assen.pk),
    ]


def _progress_objects(world):
    from progress.tests.factories import InitiativeFactory, NeighbourhoodFactory

    return {
        "neighbourhood": NeighbourhoodFactory(municipality=world.assen),
        "initiative": InitiativeFactory(municipality=world.assen),
    }


def _section(name):
    return lambda world, o: {"cbs_code": "GM0106", "section": name}


def _prefixed(prefix, data):
    return {f"{prefix}-{k}": v for k, v in data.items()}


WIJK = {"name": "Pittelo", "cbs_code": "WK010601", "dwellings": "1200", "period_start": "2026", "period_end": "2030"}
WIJK |= {"alternative": "heat_network", "insulation_first": "on", "wup_status": "none"}
INITIATIEF = {"name": "Warm Pittelo", "phase": "orientation", "heat_solution": "", "contact_name": "Els"}
INITIATIEF |= {"contact_email": "els@example.org", "collaboration": "", "collaboration_notes": "Met de gemeente"}


def _register_rows(world, o):
    from municipalities.models import Contact, Organisation

    return [Contact.objects.all(), Organisation.objects.all()]


def _register_objects(world):
    from tests.factories import ContactFactory

    contact = ContactFactory()
    return {"contact": contact, "organisation": contact.organisation}


def _account_rows(world, o):
    from accounts.models import User

    return [User.objects.all(), _emails()]


S, L, P = _session_objects, _lab_objects, _progress_objects
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
        ["programme-start_time", "programme-title", "programme-speaker", "programme-format"],
        _session_rows,
        S,
    ),
    Target(
        "sessions:workshop_add",
        "staff_drenthe",
        lambda w, o: {"pk": o["session"].pk},
        lambda w, o: {"workshop-title": "Warmtenet", "workshop-capacity": "12", "workshop-description": "Over"},
        ["workshop-title", "workshop-capacity", "workshop-description"],
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
        ["answer", "choice_1", "choice_2"],
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
    Target(
        "labs:create",
        "staff_nh",
        lambda w, o: {},
        lambda w, o: {**LAB_BASE, "organiser_province": str(w.noord_holland.pk)},
        [*LAB_BASE, "advisers", "eligible_provinces", "eligible_res_regions"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:edit",
        "staff_nh",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {**LAB_BASE, "organiser_province": str(w.noord_holland.pk)},
        [*LAB_BASE, "advisers", "eligible_provinces"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:enrol",
        "officer_assen",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {
            "case_title": "Wijkaanpak",
            "case_description": "Toelichting",
            "colleagues": "Anna\nBram",
            "share_contact": "on",
        },
        ["municipality", "case_title", "case_description", "colleagues", "share_contact"],
        _lab_rows,
        lambda w: {
            **L(w),
            "lab": __import__("labs.tests.factories").tests.factories.LabFactory(
                organiser_province=w.noord_holland, eligible_provinces=[]
            ),
        },
    ),
    Target(
        "labs:transition",
        "staff_nh",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {"action": "confirm"},
        ["action"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:meeting_create",
        "staff_nh",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {"topic": "Aftrap", "starts_at": _future() + "T13:30", "ends_at": "", "location": "Haarlem"},
        ["topic", "starts_at", "ends_at", "location"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:meeting_edit",
        "staff_nh",
        lambda w, o: {"pk": o["meeting"].pk},
        lambda w, o: {"topic": "Aftrap", "starts_at": _future() + "T13:30", "ends_at": "", "location": "Haarlem"},
        ["topic", "starts_at", "ends_at", "location"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:withdraw",
        "officer_zaanstad",
        lambda w, o: {"pk": o["enrolment"].pk},
        lambda w, o: {},
        ["next"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:offer_answer",
        "officer_zaanstad",
        lambda w, o: {"pk": o["enrolment"].pk},
        lambda w, o: {"answer": "decline"},
        ["answer"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:case_update",
        "officer_zaanstad",
        lambda w, o: {"pk": o["enrolment"].pk},
        lambda w, o: {"body": "Stap gezet"},
        ["body"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:offer_link",
        "anonymous",
        lambda w, o: {"token": _offer_token(o["enrolment"])},
        lambda w, o: {"answer": "decline"},
        ["answer"],
        _lab_rows,
        L,
    ),
    Target(
        "municipalities:organisation_create",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {
            "name": "Woonstad",
            "type": "housing_corporation",
            "website": "https://example.org",
            "municipalities": [str(w.assen.pk)],
        },
        ["name", "type", "website", "municipalities"],
        _register_rows,
        _register_objects,
    ),
    Target(
        "municipalities:organisation_edit",
        "programme_admin",
        lambda w, o: {"pk": o["organisation"].pk},
        lambda w, o: {"name": "Woonstad", "type": "housing_corporation", "website": "", "municipalities": []},
        ["name", "type", "website", "municipalities"],
        _register_rows,
        _register_objects,
    ),
    Target(
        "municipalities:contact_create",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {
            "name": "Els de Boer",
            "email": "els@example.org",
            "phone": "0612345678",
            "job_title": "Adviseur",
            "organisation": str(o["organisation"].pk),
        },
        ["name", "email", "phone", "job_title", "organisation"],
        _register_rows,
        _register_objects,
    ),
    Target(
        "municipalities:contact_edit",
        "programme_admin",
        lambda w, o: {"pk": o["contact"].pk},
        lambda w, o: {
            "name": "Els de Boer",
            "email": "els@example.org",
            "phone": "",
            "job_title": "",
            "organisation": "",
        },
        ["name", "email", "phone", "job_title", "organisation"],
        _register_rows,
        _register_objects,
    ),
    *[
        Target(
            "progress:progress_section",
            role,
            _section(section),
            (lambda d: lambda w, o: dict(d))(base),
            list(base) + extra,
            _progress_rows,
            P,
        )
        for role, section, base, extra in [
            (
                "officer_assen",
                "visie",
                _prefixed(
                    "visie",
                    {
                        "vision_status": "adopted",
                        "vision_adopted_on": "2024-03-01",
                        "vision_url": "https://example.org",
                    },
                ),
                [],
            ),
            (
                "officer_assen",
                "warmteprogramma",
                _prefixed(
                    "warmteprogramma",
                    {
                        "programme_status": "in_preparation",
                        "programme_adopted_on": "",
                        "programme_url": "",
                        "revision_due_on": "2030-01-01",
                    },
                ),
                [],
            ),
            ("officer_assen", "woningen", {"woningen-dwellings": "30000"}, []),
            ("officer_assen", "wijken", _prefixed("wijken", WIJK), []),
            ("officer_assen", "initiatieven", _prefixed("initiatieven", INITIATIEF), []),
            ("coordinator_drenthe", "aandacht", {"aandacht-flagged": "on", "aandacht-flag_reason": "Vertraging"}, []),
            ("officer_assen", "bestaat-niet", {"x": "y"}, []),
        ]
    ],
    Target(
        "progress:neighbourhood_edit",
        "officer_assen",
        lambda w, o: {"cbs_code": "GM0106", "pk": o["neighbourhood"].pk},
        lambda w, o: _prefixed("wijken", WIJK),
        list(_prefixed("wijken", WIJK)),
        _progress_rows,
        P,
    ),
    Target(
        "progress:initiative_edit",
        "officer_assen",
        lambda w, o: {"cbs_code": "GM0106", "pk": o["initiative"].pk},
        lambda w, o: _prefixed("initiatieven", INITIATIEF),
        list(_prefixed("initiatieven", INITIATIEF)),
        _progress_rows,
        P,
    ),
    Target(
        "progress:comment_create",
        "coordinator_drenthe",
        lambda w, o: {"cbs_code": "GM0106"},
        lambda w, o: {"opmerking-body": "Goed bezig"},
        ["opmerking-body"],
        _progress_rows,
        P,
    ),
    Target(
        "accounts:login",
        "anonymous",
        lambda w, o: {},
        lambda w, o: {"username": "assen@example.org", "password": "fout"},
        ["username", "password", "next"],
        _account_rows,
    ),
    Target(
        "accounts:password_reset",
        "anonymous",
        lambda w, o: {},
        lambda w, o: {"email": "assen@example.org"},
        ["email"],
        _account_rows,
    ),
    Target(
        "accounts:password_reset_confirm",
        "anonymous",
        lambda w, o: {"uidb64": "MQ", "token": "set-password"},
        lambda w, o: {"new_password1": "a", "new_password2": "a"},
        ["new_password1", "new_password2"],
        _account_rows,
    ),
    Target(
        "set_language",
        "officer_assen",
        lambda w, o: {},
        lambda w, o: {"language": "en", "next": "/"},
        ["language", "next"],
        _account_rows,
    ),
]
# POST URLs that read nothing from the body: no form to make hostile.
NO_INPUT = {
    "accounts:logout",
    "sessions:cancel",
    "sessions:programme_delete",
    "sessions:workshop_delete",
    "sessions:invitations_send",
    "sessions:calendar_rotate",
    "labs:meeting_delete",
    "municipalities:contact_erase",
    "progress:neighbourhood_delete",
    "progress:initiative_delete",
    "mail:retry",
}


def _signup(world):
    from sessions.models import SignupRequest
    from sessions.tests.factories import SessionFactory
    from tests.factories import ContactFactory

    session = SessionFactory(organiser_province=world.drenthe, invitation_only=True)
    return SignupRequest.objects.create(session=session, contact=ContactFactory(organisation=None))


def _answer_token(invitation):
    from sessions.services.answers import answer_token

    return answer_token(invitation)


def _offer_token(enrolment):
    from labs.services.offers import offer_token

    enrolment.status = "offered"
    enrolment.offer_expires_at = timezone.now() + dt.timedelta(days=5)
    enrolment.save()
    return offer_token(enrolment)


def _started(objects):
    objects["session"].days.update(date=timezone.localdate() - dt.timedelta(days=1))
    return objects


def test_every_post_url_has_a_hostile_form_target():
    post_urls = {case.url_name for case in all_cases() if case.method == "post"}
    covered = {target.url_name for target in TARGETS} | NO_INPUT
    assert not post_urls - covered, f"POST URLs without a hostile-input target: {sorted(post_urls - covered)}"


def _state(querysets) -> list:
    state = []
    for qs in querysets:
        for one in qs if isinstance(qs, tuple) else (qs,):
            state.append(sorted(one.order_by().values_list(), key=repr))
    return state


def _bound_forms_with_errors(response) -> list:
    if response.context is None:
        return []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    values = [value for context in contexts for value in context.flatten().values()]
    found = []
    for value in values:
        if isinstance(value, forms.BaseForm | forms.BaseFormSet) and value.is_bound and not value.is_valid():
            found.append(value)
    return found


def _strings(state):
    for rows in state:
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    yield value


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: f"{t.url_name}:{t.role}:{t.fields[0]}")
def test_no_form_post_gives_a_server_error_or_saves_half(target, world):
    objects = target.objects(world)
    url = reverse(target.url_name, kwargs=target.kwargs(world, objects)) + target.query
    user = world.users[target.role]
    fields = [name.replace("{assen}", str(world.assen.pk)) for name in target.fields]

    @HYPOTHESIS
    @given(data=st.data())
    def check(data):
        post = target.base(world, objects)
        chosen = data.draw(st.lists(st.sampled_from(fields), min_size=1, max_size=len(fields), unique=True))
        for name in chosen:
            post[name] = data.draw(hostile_values, label=name)
        client = _client(user)
        before = _state(target.rows(world, objects))
        response = client.post(url, post)
        assert response.status_code < 500, (url, post)
        after = _state(target.rows(world, objects))
        if response.status_code >= 400 or _bound_forms_with_errors(response):
            assert after == before, f"refused post to {url} changed rows: {post}"
        else:
            stored = [s for s in _strings(after) if CONTROL.search(s)]
            assert not stored, f"control characters stored from {post}: {stored[:3]}"

    check()


@pytest.mark.parametrize("target", [t for t in TARGETS if t.role == "anonymous"][:2], ids=lambda t: t.url_name)
def test_a_body_of_random_bytes_gives_no_server_error(target, world):
    """Invalid UTF-8, lone surrogates (%ED%A0%80), broken percent escapes, as a raw body."""
    objects = target.objects(world)
    url = reverse(target.url_name, kwargs=target.kwargs(world, objects))
    pieces = st.sampled_from([b"name=", b"&", b"=", b"%", b"%ED%A0%80", b"%C0%80", b"%FF", b"\xff", b"+", b"%0D%0A"])

    @HYPOTHESIS
    @given(body=st.lists(st.one_of(pieces, st.binary(max_size=20)), max_size=12).map(b"".join))
    def check(body):
        for content_type in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
            response = _client(None).post(url, body, content_type=content_type)
            assert response.status_code < 500, body

    check()


# --- The form ground is used by every form --------------------------------------------------
def _form_classes():
    for app in APPS:
        for path in (ROOT / app).rglob("*forms.py"):
            if "tests" in path.parts:
                continue
            module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    yield value


def test_every_form_uses_the_portal_form_ground():
    classes = list(_form_classes())
    assert len(classes) > 20
    outside = {f"{cls.__module__}.{cls.__name__}" for cls in classes if not issubclass(cls, PortalFormMixin)}
    assert not outside, f"forms without PortalFormMixin (control characters, line breaks, dates): {outside}"
