"""Creating and editing a session with its days (on its own page or inline on the board), and the
conflict shown when someone else saved the session meanwhile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import is_programme_staff, province_ids
from heatportal.permissions import require_perm
from municipalities.models import Province
from sessions import edit_merge, selectors
from sessions.forms.conflict import conflict_differences
from sessions.forms.days import day_formset, formset_days
from sessions.forms.planning import SessionForm
from sessions.models import Session
from sessions.notice_preview import notice_preview
from sessions.rules import get_session_for_user
from sessions.services import copying, planning
from sessions.views.access import board_province, planner_provinces
from sessions.views.board import board_refresh


def _session_form_response(request, *, session: Session | None, province: Province):
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, instance=session, province=province, provinces=planner_provinces(request.user))
    days = day_formset(data, session=session)
    warnings, conflict, notice = [], None, None
    if data is not None and form.is_valid() and days.is_valid():
        changes = formset_days(days)
        warnings = planning.session_warnings(
            days=changes.days, municipality_ids=form.municipality_ids(), exclude_session_id=session and session.pk
        )
        notice = notice_preview(session=session, days=changes.days, removed_day_ids=changes.removed_ids)
        if (not warnings or form.cleaned_data["confirm"]) and (not notice or form.cleaned_data["notify_decided"]):
            try:
                saved = _save(request, form=form, changes=changes, editing=session is not None)
            except planning.SessionConflict as exc:
                conflict = _conflict(request, form=form, changes=changes, current=exc.current, province=province)
                form, days = conflict.pop("form"), conflict.pop("days")
            else:
                return _session_saved(request, session=saved, province=province)
    context = {
        "form": form,
        "days": days,
        "warnings": warnings,
        "notice": notice,
        "conflict": conflict,
        "session": session,
        "province": province,
        "inline": bool(request.htmx),
    }
    template = "sessions/session_form.html#editor" if request.htmx else "sessions/session_form.html"
    # htmx swaps no 4xx answer by default: on the board the conflict must come back as 200, or
    # the editor would see nothing happen (the page's own form keeps the honest 409).
    return render(request, template, context, status=409 if conflict and not request.htmx else 200)


def _save(request, *, form, changes, editing: bool) -> Session:
    """The session as the form has it, with its days; an edit made on a version that is no longer
    the stored one raises SessionConflict."""
    session = form.save(commit=False)
    session.reminder_days = form.cleaned_data["reminder_days_text"]
    version = form.cleaned_data["version"]
    return planning.session_save(
        session=session,
        days=changes.days,
        removed_day_ids=changes.removed_ids,
        municipality_ids=form.municipality_ids(),
        user=request.user,
        expected_version=version["v"] if editing and version else None,
        notify=not form.cleaned_data["silent"],
    )


def _conflict(request, *, form, changes, current: Session, province: Province) -> dict:
    """Someone saved the session after this editor opened it. Nothing was written. The form comes
    back with a three-way merge: what the other changed and this editor left alone is taken over,
    this editor's own changes stay, and what both changed is named, so saving again is a choice
    that can no longer quietly undo the other's work."""
    original = (form.cleaned_data["version"] or {}).get("s", {})
    merged = edit_merge.merge(original=original, form=form, changes=changes, current=current)
    differences = conflict_differences(form=form, days=changes, current=current, merged=merged)
    own_province = set(form.fields["municipalities"].queryset.values_list("pk", flat=True))
    data = edit_merge.rebound_data(post=request.POST, merged=merged, current=current, own_province_ids=own_province)
    session = selectors.session_detail(pk=current.pk)
    provinces = planner_provinces(request.user)
    rebound = SessionForm(data, instance=session, province=province, provinces=provinces)
    rebound.is_valid()
    days = day_formset(data, session=session)
    days.is_valid()
    return {"differences": differences, "updated_at": current.updated_at, "form": rebound, "days": days}


def _session_saved(request, *, session: Session, province: Province):
    notice = _("Sessie “%(title)s” opgeslagen.") % {"title": session.title}
    if request.htmx:
        first = session.days.order_by("date").first()
        month = first.date.replace(day=1) if first else None
        return board_refresh(request, province=province, notice=notice, link=session, month=month)
    messages.success(request, notice)
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    require_perm(request.user, "sprints.add_session")
    return _session_form_response(request, session=None, province=board_province(request))


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    province = session.organiser_province
    if province is None or province.pk not in province_ids(request.user) and not is_programme_staff(request.user):
        province = board_province(request)
    return _session_form_response(request, session=session, province=province)


@login_required
@require_POST
def session_copy(request, pk):
    """The start of the next round: the copy opens in its edit form, to give it dates."""
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    copy = copying.session_copy(session=session, user=request.user)
    messages.success(
        request,
        _(
            "Kopie gemaakt, zonder genodigden en data. Geef de kopie een titel en data; het programma "
            "en de workshops komen dan vanzelf op hun dag (dag 1, dag 2)."
        ),
    )
    return redirect("sessions:edit", pk=copy.pk)
