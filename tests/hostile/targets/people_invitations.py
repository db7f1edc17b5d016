"""Hostile-input targets: inviting, accepting an invitation with a new account, ending a role."""

from tests.hostile.targets.base import Target, emails, future


def _invitation_rows(world, o):
    from accounts.models import Role, User
    from people.models import PortalInvitation

    return [PortalInvitation.objects.all(), User.objects.all(), Role.objects.all(), emails()]


def _pending_invitation(world):
    from people.services import invitation_send

    invitation, _ = invitation_send(
        by=world.users["programme_admin"],
        email="zonder-account@example.org",
        kind="municipal_officer",
        scope=world.assen,
    )
    return {"invitation": invitation}


def _invitation_token(world, o):
    from people.services import invitation_token

    return {"token": invitation_token(o["invitation"])}


def _assen_colleague(world):
    from accounts.models import Role
    from tests.factories import user_with_role

    user = user_with_role(Role.Kind.MUNICIPAL_OFFICER, world.assen, email="collega-assen@example.org")
    return {"role": user.roles.get()}


TARGETS = [
    Target(
        "people:invite",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {
            "email": "nieuw-ambtenaar@example.org",
            "full_name": "Nieuwe Ambtenaar",
            "role": "municipal_officer:GM0106",
            "ends_on": future(),
            "message": "Welkom",
        },
        ["email", "full_name", "role", "ends_on", "message"],
        _invitation_rows,
    ),
    Target(
        "people:invitation_link",
        "anonymous",
        _invitation_token,
        lambda w, o: {
            "full_name": "Nieuwe Ambtenaar",
            "password1": "lang-en-uniek-wachtwoord-7",
            "password2": "lang-en-uniek-wachtwoord-7",
        },
        ["full_name", "password1", "password2", "action"],
        _invitation_rows,
        objects=_pending_invitation,
    ),
    Target(
        "people:role_end",
        "programme_admin",
        lambda w, o: {"pk": o["role"].pk},
        lambda w, o: {"ends_on": future()},
        ["ends_on"],
        _invitation_rows,
        objects=_assen_colleague,
    ),
]
