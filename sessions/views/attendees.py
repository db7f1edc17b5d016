"""Who comes and who came: the attendee exports, the presence list and recording attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sessions import exports, selectors
from sessions.forms.invitations import AttendanceForm
from sessions.rules import get_session_for_user, get_workshop_for_user
from sessions.services.attendance import attendance_refusal, attendance_save


@login_required
@require_GET
def export(request, pk, fmt):
    workshop = None
    if workshop_pk := request.GET.get("workshop"):
        # ?workshop=abc is no workshop of this session: 404, not a ValueError from the query.
        if not workshop_pk.isascii() or not workshop_pk.isdigit() or len(workshop_pk) > 18:
            raise Http404
        workshop = get_workshop_for_user(request.user, pk, int(workshop_pk), action="change", detail=True)
    session = workshop.session if workshop else get_session_for_user(request.user, pk, action="change")
    rows = selectors.attendee_rows(session=session, workshop=workshop)
    return exports.attendee_response(session=session, workshop=workshop, rows=rows, fmt=fmt)


@login_required
@require_GET
def presence_list(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    rows = selectors.attendee_rows(session=session)
    return render(request, "sessions/presence.html", {"session": session, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    refusal = attendance_refusal(session)
    rows = selectors.attendee_rows(session=session)
    form = AttendanceForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            attendance_save(
                session=session, attended_ids=form.attended_ids(), nobody_attended=form.cleaned_data["nobody"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Aanwezigheid opgeslagen; de sessie staat op gehouden."))
            return redirect("sessions:detail", pk=session.pk)
    context = {"session": session, "form": form, "rows": rows, "refusal": refusal}
    return render(
        request, "sessions/attendance.html", context, status=409 if refusal and request.method == "POST" else 200
    )
