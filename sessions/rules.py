"""Who may plan, see and change sessions (app label `sprints`; layout: accounts/rules.py).

Provincial staff see and change the sessions their province organises, and those in which one
of their province's municipalities takes part (sessions cross provinces: the Meppel pilot had two
Overijssel municipalities). Programme staff see and change all. Municipal officers read the
sessions their municipality takes part in. Everyone else is refused. A session's programme
items, workshops and sign-up requests are parts of it: they follow the session's rules and are
addressed only through its URL. A municipality's planning note is kept by programme staff and
the staff of its province.
"""

import rules
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.rules import (
    is_municipal_officer,
    is_programme_staff,
    is_provincial_staff,
    is_staff_of_municipality_province,
    municipality_ids,
    province_ids,
)
from heatportal.permissions import get_object_for_user, perm_for_action
from municipalities.models import Municipality
from sessions import selectors
from sessions.models import MunicipalityPlan, ProgrammeItem, Session, SessionMunicipality, SignupRequest, Workshop


# --- Sessions -------------------------------------------------------------------------------
def _participants(session) -> list[tuple[int, int]]:
    """(municipality id, province id) of the participating municipalities, loaded once per object."""
    cached = getattr(session, "_participant_scope", None)
    if cached is None:
        cached = list(session.participations.values_list("municipality_id", "municipality__province_id"))
        session._participant_scope = cached
    return cached


@rules.predicate
def is_staff_of_session_province(user, session) -> bool:
    if session is None:
        return False
    provinces = province_ids(user)
    if not provinces:
        return False
    if session.organiser_province_id in provinces:
        return True
    return any(province_id in provinces for _, province_id in _participants(session))


@rules.predicate
def is_officer_of_session_municipality(user, session) -> bool:
    if session is None:
        return False
    mine = municipality_ids(user)
    return bool(mine) and any(municipality_id in mine for municipality_id, _ in _participants(session))


can_plan = is_programme_staff | is_provincial_staff
can_change_session = is_programme_staff | (is_provincial_staff & is_staff_of_session_province)
can_view_session = can_change_session | (is_municipal_officer & is_officer_of_session_municipality)


def visible_sessions(user) -> QuerySet[Session]:
    """The sessions USER may see: `sprints.view_session` (can_view_session) as a query."""
    if is_programme_staff(user):
        return Session.objects.all()
    provinces, municipalities = province_ids(user), municipality_ids(user)
    # Participations as id subqueries, not joins: no duplicate rows to wrap away, and the lists
    # that narrow this further (the board, the session list) keep to the index on participations.
    taking_part = SessionMunicipality.objects.values("session_id")
    match = Q(pk__in=[])
    if provinces:
        match |= Q(organiser_province_id__in=provinces) | Q(
            pk__in=taking_part.filter(municipality__province_id__in=provinces)
        )
    if municipalities:
        match |= Q(pk__in=taking_part.filter(municipality_id__in=municipalities))
    return Session.objects.filter(match)


def changeable_sessions(user) -> QuerySet[Session]:
    """The sessions USER may change: `sprints.change_session` (can_change_session) as a query."""
    if is_programme_staff(user):
        return Session.objects.all()
    provinces = province_ids(user)
    if not provinces:
        return Session.objects.none()
    taking_part = SessionMunicipality.objects.filter(municipality__province_id__in=provinces).values("session_id")
    return Session.objects.filter(Q(organiser_province_id__in=provinces) | Q(pk__in=taking_part))


rules.add_perm("sprints.use_board", can_plan)
rules.add_perm("sprints.add_session", can_plan)
rules.add_perm("sprints.list_sessions", can_plan | is_municipal_officer)
rules.add_perm("sprints.view_session", can_view_session)
rules.add_perm("sprints.change_session", can_change_session)

SESSION_ACTIONS = {"view": "sprints.view_session", "change": "sprints.change_session"}


def get_session_for_user(user, pk: int, *, action: str = "view", detail: bool = True) -> Session:
    """DETAIL loads what the session page shows (days, participants, programme, workshops); a
    partial or a write that needs only the session row passes detail=False."""
    return get_object_for_user(
        user,
        selectors.sessions_with_detail() if detail else Session.objects.all(),
        perm_for_action(SESSION_ACTIONS, action),
        visible=visible_sessions(user),
        pk=pk,
    )


# --- Asking to join an invitation-only session (no account needed) -------------------------
# Anyone may ask while the session is still ahead; any other session takes no requests, so for
# this page it does not exist, whoever asks. The condition is the session's alone, so it is a
# query and no perm: a superuser holds every perm, and would be shown the form for any session.
def sessions_taking_signup_requests() -> QuerySet[Session]:
    return Session.objects.filter(invitation_only=True, status__in=Session.OPEN_STATUSES)


def get_session_for_signup_request(pk: int) -> Session:
    return get_object_or_404(sessions_taking_signup_requests().prefetch_related("days"), pk=pk)


# --- Parts of a session: programme items, workshops, sign-up requests -------------------------
def _session_part(user, model, session_pk: int, pk: int, *, action: str, detail: bool = False):
    """The part PK of the session SESSION_PK, for USER to ACTION on the session: 404 or 403 as
    for the session, and 404 for a part of another session, whatever USER may do there."""
    session = get_session_for_user(user, session_pk, action=action, detail=detail)
    part = get_object_or_404(model, pk=pk, session=session)
    part.session = session  # the session as loaded and checked
    return part


def get_programme_item_for_user(
    user, session_pk: int, pk: int, *, action: str = "change", detail: bool = False
) -> ProgrammeItem:
    return _session_part(user, ProgrammeItem, session_pk, pk, action=action, detail=detail)


def get_workshop_for_user(user, session_pk: int, pk: int, *, action: str = "change", detail: bool = False) -> Workshop:
    return _session_part(user, Workshop, session_pk, pk, action=action, detail=detail)


def get_signup_request_for_user(user, session_pk: int, pk: int, *, action: str = "change") -> SignupRequest:
    return _session_part(user, SignupRequest, session_pk, pk, action=action)


# --- Municipality plans (the board's note on a municipality that is not a session) ----------
# Municipalities are public reference data, so a plan USER may not keep is a 403, never a 404.
rules.add_perm(
    "sprints.change_municipality_plan", is_programme_staff | (is_provincial_staff & is_staff_of_municipality_province)
)

MUNICIPALITY_PLAN_ACTIONS = {"change": "sprints.change_municipality_plan"}


def get_municipality_plan_for_user(user, cbs_code: str, *, action: str = "change") -> MunicipalityPlan:
    """The plan of the municipality CBS_CODE, a new unsaved one when it has none yet; the rule is
    asked of the municipality (a plan that does not exist yet has the same keepers)."""
    municipality = get_object_for_user(
        user,
        Municipality.objects.select_related("province"),
        perm_for_action(MUNICIPALITY_PLAN_ACTIONS, action),
        cbs_code=cbs_code,
    )
    plan = MunicipalityPlan.objects.filter(municipality=municipality).first() or MunicipalityPlan()
    plan.municipality = municipality
    return plan
