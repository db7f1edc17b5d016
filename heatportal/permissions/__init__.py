"""Who may do what on which object: the one place for permission rules.

Role predicates live here; each capability adds its object rules in a module beside this one
(heatportal/permissions/<app>.py), imported at the bottom of this file.
Views ask through `get_object_for_user` / `require_perm`; templates through
`{% load rules %}{% has_perm "app.action" user obj as can %}`.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role

Kind = Role.Kind


def _has_kind(user, kind) -> bool:
    return user.is_authenticated and kind in user.role_kinds()


@rules.predicate
def is_programme_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _has_kind(user, Kind.PROGRAMME_ADMIN))


@rules.predicate
def is_programme_adviser(user) -> bool:
    return _has_kind(user, Kind.PROGRAMME_ADVISER)


@rules.predicate
def is_provincial_staff(user) -> bool:
    return _has_kind(user, Kind.PROVINCIAL_STAFF)


@rules.predicate
def is_municipal_officer(user) -> bool:
    return _has_kind(user, Kind.MUNICIPAL_OFFICER)


@rules.predicate
def is_regional_coordinator(user) -> bool:
    return _has_kind(user, Kind.REGIONAL_COORDINATOR)


is_programme_staff = is_programme_admin | is_programme_adviser


def province_ids(user) -> set[int]:
    return user.scope_ids(Kind.PROVINCIAL_STAFF) if user.is_authenticated else set()


def municipality_ids(user) -> set[int]:
    return user.scope_ids(Kind.MUNICIPAL_OFFICER) if user.is_authenticated else set()


def res_region_ids(user) -> set[int]:
    return user.scope_ids(Kind.REGIONAL_COORDINATOR) if user.is_authenticated else set()


@rules.predicate
def is_staff_of_municipality_province(user, municipality) -> bool:
    return municipality is not None and municipality.province_id in province_ids(user)


@rules.predicate
def is_officer_of_municipality(user, municipality) -> bool:
    return municipality is not None and municipality.pk in municipality_ids(user)


@rules.predicate
def is_coordinator_of_municipality_region(user, municipality) -> bool:
    return municipality is not None and municipality.res_region_id in res_region_ids(user)


# --- Foundation rules ---------------------------------------------------------------------
# Reference data is public; the stakeholder register and its personal data is not.
rules.add_perm("municipalities.view_municipality", rules.always_allow)
rules.add_perm("municipalities.view_directory", is_programme_staff | is_provincial_staff)
rules.add_perm("municipalities.manage_contacts", is_programme_admin)
rules.add_perm("mail.view_outbox", is_programme_admin)


def require_perm(user, perm: str, obj=None) -> None:
    """403 unless USER holds PERM (on OBJ)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def get_object_for_user(user, queryset, perm: str, **lookup):
    """The object matching LOOKUP: 404 when it does not exist, 403 when USER may not PERM it."""
    obj = get_object_or_404(queryset, **lookup)
    require_perm(user, perm, obj)
    return obj


__all__ = [
    "Http404",
    "get_object_for_user",
    "require_perm",
]

# Each capability's object rules; imported last so they can use the predicates above.
from heatportal.permissions import labs, municipalities, sessions  # noqa: E402, F401, I001
