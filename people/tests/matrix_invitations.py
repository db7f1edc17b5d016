"""Permission cases for the people pages, invitations and ending roles (people/views.py, section 1)."""

from tests.permissions import ALL_ROLES, LOGGED_IN, Case

ADMIN = frozenset({"programme_admin"})
PROGRAMME = frozenset({"programme_admin", "adviser"})
# may_grant for an officer of Assen: administrators, Drenthe's staff and its RES coordinator.
ASSEN_GRANTERS = ADMIN | {"staff_drenthe", "coordinator_drenthe"}
INVITERS = ADMIN | {"staff_drenthe", "staff_nh", "coordinator_drenthe"}


def _assen_invitation(world):
    from people.services import invitation_send

    invitation, _ = invitation_send(
        by=world.users["programme_admin"], email="nieuw@example.org", kind="municipal_officer", scope=world.assen
    )
    return invitation


def _invitation_pk(world):
    return {"pk": _assen_invitation(world).pk}


def _invitation_token(world):
    from people.services import invitation_token

    return {"token": invitation_token(_assen_invitation(world))}


def _assen_colleague_role(world):
    from accounts.models import Role
    from tests.factories import user_with_role

    user = user_with_role(Role.Kind.MUNICIPAL_OFFICER, world.assen, email="collega-assen@example.org")
    return {"pk": user.roles.get().pk}


def _invite_data(world):
    return {"email": "nieuw-ambtenaar@example.org", "full_name": "Nieuwe Ambtenaar", "role": "municipal_officer:GM0106"}


def _account_data(world):
    return {
        "full_name": "Nieuwe Ambtenaar",
        "password1": "lang-en-uniek-wachtwoord-7",
        "password2": "lang-en-uniek-wachtwoord-7",
    }


def _today(world):
    from django.utils import timezone

    return {"ends_on": timezone.localdate().isoformat()}


CASES: list = [
    Case("people:index", LOGGED_IN),
    Case(
        "people:municipality",
        PROGRAMME | {"staff_drenthe", "officer_assen", "coordinator_drenthe"},
        kwargs=lambda w: {"cbs_code": "GM0106"},
    ),
    Case("people:province", PROGRAMME | {"staff_drenthe"}, kwargs=lambda w: {"code": "PV22"}),
    Case("people:region", PROGRAMME | {"coordinator_drenthe"}, kwargs=lambda w: {"code": "ES03"}),
    Case("people:invite", INVITERS),
    Case("people:invite", INVITERS, method="post", data=_invite_data, label="people:invite:post"),
    Case("people:invitation_resend", ASSEN_GRANTERS, kwargs=_invitation_pk, method="post"),
    Case("people:invitation_withdraw", ASSEN_GRANTERS, kwargs=_invitation_pk, method="post"),
    Case("people:role_end", ASSEN_GRANTERS, kwargs=_assen_colleague_role),
    Case(
        "people:role_end",
        ASSEN_GRANTERS,
        kwargs=_assen_colleague_role,
        method="post",
        data=_today,
        label="people:role_end:post",
    ),
    # The link is the key: everyone may open it (a logged-in other account is told it is not theirs).
    Case("people:invitation_link", ALL_ROLES, kwargs=_invitation_token),
    Case(
        "people:invitation_link",
        ALL_ROLES,
        kwargs=_invitation_token,
        method="post",
        data=_account_data,
        label="people:invitation_link:post",
    ),
]
