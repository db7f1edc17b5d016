import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts.models import User
from accounts.rules import is_programme_staff, province_ids
from accounts.services import calendar_token_rotate
from heatportal.forms import FIRST_DATE, LAST_DATE
from heatportal.permissions import require_perm
from municipalities.models import Municipality, Organisation, Province
from sessions import edit_merge, exports, forms, selectors
from sessions.ical import feed_ics
from sessions.models import Invitation, MunicipalityPlan, ProgrammeItem, Session, SignupRequest, Workshop
from sessions.services import answers, invitations, planning, signups
from sessions.services.attendance import attendance_refusal, attendance_save


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


def _board_province(request) -> Province:
    """Provincial staff plan their own province; programme staff pick one (?provincie=PV22)."""
    mine = province_ids(request.user)
    code = request.GET.get("provincie") or request.POST.get("provincie") or ""
    provinces = Province.objects.all() if is_programme_staff(request.user) else Province.objects.filter(pk__in=mine)
    province = (provinces.filter(code=code).first() if code else None) or provinces.order_by("name").first()
    if province is None:
        raise Http404
    return province


def _planner_provinces(user):
    return Province.objects.all() if is_programme_staff(user) else Province.objects.filter(pk__in=province_ids(user))


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
    return {
        "province": province,
        "month": month,
        "prev_month": (month - dt.timedelta(days=1)).replace(day=1) if month > FIRST_DATE else None,
        "next_month": (month + dt.timedelta(days=32)).replace(day=1)
        if month.year < LAST_DATE.year or month.month < 12
        else None,
        "weeks": selectors.month_calendar(user=request.user, province=province, year=month.year, month=month.month),
    }


def _board_context(request, province: Province, *, state: str = "", month: dt.date | None = None) -> dict:
    return {
        **selectors.board(user=request.user, province=province, state=state),
        "provinces": list(_planner_provinces(request.user)),
        "state": state,
        "states": selectors.MunicipalityState.LABELS.items(),
        **_calendar_context(request, province, month=month),
    }


def _board_refresh(request, *, province: Province, notice: str, link=None, month=None) -> HttpResponse:
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
    province = _board_province(request)
    state = request.GET.get("status", "")
    state = state if state in selectors.MunicipalityState.LABELS else ""
    if request.htmx and request.GET.get("deel") == "calendar":
        # The month arrows: only the calendar is rebuilt.
        return render(
            request, "sessions/board.html#calendar", _calendar_context(request, province, month=_month(request))
        )
    context = _board_context(request, province, state=state, month=_month(request))
    if request.htmx and request.htmx.target == "board":
        # The filter form: the URL (pushed by htmx) holds the whole state, so loading it
        # directly or restoring it from history renders the same board as a full page.
        return render(request, "sessions/board.html#board", context)
    return render(request, "sessions/board.html", context)


@login_required
@require_GET
def session_list(request):
    require_perm(request.user, "sprints.list_sessions")
    sessions = (
        selectors._with_counts(selectors.visible_sessions(request.user))
        .select_related("organiser_province")
        .order_by("-first_date", "title")
    )
    if is_programme_staff(request.user):
        intro = _("Alle sessies van het programma, in alle provincies.")
    elif province_ids(request.user):
        intro = _("De sessies die uw provincie organiseert of waaraan gemeenten in uw provincie deelnemen.")
    else:
        intro = _("De sessies waaraan uw gemeente deelneemt.")
    return render(request, "sessions/list.html", {"sessions": sessions, "intro": intro})


def _session_form_response(request, *, session: Session | None, province: Province):
    data = request.POST if request.method == "POST" else None
    form = forms.SessionForm(data, instance=session, province=province, provinces=_planner_provinces(request.user))
    days = forms.day_formset(data, session=session)
    warnings, conflict = [], None
    if data is not None and form.is_valid() and days.is_valid():
        changes = forms.formset_days(days)
        warnings = planning.session_warnings(
            days=changes.days, municipality_ids=form.municipality_ids(), exclude_session_id=session and session.pk
        )
        if not warnings or form.cleaned_data["confirm"]:
            obj = form.save(commit=False)
            obj.reminder_days = form.cleaned_data["reminder_days_text"]
            try:
                obj = planning.session_save(
                    session=obj,
                    days=changes.days,
                    removed_day_ids=changes.removed_ids,
                    municipality_ids=form.municipality_ids(),
                    user=request.user,
                    expected_version=form.cleaned_data["version"]["v"]
                    if session and form.cleaned_data["version"]
                    else None,
                )
            except planning.SessionConflict as exc:
                conflict = _conflict(request, form=form, changes=changes, current=exc.current, province=province)
                form, days = conflict.pop("form"), conflict.pop("days")
            else:
                return _session_saved(request, session=obj, province=province)
    context = {
        "form": form,
        "days": days,
        "warnings": warnings,
        "conflict": conflict,
        "session": session,
        "province": province,
        "inline": bool(request.htmx),
    }
    template = "sessions/session_form.html#editor" if request.htmx else "sessions/session_form.html"
    # htmx swaps no 4xx answer by default: on the board the conflict must come back as 200, or
    # the editor would see nothing happen (the page's own form keeps the honest 409).
    return render(request, template, context, status=409 if conflict and not request.htmx else 200)


def _conflict(request, *, form, changes, current: Session, province: Province) -> dict:
    """Someone saved the session after this editor opened it. Nothing was written. The form comes
    back with a three-way merge: what the other changed and this editor left alone is taken over,
    this editor's own changes stay, and what both changed is named, so saving again is a choice
    that can no longer quietly undo the other's work."""
    original = (form.cleaned_data["version"] or {}).get("s", {})
    merged = edit_merge.merge(original=original, form=form, changes=changes, current=current)
    differences = forms.conflict_differences(form=form, days=changes, current=current, merged=merged)
    own_province = set(form.fields["municipalities"].queryset.values_list("pk", flat=True))
    data = edit_merge.rebound_data(post=request.POST, merged=merged, current=current, own_province_ids=own_province)
    session = selectors.session_detail(pk=current.pk)
    planner_provinces = _planner_provinces(request.user)
    rebound = forms.SessionForm(data, instance=session, province=province, provinces=planner_provinces)
    rebound.is_valid()
    days = forms.day_formset(data, session=session)
    days.is_valid()
    return {"differences": differences, "updated_at": current.updated_at, "form": rebound, "days": days}


def _session_saved(request, *, session: Session, province: Province):
    notice = _("Sessie “%(title)s” opgeslagen.") % {"title": session.title}
    if request.htmx:
        first = session.days.order_by("date").first()
        month = first.date.replace(day=1) if first else None
        return _board_refresh(request, province=province, notice=notice, link=session, month=month)
    messages.success(request, notice)
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    require_perm(request.user, "sprints.add_session")
    return _session_form_response(request, session=None, province=_board_province(request))


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_session_for_user(request, pk, write=True)
    province = session.organiser_province
    if province is None or province.pk not in province_ids(request.user) and not is_programme_staff(request.user):
        province = _board_province(request)
    return _session_form_response(request, session=session, province=province)


@login_required
@require_GET
def session_detail(request, pk):
    if request.GET.get("deel") == "invitations":
        # Pages opened before the partial had its own URL still poll this one.
        return session_invitations(request, pk)
    session = get_session_for_user(request, pk)
    return render(request, "sessions/detail.html", _detail_context(request, session))


@login_required
@require_GET
def session_invitations(request, pk):
    """The invitations table alone (polled while a batch goes out). Invitees are personal data:
    only those who may change the session see them, whatever the page around it shows."""
    session = get_session_for_user(request, pk, write=True, detail=False)
    if not request.htmx:
        return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#uitnodigingen")
    return render(request, "sessions/detail.html#invitations", {"session": session, **_invitations_context(session)})


def _invitations_context(session: Session) -> dict:
    invitations = list(selectors.invitation_list(session=session))
    return {
        "invitations": invitations,
        "unsent": sum(1 for inv in invitations if inv.email_id is None and inv.send_requested_at is None),
        "accepted": sum(1 for inv in invitations if inv.answer == Invitation.Answer.ACCEPTED),
        "sending": any(inv.email_id is None and inv.send_requested_at for inv in invitations),
        "progress": selectors.invitation_progress(invitations),
    }


def _detail_context(request, session, *, programme_form=None, workshop_form=None) -> dict:
    """The session page; a rejected programme item or workshop comes back bound, with its errors.
    Readers who may not change the session get counts only: no invitee is loaded for them."""
    can_change = request.user.has_perm("sprints.change_session", session)
    if can_change:
        invitees = _invitations_context(session)
        invitees["invitation_count"] = len(invitees["invitations"])
    else:
        invitees = selectors.invitation_counts(session=session)
    return {
        "session": session,
        "can_change": can_change,
        "missing": selectors.missing_seats(session=session),
        **invitees,
        "attendance_refusal": attendance_refusal(session),
        "signups": session.signup_requests.select_related("contact") if can_change else [],
        "programme_form": programme_form or forms.ProgrammeItemForm(prefix="programme"),
        "workshop_form": workshop_form or forms.WorkshopForm(prefix="workshop"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    """GET asks for confirmation (who will be told, and that it cannot be undone); POST cancels."""
    session = get_session_for_user(request, pk, write=True)
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
def municipality_plan(request, cbs_code):
    municipality = get_object_or_404(Municipality.objects.select_related("province"), cbs_code=cbs_code)
    require_perm(request.user, "sprints.change_municipality_plan", municipality)
    plan = MunicipalityPlan.objects.filter(municipality=municipality).first()
    form = forms.MunicipalityPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        planning.municipality_plan_save(municipality=municipality, user=request.user, **form.cleaned_data)
        notice = _("Planning van %(name)s opgeslagen.") % {"name": municipality.name}
        if request.htmx:
            return _board_refresh(request, province=municipality.province, notice=notice)
        messages.success(request, notice)
        return redirect(reverse("sessions:board") + f"?provincie={municipality.province.code}")
    context = {"form": form, "municipality": municipality, "inline": bool(request.htmx)}
    template = "sessions/plan_form.html#editor" if request.htmx else "sessions/plan_form.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def seats(request, pk):
    session = get_session_for_user(request, pk, write=True)
    form = forms.SeatsForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        planning.seats_save(session=session, seats=form.seats())
        messages.success(request, _("Gewenste partijen aan tafel opgeslagen."))
        return redirect("sessions:detail", pk=session.pk)
    return render(request, "sessions/seats.html", {"session": session, "form": form})


@login_required
@require_POST
def programme_add(request, pk):
    session = get_session_for_user(request, pk, write=True)
    form = forms.ProgrammeItemForm(request.POST, prefix="programme")
    if not form.is_valid():
        # The page again with the form open and what was typed in it, errors beside the fields.
        return render(
            request, "sessions/detail.html", _detail_context(request, session, programme_form=form), status=400
        )
    planning.programme_item_add(session=session, **form.cleaned_data)
    messages.success(request, _("Programmaonderdeel toegevoegd."))
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#programma")


@login_required
@require_POST
def programme_delete(request, pk, item_pk):
    session = get_session_for_user(request, pk, write=True)
    get_object_or_404(ProgrammeItem, pk=item_pk, session=session).delete()
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#programma")


@login_required
@require_POST
def workshop_add(request, pk):
    session = get_session_for_user(request, pk, write=True)
    form = forms.WorkshopForm(request.POST, prefix="workshop")
    if not form.is_valid():
        return render(
            request, "sessions/detail.html", _detail_context(request, session, workshop_form=form), status=400
        )
    planning.workshop_add(session=session, **form.cleaned_data)
    messages.success(request, _("Workshop toegevoegd."))
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#workshops")


@login_required
@require_POST
def workshop_delete(request, pk, workshop_pk):
    session = get_session_for_user(request, pk, write=True)
    get_object_or_404(Workshop, pk=workshop_pk, session=session).delete()
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#workshops")


def _added_message(n: int) -> str:
    return ngettext("%(n)d genodigde toegevoegd.", "%(n)d genodigden toegevoegd.", n) % {"n": n}


def _types(request) -> list[str]:
    return [t for t in request.GET.getlist("soort") or request.POST.getlist("soort") if t in Organisation.Type.values]


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    session = get_session_for_user(request, pk, write=True)
    types = _types(request)
    contacts = selectors.invitable_contacts(session=session, types=types)
    contacts_form = forms.InviteContactsForm(request.POST if "contacts" in request.POST else None, contacts=contacts)
    paste_form = forms.InvitePasteForm(request.POST if "lines" in request.POST else None)
    bad_lines, skipped_lines = [], []
    if request.method == "POST" and contacts_form.is_bound and contacts_form.is_valid():
        added = invitations.invitations_add(
            session=session, contacts=list(contacts_form.cleaned_data["contacts"]), user=request.user
        )
        messages.success(request, _added_message(len(added)))
        return redirect("sessions:invite", pk=session.pk)
    if request.method == "POST" and paste_form.is_bound and paste_form.is_valid():
        text = paste_form.cleaned_data["lines"]
        result = invitations.invitations_paste(session=session, text=text, user=request.user)
        messages.success(request, _added_message(len(result.added)))
        if not result.bad and not result.skipped:
            return redirect("sessions:invite", pk=session.pk)
        # The box keeps only the lines to correct; "Regel N" counts lines in that box.
        bad_lines = [(number, line, reason) for number, (line, reason) in enumerate(result.bad, start=1)]
        skipped_lines = result.skipped
        paste_form = forms.InvitePasteForm(initial={"lines": "\n".join(line for line, _ in result.bad)})
    context = {
        "session": session,
        "contacts_form": contacts_form,
        "paste_form": paste_form,
        "bad_lines": bad_lines,
        "skipped_lines": skipped_lines,
        "types": types,
        "type_choices": Organisation.Type.choices,
        "pending": session.invitations.filter(email__isnull=True, send_requested_at__isnull=True).count(),
    }
    if request.htmx and request.method == "GET":
        return render(request, "sessions/invite.html#contacts", context)
    return render(request, "sessions/invite.html", context)


@login_required
@require_POST
def invitations_send(request, pk):
    session = get_session_for_user(request, pk, write=True)
    count = invitations.invitations_send(session=session)
    messages.success(
        request,
        ngettext("%(n)d uitnodiging wordt verstuurd.", "%(n)d uitnodigingen worden verstuurd.", count) % {"n": count},
    )
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#uitnodigingen")


@login_required
@require_POST
def signup_decide(request, pk, request_pk):
    session = get_session_for_user(request, pk, write=True)
    signup = get_object_or_404(SignupRequest, pk=request_pk, session=session)
    approve = request.POST.get("besluit") == "goedkeuren"
    signups.signup_request_decide(signup=signup, approve=approve, user=request.user)
    messages.success(
        request, _("Verzoek goedgekeurd; de uitnodiging gaat uit.") if approve else _("Verzoek afgewezen.")
    )
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#verzoeken")


@ratelimit(key="ip", rate="5/h", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def signup_request(request, pk):
    session = get_object_or_404(
        Session.objects.prefetch_related("days"), pk=pk, invitation_only=True, status__in=["to_schedule", "scheduled"]
    )
    form = forms.SignupRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        signups.signup_request_create(
            session=session,
            name=data["name"],
            email=data["email"],
            organisation_name=data["organisation"],
            motivation=data["motivation"],
        )
        return render(request, "sessions/signup_done.html", {"session": session})
    return render(request, "sessions/signup.html", {"session": session, "form": form})


def _link_problem(request, *, expired: bool, token: str = ""):
    status = 410 if expired else 400
    session = answers.session_from_expired_token(token) if expired else None
    return render(request, "sessions/answer_invalid.html", {"expired": expired, "session": session}, status=status)


@require_http_methods(["GET", "POST"])
def answer(request, token):
    try:
        invitation = answers.invitation_from_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, expired=True, token=token)
    except (signing.BadSignature, Invitation.DoesNotExist):
        return _link_problem(request, expired=False)
    session = selectors.session_detail(pk=invitation.session_id)
    workshops = list(session.workshops.all())
    initial = {"answer": {"accepted": "accept", "declined": "decline"}.get(invitation.answer)}
    for rank, pref in enumerate(invitation.preferences.order_by("rank"), start=1):
        initial[f"choice_{rank}"] = str(pref.workshop_id)
    form = forms.AnswerForm(request.POST or None, workshops=workshops, initial=initial)
    is_open = answers.answer_open(invitation)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            answers.invitation_answer(
                invitation=invitation,
                accept=form.cleaned_data["answer"] == "accept",
                ranking=form.cleaned_data["ranking"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Dank u wel, uw antwoord is opgeslagen. U kunt het tot de deadline wijzigen."))
            return redirect("sessions:answer", token=token)
    context = {"invitation": invitation, "session": session, "form": form, "is_open": is_open}
    return render(request, "sessions/answer.html", context)


@require_GET
def calendar_feed(request, token):
    if len(token) < 20:
        raise Http404
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    body = feed_ics(sessions=selectors.feed_sessions(user=user), name=_("Warmteportaal: mijn sessies"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_rotate(request):
    calendar_token_rotate(user=request.user)
    messages.success(request, _("Er is een nieuwe agenda-link gemaakt; de oude werkt niet meer."))
    return redirect("accounts:profile")


@login_required
@require_GET
def export(request, pk, fmt):
    session = get_session_for_user(request, pk, write=True)
    workshop = None
    if request.GET.get("workshop"):
        # ?workshop=abc is no workshop of this session: 404, not a ValueError from the query.
        workshop_pk = request.GET["workshop"]
        if not workshop_pk.isascii() or not workshop_pk.isdigit() or len(workshop_pk) > 18:
            raise Http404
        workshop = get_object_or_404(Workshop, pk=int(workshop_pk), session=session)
    rows = selectors.attendee_rows(session=session, workshop=workshop)
    return exports.attendee_response(session=session, workshop=workshop, rows=rows, fmt=fmt)


@login_required
@require_GET
def presence_list(request, pk):
    session = get_session_for_user(request, pk, write=True)
    rows = selectors.attendee_rows(session=session)
    return render(request, "sessions/presence.html", {"session": session, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    session = get_session_for_user(request, pk, write=True)
    refusal = attendance_refusal(session)
    rows = selectors.attendee_rows(session=session)
    form = forms.AttendanceForm(request.POST if request.method == "POST" else None, rows=rows)
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
