"""Who may see people pages, invite, approve access requests and end roles (see accounts.rules.may_grant)."""

import rules

from accounts.models import Role
from accounts.rules import (
    is_programme_admin,
    is_programme_staff,
    may_grant,
    may_grant_anything,
    municipality_ids,
    province_ids,
    res_region_ids,
)

Kind = Role.Kind


# --- People pages, invitations, ending roles -----------------------------------------------
# Who sees a people page follows who works with the scope: programme staff everything,
# provincial staff their province and its municipalities, coordinators their region and its
# municipalities, officers their own municipality (to see colleagues). Who manages a page
# (invites, ends roles, resends) is may_grant for the role the page is about.
def _scope_visible(user, scope) -> bool:
    from municipalities.models import Municipality, Province, ResRegion

    if not user.is_authenticated or scope is None:
        return False
    if is_programme_staff(user):
        return True
    if isinstance(scope, Municipality):
        return (
            scope.pk in municipality_ids(user)
            or scope.province_id in province_ids(user)
            or scope.res_region_id in res_region_ids(user)
        )
    if isinstance(scope, Province):
        return scope.pk in province_ids(user)
    if isinstance(scope, ResRegion):
        return scope.pk in res_region_ids(user)
    return False


def scope_kind(scope) -> str:
    """The role a people page of SCOPE lists: officers, provincial staff or coordinators."""
    from municipalities.models import Municipality, Province

    if isinstance(scope, Municipality):
        return Kind.MUNICIPAL_OFFICER
    if isinstance(scope, Province):
        return Kind.PROVINCIAL_STAFF
    return Kind.REGIONAL_COORDINATOR


@rules.predicate
def may_view_people(user, scope) -> bool:
    return _scope_visible(user, scope)


@rules.predicate
def may_manage_people(user, scope) -> bool:
    return scope is not None and may_grant(user, scope_kind(scope), scope)


@rules.predicate
def may_see_people_pages(user) -> bool:
    return user.is_authenticated and bool(
        is_programme_staff(user) or province_ids(user) or res_region_ids(user) or municipality_ids(user)
    )


@rules.predicate
def may_manage_invitation(user, invitation) -> bool:
    return invitation is not None and may_grant(user, invitation.kind, invitation.scope)


@rules.predicate
def may_end_role(user, role) -> bool:
    # Never one's own: an administrator could otherwise lock the programme out by a misclick.
    return role is not None and role.user_id != user.pk and may_grant(user, role.kind, role.scope)


rules.add_perm("people.view_people_pages", may_see_people_pages)
rules.add_perm("people.view_people", may_view_people)
rules.add_perm("people.manage_people", may_manage_people)
rules.add_perm("people.invite", rules.predicate(may_grant_anything))
rules.add_perm("people.manage_invitation", may_manage_invitation)
rules.add_perm("people.end_role", may_end_role)
rules.add_perm("people.manage_people_programme", is_programme_admin)


def get_invitation_for_user(user, pk):
    """A pending invitation USER may resend or withdraw; 404 for anything else (the address of
    someone invited elsewhere is nobody else's business)."""
    from django.http import Http404

    from people.models import PortalInvitation

    invitation = PortalInvitation.objects.select_related("province", "municipality", "res_region").filter(pk=pk).first()
    if invitation is None or not user.has_perm("people.manage_invitation", invitation):
        raise Http404
    return invitation


def get_role_for_user(user, pk):
    """A role USER may end; 404 when they may not (whether it exists is not theirs to learn)."""
    from django.http import Http404

    role = Role.objects.select_related("user", "province", "municipality", "res_region").filter(pk=pk).first()
    if role is None or not user.has_perm("people.end_role", role):
        raise Http404
    return role


# --- Access requests and access reviews ----------------------------------------------------
# Whoever holds a scope they can grant in decides the requests they may grant (each one is then
# checked with may_grant) and reviews the people in that scope once a year.
rules.add_perm("people.decide_access_requests", rules.predicate(may_grant_anything))
rules.add_perm("people.review_access", rules.predicate(may_grant_anything))
