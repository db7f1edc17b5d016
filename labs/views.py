from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.rules import is_programme_admin, province_ids
from heatportal.audit.selectors import object_history
from heatportal.permissions import require_perm
from labs import selectors
from labs.forms import CaseUpdateForm, EnrolmentForm, LabForm, MeetingForm, WithdrawForm
from labs.models import Enrolment, Lab, LabMeeting
from labs.rules import get_enrolment_for_user, get_lab_for_user, get_meeting_for_user, labs_managed_by
from labs.services import decisions, editing, enrolling, meetings, offers
from labs.services.errors import LabError
from municipalities.models import Province


def _done(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# --- Public ---------------------------------------------------------------------------------
CATALOGUE_PAGE_SIZE = 12


def _catalogue_filters(query) -> dict:
    """The catalogue's filters from the query string; anything unknown falls back to the default."""
    status = query.get("status", selectors.STATUS_CURRENT)
    if status not in (selectors.STATUS_ALL, *Lab.Status.values):
        status = selectors.STATUS_CURRENT
    return {
        "province": query.get("provincie", "").strip()[:10],
        "status": status,
        "query": query.get("q", "").strip()[:100],
    }


@require_GET
def catalogue(request):
    filters = _catalogue_filters(request.GET)
    labs = selectors.lab_catalogue(**filters)
    page = Paginator(labs, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    _attach_own_enrolments(request.user, page.object_list)
    kept = {"provincie": filters["province"], "status": filters["status"], "q": filters["query"]}
    context = {
        "page": page,
        "filters": filters,
        "page_query": urlencode({key: value for key, value in kept.items() if value}),
        "all_statuses_query": urlencode(
            {key: value for key, value in {**kept, "status": selectors.STATUS_ALL}.items() if value}
        ),
        "provinces": Province.objects.order_by("name"),
        "statuses": [(selectors.STATUS_ALL, _("Alle statussen")), *Lab.Status.choices],
    }
    template = "labs/catalogue.html#results" if request.htmx else "labs/catalogue.html"
    response = render(request, template, context)
    # The partial and the page share a URL (hx-push-url): "back" must not show the bare partial.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _attach_own_enrolments(user, labs) -> None:
    """Each lab's `own` enrolments (the user's municipalities): one query for the whole list."""
    labs = list(labs)
    own = selectors.own_enrolments_by_lab(user=user, labs=labs)
    for lab in labs:
        lab.own = own[lab.pk]


@require_GET
def lab_detail(request, pk):
    lab = get_lab_for_user(request.user, pk)
    return render(request, "labs/detail.html", _detail_context(request, lab))


def _detail_context(request, lab: Lab, *, form=None, refusal: str = "") -> dict:
    user = request.user
    municipalities = list(selectors.user_municipalities(user=user)) if user.is_authenticated else []
    mine = selectors.enrolments_of_user_for_lab(user=user, lab=lab) if municipalities else []
    current = {e.municipality_id for e in mine if e.status in (Enrolment.Status.ACTIVE, *Enrolment.ON_LIST)}
    still_free = [m for m in municipalities if m.pk not in current]
    if form is None and not refusal and still_free and user.has_perm("labs.enrol"):
        refusal = _eligibility_refusal(lab, still_free)
        form = None if refusal else EnrolmentForm(municipalities=still_free)
    can_manage = user.has_perm("labs.manage_lab", lab)
    return {
        "lab": lab,
        "form": form,
        "refusal": refusal,
        "mine": mine,
        "has_municipality": bool(municipalities),
        "can_manage": can_manage,
        "can_view_room": user.has_perm("labs.view_room", lab),
        "intake": selectors.lab_intake(lab=lab) if can_manage else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request, pk):
    require_perm(request.user, "labs.enrol")
    lab = get_lab_for_user(request.user, pk)
    municipalities = list(selectors.user_municipalities(user=request.user))
    if request.method == "GET":
        return render(request, "labs/detail.html", _detail_context(request, lab))
    form = EnrolmentForm(request.POST, municipalities=municipalities)
    if form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = enrolling.enrolment_create(
                lab=lab,
                municipality=data["municipality"],
                user=request.user,
                case_title=data["case_title"],
                case_description=data["case_description"],
                colleagues=data["colleagues"],
                share_contact=data["share_contact"],
                learning_goals=data["learning_goals"],
            )
        except LabError as exc:
            # The reason, not the form again: sending it once more would be refused the same way.
            context = _detail_context(request, lab, refusal=exc.message)
            return render(request, "labs/detail.html", context, status=exc.status)
        else:
            if enrolment.status == Enrolment.Status.ACTIVE:
                messages.success(
                    request, _("%(m)s is aangemeld voor %(lab)s.") % {"m": enrolment.municipality, "lab": lab}
                )
            else:
                messages.info(
                    request, _("Dit Leer Lab is vol: %(m)s staat op de wachtlijst.") % {"m": enrolment.municipality}
                )
            return _done(request, lab.get_absolute_url())
    context = _detail_context(request, lab, form=form)
    template = "labs/detail.html#enrol" if request.htmx else "labs/detail.html"
    return render(request, template, context)


def _eligibility_refusal(lab: Lab, municipalities) -> str:
    if any(selectors.lab_is_eligible(lab=lab, municipality=m) for m in municipalities):
        return ""
    return enrolling.ineligible_message(lab=lab, names=", ".join(m.name for m in municipalities))


@require_http_methods(["GET", "POST"])
def offer_link(request, token):
    """The accept/decline page behind the link in the offer email; the signed token is the key."""
    try:
        enrolment = offers.offer_from_token(token)
    except LabError as exc:
        return render(request, "labs/offer_link.html", {"error": exc.message}, status=400)
    answer = request.POST.get("answer")
    if request.method == "POST" and answer in ("accept", "decline"):
        action = offers.offer_accept if answer == "accept" else offers.offer_decline
        try:
            action(enrolment=enrolment)
        except LabError as exc:
            return render(request, "labs/offer_link.html", {"error": exc.message, "enrolment": enrolment}, status=400)
        enrolment.refresh_from_db()
        return render(request, "labs/offer_link.html", {"enrolment": enrolment, "answered": answer})
    return render(request, "labs/offer_link.html", {"enrolment": enrolment})


# --- Officers -------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def enrolment_withdraw(request, pk):
    """A page asking to confirm (with an optional reason), then the withdrawal: no JavaScript needed."""
    enrolment = get_enrolment_for_user(request.user, pk, action="withdraw")
    form = WithdrawForm(
        request.POST if request.method == "POST" else None, initial={"next": request.GET.get("next", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolling.enrolment_withdraw(enrolment=enrolment, user=request.user, reason=form.cleaned_data["reason"])
        except LabError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(m)s is afgemeld voor %(lab)s.") % {"m": enrolment.municipality, "lab": enrolment.lab}
            )
        return _done(request, _safe_next(request, fallback=enrolment.lab.get_absolute_url()))
    # The lab with its counts: the page warns when leaving takes the lab below its minimum.
    context = {
        "enrolment": enrolment,
        "lab": selectors.lab_detail(pk=enrolment.lab_id).get(),
        "form": form,
        "holding": enrolment.status in enrolling.HOLDING,
    }
    return render(request, "labs/withdraw.html", context)


def _safe_next(request, *, fallback: str) -> str:
    """The posted `next` when it is a page of this portal, else FALLBACK: never another site."""
    target = request.POST.get("next", "")
    # Only a path: redirect() would take "0" or ":" for a URL name and fail to reverse it.
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if target.startswith("/") and safe else fallback


@login_required
@require_POST
def offer_answer(request, pk):
    enrolment = get_enrolment_for_user(request.user, pk, action="answer_offer")
    accept = request.POST.get("answer") == "accept"
    try:
        (offers.offer_accept if accept else offers.offer_decline)(enrolment=enrolment, user=request.user)
    except LabError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("U heeft de plek aangenomen. Welkom in het Leer Lab!") if accept else _("U heeft de plek afgeslagen."),
        )
    return _done(request, enrolment.lab.get_absolute_url())


@login_required
@require_GET
def mine(request):
    require_perm(request.user, "labs.view_mine")
    user = request.user
    context = {
        "enrolments": selectors.enrolments_for_user(user=user),
        "advised": selectors.labs_advised_by(user=user),
        "organised": selectors.lab_list(labs=labs_managed_by(user)),
    }
    return render(request, "labs/mine.html", context)


# --- The lab page (participants, advisers, organisers) ------------------------------------
@login_required
@require_GET
def room(request, pk):
    lab = get_lab_for_user(request.user, pk, action="room")
    can_manage = request.user.has_perm("labs.manage_lab", lab)
    enrolments = list(selectors.lab_room_enrolments(lab=lab))
    for enrolment in enrolments:
        enrolment.lab = lab  # the loaded lab, with its advisers, for the permission checks
    meetings, more_meetings = selectors.lab_meetings_window(lab=lab, today=timezone.localdate())
    context = {
        "lab": lab,
        "enrolments": [(e, request.user.has_perm("labs.post_update", e)) for e in enrolments],
        "meetings": meetings,
        "more_meetings": more_meetings,
        "waiting": selectors.lab_waiting_list(lab=lab) if can_manage else None,
        "can_manage": can_manage,
        "form": CaseUpdateForm(),
    }
    return render(request, "labs/room.html", context)


PAGE_SIZE = 20


@login_required
@require_GET
def meetings_list(request, pk):
    """Every meeting of a lab, paged, for who may enter its room (the room shows a window)."""
    lab = get_lab_for_user(request.user, pk, action="room")
    page = Paginator(selectors.lab_meetings(lab=lab), PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"lab": lab, "page": page, "can_manage": request.user.has_perm("labs.manage_lab", lab)}
    return render(request, "labs/meetings.html", context)


@login_required
@require_GET
def case_updates(request, pk):
    """Every update of one case, newest first and paged (the room shows the latest few)."""
    enrolment = get_enrolment_for_user(request.user, pk, action="view")
    page = Paginator(selectors.case_updates(enrolment=enrolment), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "labs/case_updates.html", {"enrolment": enrolment, "lab": enrolment.lab, "page": page})


@login_required
@require_POST
def case_update(request, pk):
    enrolment = get_enrolment_for_user(request.user, pk, action="post_update")
    form = CaseUpdateForm(request.POST)
    if form.is_valid():
        editing.case_update_create(enrolment=enrolment, author=request.user, body=form.cleaned_data["body"])
        form = CaseUpdateForm()
    if not request.htmx:
        if form.is_bound:
            messages.error(request, _("Het bericht is niet geplaatst: schrijf eerst een bericht."))
        return redirect("labs:room", pk=enrolment.lab_id)
    enrolment = selectors.lab_room_enrolments(lab=enrolment.lab).get(pk=enrolment.pk)
    return render(request, "labs/_case.html", {"enrolment": enrolment, "can_post": True, "form": form})


# --- Organisers -----------------------------------------------------------------------------
def _organiser_provinces(user):
    provinces = Province.objects.order_by("name")
    return provinces if is_programme_admin(user) else provinces.filter(pk__in=province_ids(user))


def _lab_form(request, lab: Lab | None):
    form = LabForm(request.POST or None, instance=lab, organiser_provinces=_organiser_provinces(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = editing.lab_save(
            lab=form.save(commit=False),
            user=request.user,
            eligible_provinces=data["eligible_provinces"],
            eligible_res_regions=data["eligible_res_regions"],
            advisers=data["advisers"],
        )
        messages.success(request, _("Leer Lab %(title)s is opgeslagen.") % {"title": saved.title})
        return redirect(saved.get_absolute_url())
    return render(request, "labs/lab_form.html", {"form": form, "lab": lab})


@login_required
@require_http_methods(["GET", "POST"])
def lab_create(request):
    require_perm(request.user, "labs.create_lab")
    return _lab_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def lab_edit(request, pk):
    lab = get_lab_for_user(request.user, pk, action="manage")
    return _lab_form(request, lab)


@login_required
@require_POST
def lab_transition(request, pk):
    lab = get_lab_for_user(request.user, pk, action="manage")
    action = request.POST.get("action")
    try:
        if action == "confirm":
            decisions.lab_confirm(lab=lab, user=request.user)
        elif action == "cancel":
            decisions.lab_cancel(lab=lab, user=request.user)
        elif action in (Lab.Status.RUNNING, Lab.Status.COMPLETED):
            decisions.lab_set_status(lab=lab, status=action, user=request.user)
        else:
            raise LabError(_("Onbekende actie."))
    except LabError as exc:
        messages.error(request, exc.message)
    else:
        lab.refresh_from_db()
        messages.success(request, _("De status is nu: %(status)s.") % {"status": lab.get_status_display()})
    return _done(request, lab.get_absolute_url())


def _meeting_form(request, lab: Lab, meeting: LabMeeting | None):
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.lab = lab
        meetings.meeting_save(meeting=meeting)
        messages.success(request, _("Bijeenkomst %(topic)s is opgeslagen.") % {"topic": meeting.topic})
        return redirect("labs:room", pk=lab.pk)
    return render(request, "labs/meeting_form.html", {"form": form, "lab": lab, "meeting": meeting})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    lab = get_lab_for_user(request.user, pk, action="manage")
    return _meeting_form(request, lab, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action="change")
    return _meeting_form(request, meeting.lab, meeting)


@login_required
@require_POST
def meeting_delete(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action="change")
    meetings.meeting_delete(meeting=meeting)
    messages.success(request, _("Bijeenkomst %(topic)s is verwijderd.") % {"topic": meeting.topic})
    return _done(request, reverse("labs:room", kwargs={"pk": meeting.lab_id}))


@login_required
@require_GET
def lab_history(request, pk):
    """The lab's audit rows (confirmed, cancelled, places offered): for whoever manages it."""
    lab = get_lab_for_user(request.user, pk, action="manage")
    context = {"object": lab, "back_url": reverse("labs:detail", args=[lab.pk]), "rows": object_history(lab)}
    return render(request, "audit/history.html", context)
