"""The session list and the session page with what is changed from it: seats, cancellation
(programme and workshops: sessions/views/programme.py)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.rules import is_programme_staff, province_ids
from heatportal.audit.selectors import object_history
from heatportal.permissions import require_perm
from municipalities.models import Province
from sessions import invitation_selectors, list_selectors, pages, selectors
from sessions.forms.planning import SeatsForm
from sessions.forms.programme import ProgrammeItemForm, WorkshopForm
from sessions.models import Session
from sessions.rules import get_session_for_user, visible_sessions
from sessions.services import planning
from sessions.services.attendance import attendance_refusal
from sessions.views import invitation_table


@login_required
@require_GET
def session_list(request):
    require_perm(request.user, "sprints.list_sessions")
    filters, choices = _list_filters(request.GET)
    sessions = list_selectors.session_list(visible=visible_sessions(request.user), **filters)
    page = list_selectors.session_list_page(sessions=sessions, page=request.GET.get("pagina"))
    context = {
        "page": page,
        "sessions": page.object_list,
        "intro": _list_intro(request.user),
        "filters": filters,
        **choices,
        # The filters as the page links keep them (a page of this selection, not of all sessions).
        "page_query": urlencode({name: value for name, value in _list_params(filters).items() if value}),
    }
    if request.htmx and request.htmx.target == "session-results":
        return render(request, "sessions/list.html#results", context)
    return render(request, "sessions/list.html", context)


def _list_filters(query) -> tuple[dict, dict]:
    """The list's filters from the URL, and the choices its form offers. A value that is none of
    the choices is ignored (the filter is off), as the board does with its state."""
    years = list_selectors.session_years()
    provinces = list(Province.objects.order_by("name"))
    year, code = query.get("jaar", ""), query.get("provincie", "")
    kind, status = query.get("soort", ""), query.get("status", "")
    filters = {
        "year": next((y for y in years if str(y) == year), None),
        "province": next((p for p in provinces if p.code == code), None),
        "kind": kind if kind in Session.Kind.values else "",
        "status": status if status in Session.Status.values else "",
        "query": query.get("q", "").strip()[:100],
    }
    choices = {
        "years": years,
        "provinces": provinces,
        "kinds": Session.Kind.choices,
        "statuses": Session.Status.choices,
    }
    return filters, choices


def _list_params(filters: dict) -> dict:
    province = filters["province"]
    return {
        "jaar": filters["year"] or "",
        "provincie": province.code if province else "",
        "soort": filters["kind"],
        "status": filters["status"],
        "q": filters["query"],
    }


def _list_intro(user) -> str:
    if is_programme_staff(user):
        return _("Alle sessies van het programma, in alle provincies.")
    if province_ids(user):
        return _("De sessies die uw provincie organiseert of waaraan gemeenten in uw provincie deelnemen.")
    return _("De sessies waaraan uw gemeente deelneemt.")


@login_required
@require_GET
def session_detail(request, pk):
    # The invitations table is its own view (who may see invitees is its own question): its
    # filters and page links swap it in place, and pages opened before it had a URL of its own
    # still poll this one with ?deel=invitations.
    if request.GET.get("deel") == "invitations" or (request.htmx and request.htmx.target == "invitations"):
        return invitation_table.session_invitations(request, pk)
    session = get_session_for_user(request.user, pk)
    return render(request, "sessions/detail.html", detail_context(request, session))


def detail_context(request, session, *, programme_form=None, workshop_form=None) -> dict:
    """The session page; a rejected programme item or workshop comes back bound, with its errors.
    Readers who may not change the session get counts only: no invitee is loaded for them."""
    can_change = request.user.has_perm("sprints.change_session", session)
    if can_change:
        invitees = invitation_table.table_context(request, session)
    else:
        invitees = invitation_selectors.invitation_counts(session=session)
    return {
        "session": session,
        "can_change": can_change,
        # The outcomes page (a higher app, named here by its permission only): once the session is held.
        "show_outcomes": session.status == session.Status.HELD
        and request.user.has_perm("outcomes.view_session_outcomes", session),
        "missing": selectors.missing_seats(session=session),
        # What the apps above add (the published terugblik: outcomes), see sessions/pages.py.
        "parts": pages.page_parts(request, session),
        **invitees,
        "attendance_refusal": attendance_refusal(session),
        "signups": session.signup_requests.select_related("contact") if can_change else [],
        "programme_form": programme_form or ProgrammeItemForm(prefix="programme", session=session),
        "workshop_form": workshop_form or WorkshopForm(prefix="workshop", session=session),
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    """GET asks for confirmation (who will be told, and that it cannot be undone); POST cancels."""
    session = get_session_for_user(request.user, pk, action="change")
    if not session.is_open:
        messages.info(request, _("Deze sessie is al geannuleerd of gehouden."))
        return redirect("sessions:detail", pk=session.pk)
    if request.method == "GET":
        notified = selectors.notice_recipients(session=session).count()
        return render(request, "sessions/cancel_confirm.html", {"session": session, "notified": notified})
    planning.session_cancel(session=session, user=request.user)
    messages.success(request, _("De sessie is geannuleerd; genodigden krijgen bericht."))
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def seats(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    form = SeatsForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        planning.seats_save(session=session, seats=form.seats())
        messages.success(request, _("Gewenste partijen aan tafel opgeslagen."))
        return redirect("sessions:detail", pk=session.pk)
    return render(request, "sessions/seats.html", {"session": session, "form": form})


@login_required
@require_GET
def session_history(request, pk):
    """The session's audit rows: for whoever may change it (who planned, changed, invited, cancelled)."""
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    context = {
        "object": session,
        "back_url": reverse("sessions:detail", args=[session.pk]),
        "rows": object_history(session),
    }
    return render(request, "audit/history.html", context)
