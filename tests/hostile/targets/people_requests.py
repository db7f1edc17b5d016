"""Hostile-input targets: the access-request form, deciding a request, the access review."""

from tests.hostile.targets.base import Target, emails


def _request_rows(world, o):
    from accounts.models import Role, User
    from people.models import AccessRequest

    return [AccessRequest.objects.all(), User.objects.all(), Role.objects.all(), emails()]


def _assen_request(world):
    from people.models import AccessRequest

    return {
        "request": AccessRequest.objects.create(
            kind="municipal_officer", municipality=world.assen, full_name="Anna", email="anna@example.org", reason="x"
        )
    }


TARGETS = [
    Target(
        "people:access_request",
        "anonymous",
        lambda w, o: {},
        lambda w, o: {
            "full_name": "Bram Bakker",
            "email": "bram@example.org",
            "kind": "municipal_officer",
            "municipality": w.assen.pk,
            "reason": "Transitievisie",
        },
        ["full_name", "email", "kind", "municipality", "province", "res_region", "organisation", "reason"],
        _request_rows,
    ),
    Target(
        "people:access_request_decide",
        "staff_drenthe",
        lambda w, o: {"pk": o["request"].pk},
        lambda w, o: {"besluit": "afwijzen", "message": "Nee"},
        ["besluit", "message"],
        _request_rows,
        objects=_assen_request,
    ),
]
