"""Each restricted view rule exists twice: as a predicate (`user.has_perm(perm, obj)`, asked on
one object) and as a queryset (`visible_<objects>(user)`, for lists). Both are built from the
same scope helpers in the app's rules.py; this test keeps them from drifting apart.

For every user and every object of each type below, the predicate and the queryset must give
the same answer, in two worlds:
- the demo data (seed_demo, as a fresh installation shows it), one user per demo account and an
  anonymous visitor;
- a world built for the rules, on the reference data: the demo is too tidy to tell every clause
  apart (all its sessions are Drenthe's, its only lab adviser is the programme adviser, every
  account holds one role), so a clause missing from one form would go unnoticed there.
An app whose rules gain a queryset form adds one row; a clause the built world cannot tell
apart adds the user and objects that can, and a witness.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from accounts.demo import DEMO_USERS
from accounts.models import Role, User
from accounts.services import role_grant
from labs.models import Enrolment, Lab, LabMaterial, LabMeeting
from labs.rules import labs_managed_by, labs_with_room_for, visible_enrolments, visible_materials, visible_meetings
from labs.tests.factories import EnrolmentFactory, LabFactory, LabMaterialFactory, LabMeetingFactory
from municipalities.models import Contact, Municipality, Organisation, Province, ResRegion
from municipalities.rules import visible_contacts, visible_organisations
from progress.rules import visible_progress_municipalities, visible_progress_provinces, visible_progress_regions
from sessions.models import Session
from sessions.rules import changeable_sessions, visible_sessions
from sessions.tests.factories import SessionFactory
from tests.factories import ContactFactory, OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

K = Role.Kind


@dataclass(frozen=True)
class Rule:
    perm: str
    objects: Callable[[], QuerySet]  # every object of the type, loaded as views load them
    visible: Callable[[object], QuerySet]

    @property
    def id(self) -> str:
        return self.perm


RULES = [
    Rule("labs.manage_lab", lambda: Lab.objects.all(), labs_managed_by),
    Rule("labs.view_room", lambda: Lab.objects.prefetch_related("advisers"), labs_with_room_for),
    Rule(
        "labs.view_enrolment",
        lambda: Enrolment.objects.select_related("lab", "municipality").prefetch_related("lab__advisers"),
        visible_enrolments,
    ),
    Rule("labs.view_meeting", lambda: LabMeeting.objects.select_related("lab"), visible_meetings),
    Rule(
        "labs.view_material",
        lambda: LabMaterial.objects.select_related("lab").prefetch_related("lab__advisers"),
        visible_materials,
    ),
    Rule("municipalities.view_directory", lambda: Organisation.objects.all(), visible_organisations),
    Rule("municipalities.manage_contacts", lambda: Contact.objects.all(), visible_contacts),
    Rule("sprints.view_session", lambda: Session.objects.all(), visible_sessions),
    Rule("sprints.change_session", lambda: Session.objects.all(), changeable_sessions),
    Rule("progress.view_progress", lambda: Municipality.objects.all(), visible_progress_municipalities),
    Rule(
        "progress.view_region_progress",
        lambda: ResRegion.objects.prefetch_related("provinces"),
        visible_progress_regions,
    ),
    Rule("progress.view_province_progress", lambda: Province.objects.all(), visible_progress_provinces),
]


# --- The demo world -------------------------------------------------------------------------
@pytest.fixture
def demo_world(reference_data) -> dict[str, object]:
    call_command("seed_demo", stdout=StringIO())
    users = {user.email: user for user in User.objects.filter(email__in=[email for email, *_ in DEMO_USERS])}
    assert len(users) == len(DEMO_USERS), "every demo account is seeded"
    return {"anonymous": AnonymousUser(), **users}


# --- The built world ------------------------------------------------------------------------
# Ede, Barneveld (Gelderland) and Veenendaal (Utrecht) are all in RES region Foodvalley (ES09),
# which spans both provinces; Assen is Drenthe's, Zaanstad Noord-Holland's.
PROVINCES = {"drenthe": "PV22", "gelderland": "PV25", "utrecht": "PV26", "nh": "PV27", "limburg": "PV31"}
MUNICIPALITIES = {
    "ede": "GM0228",
    "barneveld": "GM0203",
    "veenendaal": "GM0345",
    "assen": "GM0106",
    "zaanstad": "GM0479",
}


@dataclass
class Built:
    users: dict[str, object]
    objects: dict[str, object]  # the objects the witnesses name


def _province(name: str) -> Province:
    return Province.objects.get(code=PROVINCES[name])


def _municipality(name: str) -> Municipality:
    return Municipality.objects.get(cbs_code=MUNICIPALITIES[name])


def _res_region(code: str) -> ResRegion:
    return ResRegion.objects.get(code=code)


def _built_users() -> dict[str, object]:
    """A user for each case a rule tells apart: one role each, a lab adviser holding no role at
    all, and people with several roles or several scopes of one kind."""
    users = {
        "anonymous": AnonymousUser(),
        "no_role": UserFactory(),
        "superuser": UserFactory(is_superuser=True),
        # A role only, no superuser flag: has_perm must come from the rules, not from Django.
        "admin": user_with_role(K.PROGRAMME_ADMIN),
        "adviser": user_with_role(K.PROGRAMME_ADVISER),
        "lab_adviser": UserFactory(),  # holds no role: only one lab's `advisers`
        "coordinator_foodvalley": user_with_role(K.REGIONAL_COORDINATOR, _res_region("ES09")),
    }
    for name in ("drenthe", "gelderland", "utrecht", "nh"):
        users[f"staff_{name}"] = user_with_role(K.PROVINCIAL_STAFF, _province(name))
    for name in ("ede", "veenendaal"):
        users[f"officer_{name}"] = user_with_role(K.MUNICIPAL_OFFICER, _municipality(name))
    # Officer of one municipality, coordinator of another municipality's region.
    users["assen_and_foodvalley"] = _with_roles(
        (K.MUNICIPAL_OFFICER, _municipality("assen")), (K.REGIONAL_COORDINATOR, _res_region("ES09"))
    )
    # Staff of a province with nothing in this world, officer of two municipalities, and (below)
    # adviser of a lab.
    users["many_hats"] = _with_roles(
        (K.PROVINCIAL_STAFF, _province("limburg")),
        (K.MUNICIPAL_OFFICER, _municipality("barneveld")),
        (K.MUNICIPAL_OFFICER, _municipality("zaanstad")),
    )
    return users


def _with_roles(*roles) -> User:
    user = UserFactory()
    for kind, scope in roles:
        role_grant(user=user, kind=kind, scope=scope)
    return user


def _built_sessions() -> dict[str, Session]:
    return {
        # Organised by one province, its only participant from another.
        "session_drenthe_ede": SessionFactory(
            title="Drenthe met Ede", organiser_province=_province("drenthe"), municipalities=[_municipality("ede")]
        ),
        # A third province's, nobody taking part yet.
        "session_nh_empty": SessionFactory(title="Noord-Holland, leeg", organiser_province=_province("nh")),
        # No organising province; participants from three provinces, one of them many_hats' as officer.
        "session_programme": SessionFactory(
            title="Programma met drie provincies",
            organiser_name="Programma Warmte",
            municipalities=[_municipality(name) for name in ("assen", "veenendaal", "barneveld")],
        ),
    }


def _built_labs(users: dict) -> dict[str, object]:
    advised = LabFactory(
        title="NH, met lab-adviseur", organiser_province=_province("nh"), advisers=[users["lab_adviser"]]
    )
    gelderland = LabFactory(
        title="Gelderland, met many_hats als adviseur",
        organiser_province=_province("gelderland"),
        eligible_provinces=[_province("gelderland"), _province("utrecht")],
        advisers=[users["many_hats"]],
    )
    LabFactory(title="Drenthe, leeg", organiser_province=_province("drenthe"))  # no advisers, enrolments or meetings
    labs = {"advised": advised, "gelderland": gelderland}
    S = Enrolment.Status
    enrolments = {}
    # Only a place (active) lets a municipality into the room; every other status is its own.
    for lab, name, status in [
        ("advised", "ede", S.ACTIVE),
        ("advised", "barneveld", S.ACTIVE),
        ("advised", "veenendaal", S.WAITING),
        ("advised", "assen", S.OFFERED),
        ("advised", "zaanstad", S.WITHDRAWN),
        ("gelderland", "veenendaal", S.ACTIVE),
        ("gelderland", "ede", S.DECLINED),
        ("gelderland", "assen", S.EXPIRED),
    ]:
        expires = timezone.now() + dt.timedelta(days=5) if status == S.OFFERED else None
        enrolments[f"{name}_{status}_in_{lab}"] = EnrolmentFactory(
            lab=labs[lab], municipality=_municipality(name), status=status, offer_expires_at=expires
        )
    for lab in labs.values():
        LabMeetingFactory(lab=lab)
        LabMaterialFactory(lab=lab)
    return {"lab_advised": advised, "lab_gelderland": gelderland, **enrolments}


@pytest.fixture
def built(reference_data) -> Built:
    users = _built_users()
    objects = {**_built_sessions(), **_built_labs(users)}
    ContactFactory(organisation=OrganisationFactory(municipalities=[_municipality("ede")]))
    objects.update((name, _municipality(name)) for name in MUNICIPALITIES)
    objects["foodvalley"] = _res_region("ES09")
    return Built(users, objects)


@pytest.fixture
def built_world(built) -> dict[str, object]:
    return built.users


# --- The comparison -------------------------------------------------------------------------
@pytest.mark.parametrize("world", ["demo", "built"])
@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_predicate_and_queryset_agree_for_every_user_and_object(request, world, rule):
    users = request.getfixturevalue(f"{world}_world")
    objects = list(rule.objects())
    assert objects, f"the {world} world has no objects for {rule.perm}: the row would prove nothing"
    disagreements, outcomes = [], set()
    for name, user in users.items():
        visible = set(rule.visible(user).values_list("pk", flat=True))
        for obj in objects:
            allowed = user.has_perm(rule.perm, obj)
            outcomes.add(allowed)
            if allowed != (obj.pk in visible):
                disagreements.append(f"{name}: {obj!r} has_perm={allowed}, in queryset={obj.pk in visible}")
    assert not disagreements, "\n".join(disagreements)
    # Someone sees something and someone is refused something: the world exercises the rule.
    assert outcomes == {True, False}


# What the built world is for: each line is a case the demo cannot show, so a clause dropped from
# one form of its rule makes the comparison above fail. They keep the world from losing its point
# when a factory changes; the rules' own tests say what each role may do.
WITNESSES = [
    ("staff_gelderland", "sprints.view_session", "session_drenthe_ede", True),  # a participant's province
    ("staff_drenthe", "sprints.view_session", "session_drenthe_ede", True),  # the organiser's, no participant
    ("staff_utrecht", "sprints.view_session", "session_programme", True),  # no organising province
    ("staff_drenthe", "sprints.view_session", "session_nh_empty", False),
    ("many_hats", "sprints.view_session", "session_programme", True),  # as officer, though also staff
    ("officer_ede", "sprints.view_session", "session_drenthe_ede", True),
    ("lab_adviser", "labs.view_room", "lab_advised", True),  # no role, adviser of this lab
    ("lab_adviser", "labs.view_room", "lab_gelderland", False),
    ("lab_adviser", "labs.view_enrolment", "barneveld_active_in_advised", True),
    ("lab_adviser", "labs.view_enrolment", "veenendaal_waiting_in_advised", False),
    ("many_hats", "labs.view_room", "lab_gelderland", True),  # adviser of it, staff of no organiser
    ("officer_ede", "labs.view_enrolment", "barneveld_active_in_advised", True),  # a fellow participant's
    ("assen_and_foodvalley", "labs.view_room", "lab_advised", False),  # offered a place is not in
    ("assen_and_foodvalley", "labs.view_enrolment", "assen_offered_in_advised", True),
    ("staff_nh", "labs.view_enrolment", "zaanstad_withdrawn_in_advised", True),  # the organiser's
    ("assen_and_foodvalley", "progress.view_progress", "veenendaal", True),  # as coordinator, though also an officer
    ("staff_gelderland", "progress.view_progress", "veenendaal", False),  # same region, other province
    ("staff_utrecht", "progress.view_region_progress", "foodvalley", True),  # the region's second province
    ("coordinator_foodvalley", "progress.view_progress", "assen", False),
]


def test_the_built_world_tells_the_clauses_apart(built):
    wrong = [
        f"{user} {perm} {obj}: expected {expected}"
        for user, perm, obj, expected in WITNESSES
        if built.users[user].has_perm(perm, built.objects[obj]) != expected
    ]
    assert not wrong, "\n".join(wrong)
