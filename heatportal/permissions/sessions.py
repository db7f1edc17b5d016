"""Object rules of the sessions app, until they move to sessions/rules.py; imported by
heatportal.permissions meanwhile.

Provincial staff see and change the sessions their province organises, and those in which one
of their province's municipalities takes part (sessions cross provinces: the Meppel pilot had two
Overijssel municipalities). Programme staff see and change all. Municipal officers read the
sessions their municipality takes part in. Everyone else is refused.
"""

import rules

from accounts.rules import (
    is_municipal_officer,
    is_programme_staff,
    is_provincial_staff,
    is_staff_of_municipality_province,
    municipality_ids,
    province_ids,
)


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

rules.add_perm("sprints.use_board", can_plan)
rules.add_perm("sprints.add_session", can_plan)
rules.add_perm("sprints.list_sessions", can_plan | is_municipal_officer)
rules.add_perm("sprints.view_session", can_view_session)
rules.add_perm("sprints.change_session", can_change_session)
rules.add_perm(
    "sprints.change_municipality_plan", is_programme_staff | (is_provincial_staff & is_staff_of_municipality_province)
)
