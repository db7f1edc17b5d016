"""Checking in on the day, on a phone: the day's list (searchable), a tick per person, walk-ins,
counts per kind of organisation; and the page a scanned check-in code opens.

Invitees are personal data: only those who may change the session see the list or a code's entry.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from municipalities.models import Organisation
from sessions.checkin_codes import invitation_from_checkin_token
from sessions.checkin_selectors import CHECKIN_PAGE_SIZE, checkin_counts, checkin_rows
from sessions.forms.invitations import CheckinSearchForm, WalkInForm
from sessions.models import Invitation, InvitationDay, Session, SessionDay
from sessions.rules import get_session_for_user
from sessions.services.checkin import checkin_mark, checkin_refusal, checkin_walk_in

TEMPLATE = "sessions/checkin.html"


def _day(session: Session, value) -> SessionDay:
    """The day asked for (?dag=), else today's, else the first still to come, else the last."""
    days = list(session.days.all())
    if not days:
        raise Http404
    if value:
        chosen = next((d for d in days if str(d.pk) == str(value)), None)
        if chosen is None:
            raise Http404
        return chosen
    today = timezone.localdate()
    return next((d for d in days if d.date >= today), days[-1])


def _organisations(session: Session):
    return Organisation.objects.filter(municipalities__session_participations__session=session).distinct()


def _list_url(session: Session, day: SessionDay, query: str = "") -> str:
    params = {"dag": day.pk, **({"q": query} if query else {})}
    return reverse("sessions:checkin", kwargs={"pk": session.pk}) + "?" + urlencode(params)


def _context(request, session: Session, day: SessionDay, *, walk_in_form=None) -> dict:
    search = CheckinSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = Paginator(checkin_rows(day=day, query=query), CHECKIN_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return {
        "session": session,
        "day": day,
        "days": list(session.days.all()),
        "search_form": search,
        "query": query,
        "page": page,
        "page_query": urlencode({"dag": day.pk, **({"q": query} if query else {})}),
        "counts": checkin_counts(day=day),
        "refusal": checkin_refusal(session, day),
        "walk_in_form": walk_in_form or WalkInForm(organisations=_organisations(session), prefix="nieuw"),
        "back": _list_url(session, day, query),
    }


@login_required
@require_GET
def checkin(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    day = _day(session, request.GET.get("dag"))
    context = _context(request, session, day)
    if request.htmx and request.htmx.target == "checkin-list":
        return render(request, TEMPLATE + "#checkin_list", context)
    return render(request, TEMPLATE, context)


@login_required
@require_POST
def checkin_toggle(request, pk, attendance_pk):
    """Tick or untick one person (present=1 or 0); htmx gets the row and the counts back."""
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    row = get_object_or_404(InvitationDay.objects.select_related("day"), pk=attendance_pk, day__session=session)
    try:
        row = checkin_mark(attendance=row, present=request.POST.get("present") == "1", user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_list_url(session, row.day))
    if request.htmx:
        row = checkin_rows(day=row.day).get(pk=row.pk)
        context = {"row": row, "session": session, "counts": checkin_counts(day=row.day), "oob_counts": True}
        return render(request, TEMPLATE + "#checkin_row", context)
    name = {"name": row.invitation.contact.name}
    messages.success(
        request, _("%(name)s is ingecheckt.") % name if row.present_at else _("%(name)s is uitgevinkt.") % name
    )
    back = request.POST.get("terug", "")
    return redirect(back if _is_own_path(back) else _list_url(session, row.day))


def _is_own_path(value: str) -> bool:
    return value.startswith("/sessies/") and "//" not in value and "\\" not in value


@login_required
@require_http_methods(["POST"])
def checkin_walk_in_add(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    day = _day(session, request.POST.get("dag"))
    form = WalkInForm(request.POST, organisations=_organisations(session), prefix="nieuw")
    if form.is_valid():
        data = form.cleaned_data
        try:
            checkin_walk_in(
                session=session,
                day=day,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is toegevoegd en ingecheckt.") % {"name": data["name"]})
            return redirect(_list_url(session, day))
    return render(request, TEMPLATE, _context(request, session, day, walk_in_form=form), status=400)


@login_required
@require_GET
def checkin_code(request, token):
    """What a scanned check-in code opens: that person's entry, to tick them in with one tap."""
    try:
        invitation = invitation_from_checkin_token(token)
    except (signing.BadSignature, Invitation.DoesNotExist):
        return render(request, "sessions/checkin_code_invalid.html", status=400)
    session = get_session_for_user(request.user, invitation.session_id, action="change")
    if invitation.answer != Invitation.Answer.ACCEPTED:
        raise PermissionDenied
    rows = list(
        InvitationDay.objects.filter(invitation=invitation)
        .select_related("day", "invitation__contact__organisation")
        .order_by("day__date")
    )
    for row in rows:
        row.refusal = checkin_refusal(session, row.day)
    context = {"session": session, "invitation": invitation, "rows": rows, "back": request.get_full_path()}
    return render(request, "sessions/checkin_code.html", context)
