"""A session's outcomes page and the add, edit and remove forms of its rows (thin: permission
through outcomes.rules, writes through outcomes.services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from outcomes import services
from outcomes.forms import FORMS
from outcomes.review_page import review_context
from outcomes.rules import (
    OUTCOME_MODELS,
    get_outcome_for_user,
    get_session_outcomes_for_user,
    recordable_municipalities,
)

RELATED = {
    "koppelkans": ["municipality", "organisation"],
    "afspraak": ["municipality", "owner_organisation", "owner_contact"],
    "richting": ["municipality"],
}


def _page_url(session) -> str:
    return reverse("outcomes:session", args=[session.pk])


def _per_municipality(session, user) -> list[dict]:
    recordable = set(recordable_municipalities(user, session).values_list("pk", flat=True))
    rows = []
    for participation in session.participations.select_related("municipality").order_by("municipality__name"):
        municipality = participation.municipality
        lists = {
            kind: model.objects.filter(session=session, municipality=municipality).select_related(*RELATED[kind])
            for kind, model in OUTCOME_MODELS.items()
        }
        rows.append({"municipality": municipality, "may_record": municipality.pk in recordable, **lists})
    return rows


@login_required
@require_GET
def session_outcomes(request, pk):
    session = get_session_outcomes_for_user(request.user, pk)
    return render(request, "outcomes/session.html", page_context(request, session))


def page_context(request, session, **review_forms) -> dict:
    """The outcomes page; the terugblik section (outcomes.review_page) with REVIEW_FORMS bound."""
    return {
        "session": session,
        "held": services.session_has_taken_place(session),
        "municipalities": _per_municipality(session, request.user),
        **review_context(request, session, **review_forms),
    }


def _save(request, form, *, session, outcome=None) -> bool:
    """Write a valid FORM; a refusal of the service (session not held) comes back on the form."""
    if not form.is_valid():
        return False
    values = dict(form.cleaned_data)
    try:
        if outcome is None:
            municipality = values.pop("municipality")
            model = form._meta.model
            services.outcome_record(
                model=model, session=session, municipality=municipality, user=request.user, values=values
            )
        else:
            services.outcome_change(outcome=outcome, user=request.user, values=values)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _form_page(request, form, *, session, kind, outcome=None):
    """The add or edit form of one row: saved, back to the session's outcomes; else the form."""
    if request.method == "POST" and _save(request, form, session=session, outcome=outcome):
        messages.success(request, _("Opgeslagen."))
        return redirect(_page_url(session))
    context = {"session": session, "form": form, "kind": kind, "outcome": outcome}
    return render(request, "outcomes/outcome_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_add(request, pk, kind):
    if kind not in FORMS:
        raise Http404
    session = get_session_outcomes_for_user(request.user, pk, action="record")
    data = request.POST if request.method == "POST" else None
    initial = {"municipality": request.GET.get("gemeente")} if request.GET.get("gemeente", "").isdigit() else {}
    form = FORMS[kind](data, user=request.user, session=session, initial=initial)
    return _form_page(request, form, session=session, kind=kind)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk, kind, outcome_pk):
    outcome = get_outcome_for_user(request.user, pk, kind, outcome_pk)
    data = request.POST if request.method == "POST" else None
    form = FORMS[kind](data, instance=outcome, user=request.user, session=outcome.session)
    return _form_page(request, form, session=outcome.session, kind=kind, outcome=outcome)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_remove(request, pk, kind, outcome_pk):
    """GET asks for confirmation; POST removes."""
    outcome = get_outcome_for_user(request.user, pk, kind, outcome_pk)
    if request.method == "POST":
        services.outcome_remove(outcome=outcome, user=request.user)
        messages.success(request, _("Verwijderd."))
        return redirect(_page_url(outcome.session))
    context = {"session": outcome.session, "outcome": outcome, "kind": kind}
    return render(request, "outcomes/outcome_remove.html", context)
