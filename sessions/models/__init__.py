"""Sessions: sprint sessions, knowledge sessions and coordinator meetings, with their invitees.

Personal data lives in municipalities.Contact, with one exception: a sign-up request holds the
name and address someone typed, because nobody has approved them into the stakeholder register
yet. Invitations and workshop preferences point at a contact; sessions/shredders.py exports and
erases both kinds, so erasing a person leaves nothing of them here.
"""

from sessions.models.invitations import (
    Evaluation,
    Invitation,
    InvitationDay,
    SessionMessage,
    SignupRequest,
    WorkshopPreference,
)
from sessions.models.sessions import (
    MunicipalityPlan,
    ProgrammeItem,
    Session,
    SessionDay,
    SessionMunicipality,
    Workshop,
    default_evaluation_questions,
    default_reminder_days,
)

__all__ = [
    "Evaluation",
    "Invitation",
    "InvitationDay",
    "MunicipalityPlan",
    "ProgrammeItem",
    "Session",
    "SessionDay",
    "SessionMessage",
    "SessionMunicipality",
    "SignupRequest",
    "Workshop",
    "WorkshopPreference",
    "default_evaluation_questions",
    "default_reminder_days",
]
