"""Which provinces a planner plans for: the board's province and the provinces a session form
offers. (Sessions and their parts are fetched through sessions.rules.)"""

from django.http import Http404

from accounts.rules import is_programme_staff, province_ids
from municipalities.models import Province


def board_province(request) -> Province:
    """Provincial staff plan their own province; programme staff pick one (?provincie=PV22)."""
    mine = province_ids(request.user)
    code = request.GET.get("provincie") or request.POST.get("provincie") or ""
    provinces = Province.objects.all() if is_programme_staff(request.user) else Province.objects.filter(pk__in=mine)
    province = (provinces.filter(code=code).first() if code else None) or provinces.order_by("name").first()
    if province is None:
        raise Http404
    return province


def board_provinces(request) -> tuple[Province, list[Province]]:
    """The board's province, chosen as board_province chooses it, and every province the planner
    plans for (the board's province picker), from one query."""
    provinces = list(planner_provinces(request.user).order_by("name"))
    code = request.GET.get("provincie") or ""
    province = next((p for p in provinces if code and p.code == code), None) or next(iter(provinces), None)
    if province is None:
        raise Http404
    return province, provinces


def planner_provinces(user):
    return Province.objects.all() if is_programme_staff(user) else Province.objects.filter(pk__in=province_ids(user))
