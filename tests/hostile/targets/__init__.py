"""Every form of the portal as a hostile-input target, one module per app; TARGETS in the order the
tests run them."""

from tests.hostile.targets import (
    accounts,
    accounts_otp,
    labs,
    municipalities,
    outcomes,
    people_invitations,
    people_requests,
    progress,
    sessions,
)

TARGETS = [
    *sessions.TARGETS,
    *labs.TARGETS,
    *municipalities.TARGETS,
    *outcomes.TARGETS,
    *progress.TARGETS,
    *accounts.TARGETS,
    *accounts_otp.TARGETS,
    *people_requests.TARGETS,
    *people_invitations.TARGETS,
]
