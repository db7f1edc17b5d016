"""The planning board: municipalities and their sessions per province, the month calendar, and
the municipality plan edited in place on the board."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from heatportal.forms import FIRST_DATE, LAST_DATE
from heatportal.permissions import require_perm
from municipalities.models import Province
from sessions import list_selectors
from sessions.forms.planning import MunicipalityPlanForm
from sessions.rules import get_municipality_plan_for_user, visible_sessions
from sessions.services import planning
from sessions.views.access import board_provinces, planner_provinces


def _month(request) -> dt.date | None:
    """?maand=YYYY-MM; absent or unreadable is this month, a month outside the portal's dates
    (2000 .. 2100) is a bad request (year 1 or 9999 has no previous or next month to link)."""
    try:
        month = dt.datetime.strptime(request.GET.get("maand", ""), "%Y-%m").date()
    except ValueError:
        return None
    if not FIRST_DATE <= month <= LAST_DATE:
        raise BadRequest("maand out of range")
    return month


def _calendar_context(request, province: Province, *, month: dt.date | None = None) -> dict:
    """The month calendar alone: what its partial needs, and nothing of the board's rows."""
    month = month or timezone.localdate().replace(day=1)
    weeks = list_selectors.month_calendar(
        visible=visible_sessions(request.user), province=province, year=month.year, month=month.month
    )
    return {
        "province": province,
        "month": month,
        "prev_month": (month - dt.timedelta(days=1)).replace(day=1) if month > FIRST_DATE else None,
        "next_month": (month + dt.timedelta(days=32)).replace(day=1)
        if month.year < LAST_DATE.year or month.month < 12
        else None,
        "weeks": weeks,
        # A phone shows the same month as a list of the days that have sessions (sessions.css).
        "agenda": [cell for week in weeks for cell in week if cell["in_month"] and cell["days"]],
    }


def _query(**params) -> str:
    return urlencode({name: value for name, value in params.items() if value})


def _board_context(request, province: Province, *, state="", period="", month=None, provinces=None) -> dict:
    page = request.GET.get("pagina")
    return {
        **list_selectors.board(
            visible=visible_sessions(request.user), province=province, state=state, period=period, page=page
        ),
        "provinces": list(planner_provinces(request.user)) if provinces is None else provinces,
        "state": state,
        "states": list_selectors.MunicipalityState.LABELS.items(),
        "period": period,
        "periods": list_selectors.Period.LABELS.items(),
        # What the links keep: the board as it is filtered, on another page or for the other period.
        "page_query": _query(provincie=province.code, status=state, periode=period),
        "current_query": _query(provincie=province.code, status=state),
        "held_query": _query(provincie=province.code, status=state, periode=list_selectors.Period.HELD),
        **_calendar_context(request, province, month=month),
    }


def board_refresh(request, *, province: Province, notice: str, link=None, month=None) -> HttpResponse:
    """After an edit on the board: a notice in place of the editor, and the board's rows, sessions
    and calendar swapped out-of-band, so the page never reloads."""
    context = {**_board_context(request, province, month=month), "oob": True, "notice": notice, "link": link}
    parts = [render_to_string("sessions/_board_saved.html", context, request)]
    parts += [
        render_to_string(f"sessions/board.html#{name}", context, request) for name in ("rows", "sessions", "calendar")
    ]
    return HttpResponse("".join(parts))


@login_required
@require_GET
def board(request):
    require_perm(request.user, "sprints.use_board")
    province, provinces = board_provinces(request)
    state = request.GET.get("status", "")
    state = state if state in list_selectors.MunicipalityState.LABELS else ""
    period = request.GET.get("periode", "")
    period = period if period in list_selectors.Period.LABELS else ""
    if request.htmx and request.GET.get("deel") == "calendar":
        # The month arrows: only the calendar is rebuilt.
        return render(
            request, "sessions/board.html#calendar", _calendar_context(request, province, month=_month(request))
        )
    context = _board_context(request, province, state=state, period=period, month=_month(request), provinces=provinces)
    if request.htmx and request.htmx.target == "board":
        # The filter form: the URL (pushed by htmx) holds the whole state, so loading it
        # directly or restoring it from history renders the same board as a full page.
        return render(request, "sessions/board.html#board", context)
    return render(request, "sessions/board.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def municipality_plan(request, cbs_code):
    plan = get_municipality_plan_for_user(request.user, cbs_code)
    municipality = plan.municipality
    form = MunicipalityPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        planning.municipality_plan_save(municipality=municipality, user=request.user, **form.cleaned_data)
        notice = _("Planning van %(name)s opgeslagen.") % {"name": municipality.name}
        if request.htmx:
            return board_refresh(request, province=municipality.province, notice=notice)
        messages.success(request, notice)
        return redirect(reverse("sessions:board") + f"?provincie={municipality.province.code}")
    context = {"form": form, "municipality": municipality, "inline": bool(request.htmx)}
    template = "sessions/plan_form.html#editor" if request.htmx else "sessions/plan_form.html"
    return render(request, template, context)
