"""Who may use the access-request and access-review URLs (walked by tests/test_permissions.py).

The request of `_assen_request` asks for an officer role in Assen (Drenthe, RES Drenthe):
programme administrators, Drenthe's staff and Drenthe's coordinator may decide it; the review
page is for everyone holding a scope they can grant in."""

from tests.permissions import ALL_ROLES, Case, Partial

APPROVERS = frozenset({"programme_admin", "staff_drenthe", "staff_nh", "coordinator_drenthe"})
ASSEN_APPROVERS = frozenset({"programme_admin", "staff_drenthe", "coordinator_drenthe"})


def _assen_request(world):
    from people.models import AccessRequest

    access_request = AccessRequest.objects.create(
        kind="municipal_officer",
        municipality=world.assen,
        full_name="Anna Aanvrager",
        email="anna@assen.example.org",
        reason="Ik werk aan de transitievisie.",
    )
    return {"pk": access_request.pk}


def _request_data(world):
    return {
        "full_name": "Bram Bakker",
        "email": "bram@assen.example.org",
        "kind": "municipal_officer",
        "municipality": world.assen.pk,
        "reason": "Ik werk aan de transitievisie.",
    }


def _officer_role(world):
    from accounts.models import Role

    return {"pk": Role.objects.get(user=world.users["officer_assen"]).pk}


CASES = [
    Case("people:access_request", ALL_ROLES),
    Case("people:access_request", ALL_ROLES, method="post", data=_request_data, label="access_request:post"),
    Case("people:access_request_done", ALL_ROLES),
    Case("people:access_requests", APPROVERS),
    Case(
        "people:access_request_decide",
        ASSEN_APPROVERS,
        kwargs=_assen_request,
        method="post",
        data=lambda w: {"besluit": "afwijzen", "message": "Graag via uw leidinggevende."},
        partials=(Partial(target="aanvraag"),),
    ),
    Case("people:access_review", APPROVERS),
    Case("people:access_review_confirm", APPROVERS, method="post"),
    Case(
        "people:access_review_role_end",
        # An officer's role is reviewed by their province's staff and region's coordinator;
        # programme administrators review the other kinds (it is not on their list).
        frozenset({"staff_drenthe", "coordinator_drenthe"}),
        kwargs=_officer_role,
        method="post",
    ),
]
