"""Who may record, see and update what a session produced (layout: accounts/rules.py).

Outcomes belong to a session and a municipality at once. The session's organisers (whoever may
change the session) record them for every participating municipality; the officers of a
participating municipality record and update those of their own municipality. Who may see a
municipality's progress sees its outcomes there. The terugblik, once published, is public on
the session's page; the owner's contact of an agreed action updates its status through a signed
link (outcomes.tokens), without an account.
"""

import rules
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.rules import is_officer_of_municipality, is_programme_admin, municipality_ids
from heatportal.permissions import require_perm
from municipalities.models import Municipality
from outcomes.models import AgreedAction, LinkingOpportunity, ReviewPhoto, WijkDirection
from sessions.models import Session
from sessions.rules import can_change_session, can_view_session, get_session_for_user


@rules.predicate
def is_officer_of_outcome_municipality(user, outcome) -> bool:
    return outcome is not None and outcome.municipality_id in municipality_ids(user)


@rules.predicate
def may_change_outcome_session(user, outcome) -> bool:
    return outcome is not None and can_change_session(user, outcome.session)


# A session's outcomes page: who may see the session (organisers, the participating
# municipalities' officers, their provinces' staff) sees what it produced.
rules.add_perm("outcomes.view_session_outcomes", can_view_session)
# Recording for the session as a whole (the terugblik, its photos, publishing it): organisers.
rules.add_perm("outcomes.change_session_review", can_change_session)
# One outcome row (koppelkans, action, wijk direction): organisers of its session, officers of
# its municipality, programme administrators.
can_change_outcome = may_change_outcome_session | is_officer_of_outcome_municipality | is_programme_admin
rules.add_perm("outcomes.change_outcome", can_change_outcome)


def may_record_for(user, session: Session, municipality: Municipality) -> bool:
    """Whether USER may add outcomes of SESSION for MUNICIPALITY (a participant of it)."""
    return (
        can_change_session(user, session) or is_programme_admin(user) or is_officer_of_municipality(user, municipality)
    )


def recordable_municipalities(user, session: Session) -> QuerySet[Municipality]:
    """The participating municipalities of SESSION whose outcomes USER may record."""
    participants = Municipality.objects.filter(session_participations__session=session)
    if can_change_session(user, session) or is_programme_admin(user):
        return participants
    return participants.filter(pk__in=municipality_ids(user))


def get_session_outcomes_for_user(user, pk: int, *, action: str = "view") -> Session:
    """Session PK for USER to see ("view") or record ("record": some municipality of it) its
    outcomes, or to change its terugblik ("review"). 404/403 as for the session itself."""
    session = get_session_for_user(user, pk, action="view", detail=False)
    if action == "review":
        require_perm(user, "outcomes.change_session_review", session)
    elif action == "record":
        if not recordable_municipalities(user, session).exists():
            require_perm(user, "outcomes.change_session_review", session)  # raises 403
    elif action != "view":
        raise ValueError(action)
    return session


OUTCOME_MODELS = {"koppelkans": LinkingOpportunity, "afspraak": AgreedAction, "richting": WijkDirection}


def get_outcome_for_user(user, session_pk: int, kind: str, pk: int, *, action: str = "change"):
    """Outcome row PK of KIND ("koppelkans", "afspraak", "richting") of session SESSION_PK: 404
    for another session's row or an unknown kind, as for the session; 403 without the right."""
    model = OUTCOME_MODELS.get(kind)
    if model is None:
        raise Http404
    session = get_session_for_user(user, session_pk, action="view", detail=False)
    outcome = get_object_or_404(model.objects.select_related("municipality"), pk=pk, session=session)
    outcome.session = session
    if action == "change":
        require_perm(user, "outcomes.change_outcome", outcome)
    elif action != "view":
        raise ValueError(action)
    return outcome


def get_review_photo_for_user(user, session_pk: int, pk: int) -> ReviewPhoto:
    """Photo PK of session SESSION_PK's terugblik: once published for whoever may see the
    session's page, before that for its organisers only (403); 404 for another session's photo."""
    session = get_session_for_user(user, session_pk, action="view", detail=False)
    photo = get_object_or_404(ReviewPhoto.objects.select_related("review"), pk=pk, review__session=session)
    if not photo.review.is_published:
        require_perm(user, "outcomes.change_session_review", session)
    return photo
