"""Asking the rules: the app-agnostic half of permissions (it imports no app).

The rules themselves live in each app's `<app>/rules.py`, registered at start-up by rules'
autodiscovery (the layout is described in accounts/rules.py). Those modules build their
`get_<object>_for_user` on `get_object_for_user` and `perm_for_action` below; views call
those fetchers, or `require_perm` for a page-level perm.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404


def require_perm(user, perm: str, obj=None) -> None:
    """403 unless USER holds PERM (on OBJ)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def get_object_for_user(user, queryset, perm: str, *, visible: QuerySet | None = None, **lookup):
    """The object of QUERYSET matching LOOKUP, for USER to PERM.

    404 when there is none, and also when USER may not PERM it and it is not in VISIBLE (the
    queryset form of the object's view rule): an object someone may not see does not exist for
    them, so a guessed id tells nothing. 403 when they see it but may not PERM it. Without
    VISIBLE the object's view is public. PERM is asked first, so whoever may act is never
    refused because the view rule is narrower.
    """
    obj = get_object_or_404(queryset, **lookup)
    if user.has_perm(perm, obj):
        return obj
    if visible is not None and not visible.filter(pk=obj.pk).exists():
        raise Http404
    raise PermissionDenied


def perm_for_action(actions: dict[str, str], action: str) -> str:
    """The perm of ACTION in an object type's ACTIONS map; an unknown action is a programming
    error, never a silent pass."""
    try:
        return actions[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(actions)}") from None
