"""Who someone is in the programme: role predicates and the scopes of their roles.

How permission rules are laid out (every app follows this; django-rules underneath):

- Each app owns its rules in `<app>/rules.py`, found at start-up by
  `rules.apps.AutodiscoverRulesConfig` (INSTALLED_APPS). Nothing imports a rules module to
  register it, and no perm is registered twice.
- accounts/rules.py (this module) holds what depends only on a person's roles: the role
  predicates (`is_programme_admin`, ...) and the scope helpers `province_ids(user)`,
  `municipality_ids(user)`, `res_region_ids(user)`, with the predicates that place one
  municipality in those scopes (`is_officer_of_municipality`, ...). accounts owns Role, so
  they live here; an app's rules import them from accounts.rules.
- An app's rules.py has, per object type:
  1. predicates `(user, obj) -> bool` and `rules.add_perm("<app_label>.<action>", ...)`;
  2. when the type's view is restricted, the same rule as a queryset right beside it,
     `visible_<objects>(user) -> QuerySet`, built from the same scope helpers
     (tests/test_rules_agree.py checks both forms agree for every demo user and object;
     a type whose view is public has no queryset form);
  3. one `get_<object>_for_user(user, pk, *, action="view") -> obj`, mapping ACTION to a
     perm and calling `heatportal.permissions.get_object_for_user`: 404 when the object does
     not exist or the user may not even see it, 403 when they see it but may not do ACTION.
  Views fetch every object through these helpers, or check a page-level perm with
  `require_perm`; templates ask with `{% has_perm %}`.
- heatportal/permissions is the app-agnostic ground (`require_perm`, `get_object_for_user`);
  it imports no app.
"""

import rules

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


# The mail outbox is heatportal's, but who may read it is a role question, and heatportal may
# not import accounts (it is the ground every app stands on). Its perm is therefore registered
# here, beside the role it depends on; heatportal's views ask for it by name.
rules.add_perm("mail.view_outbox", is_programme_admin)
# Likewise the retention preview and its "apply now" (heatportal/retention_views.py).
rules.add_perm("heatportal.view_retention", is_programme_admin)


# --- Who may give whom a role -------------------------------------------------------------
# One rule for inviting, approving an access request and ending a role: a scope holder grants
# within their scope. Programme administrators grant anything; provincial staff grant officers
# of their province's municipalities and colleagues of their own province; coordinators grant
# officers of their region's municipalities. Advisers and officers grant nothing.
def may_grant(user, kind: str, scope=None) -> bool:
    if not user.is_authenticated:
        return False
    if is_programme_admin(user):
        return True
    if kind == Kind.MUNICIPAL_OFFICER and scope is not None:
        return scope.province_id in province_ids(user) or scope.res_region_id in res_region_ids(user)
    if kind == Kind.PROVINCIAL_STAFF and scope is not None:
        return scope.pk in province_ids(user)
    return False


def may_grant_anything(user) -> bool:
    """Whether USER holds any scope they can grant in (shows the people pages in the menu)."""
    return user.is_authenticated and (
        is_programme_admin(user) or bool(province_ids(user)) or bool(res_region_ids(user))
    )


# The audit log is heatportal's; who may read it is a role question (as for the outbox).
rules.add_perm("audit.view_log", is_programme_admin)
