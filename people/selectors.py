"""people's reads: who holds which role in a scope, pending invitations (section 1); access
requests and reviews (section 2)."""

from django.db.models import Count, Q

from accounts.models import Role
from accounts.rules import is_programme_staff, municipality_ids, province_ids, res_region_ids
from municipalities.models import Municipality, Province, ResRegion
from people.models import PortalInvitation

# --- People pages and invitations -----------------------------------------------------------


def _scope_filter(scope) -> dict:
    if isinstance(scope, Municipality):
        return {"municipality": scope}
    if isinstance(scope, Province):
        return {"province": scope}
    if isinstance(scope, ResRegion):
        return {"res_region": scope}
    # The programme team: roles without a scope.
    return {"kind__in": [Role.Kind.PROGRAMME_ADMIN, Role.Kind.PROGRAMME_ADVISER]}


def scope_roles(scope):
    """The roles held now in SCOPE (those with a future end date included), by name."""
    return (
        Role.objects.active()
        .filter(**_scope_filter(scope))
        .select_related("user", "granted_by")
        .order_by("user__full_name", "user__email")
    )


def scope_invitations(scope):
    """The pending invitations to a role in SCOPE, newest first."""
    return (
        PortalInvitation.objects.filter(status=PortalInvitation.Status.PENDING, **_scope_filter(scope))
        .select_related("invited_by")
        .order_by("-sent_at")
    )


def municipalities_with_officer_counts(**lookup):
    """The current municipalities matching LOOKUP, each with `officer_count` (active officers)."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    officers = (
        Role.objects.active()
        .filter(kind=Role.Kind.MUNICIPAL_OFFICER, municipality=OuterRef("pk"))
        .values("municipality")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Municipality.objects.current()
        .filter(**lookup)
        .annotate(officer_count=Coalesce(Subquery(officers), 0))
        .order_by("name")
    )


def people_scopes_for_user(user) -> dict:
    """The scopes whose people pages USER sees, for the index page."""
    if is_programme_staff(user):
        return {
            "provinces": Province.objects.order_by("name"),
            "regions": ResRegion.objects.order_by("name"),
            "municipalities": Municipality.objects.none(),
            "programme": True,
        }
    return {
        "provinces": Province.objects.filter(pk__in=province_ids(user)).order_by("name"),
        "regions": ResRegion.objects.filter(pk__in=res_region_ids(user)).order_by("name"),
        "municipalities": Municipality.objects.filter(
            Q(pk__in=municipality_ids(user)) & ~Q(province__in=province_ids(user))
        ).order_by("name"),
        "programme": False,
    }


# --- Access requests and access reviews ----------------------------------------------------
