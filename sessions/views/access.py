"""Who may open which session, and which provinces a planner plans for: one place for the views."""

from django.http import Http404

from accounts.rules import is_programme_staff, province_ids
from heatportal.permissions import require_perm
from municipalities.models import Province
from sessions import selectors
from sessions.models import Session


def get_session_for_user(request, pk: int, *, write: bool = False, detail: bool = True) -> Session:
    """404 when the session does not exist, 403 when this user may not see (or change) it.
    DETAIL loads what the session page shows (days, programme, workshops); a partial that needs
    only the session row passes detail=False."""
    try:
        session = selectors.session_detail(pk=pk) if detail else Session.objects.get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None
    require_perm(request.user, "sprints.change_session" if write else "sprints.view_session", session)
    return session


def board_province(request) -> Province:
    """Provincial staff plan their own province; programme staff pick one (?provincie=PV22)."""
    mine = province_ids(request.user)
    code = request.GET.get("provincie") or request.POST.get("provincie") or ""
    provinces = Province.objects.all() if is_programme_staff(request.user) else Province.objects.filter(pk__in=mine)
    province = (provinces.filter(code=code).first() if code else None) or provinces.order_by("name").first()
    if province is None:
        raise Http404
    return province


def planner_provinces(user):
    return Province.objects.all() if is_programme_staff(user) else Province.objects.filter(pk__in=province_ids(user))
