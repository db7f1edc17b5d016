"""The evaluation: the form an invitee who was there fills in once (no account; the signed link is
the credential), and the results, questions and export for the organiser."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from heatportal.exports import Column, export_response
from sessions.evaluation_selectors import evaluation_results
from sessions.forms.invitations import EvaluationForm, EvaluationQuestionsForm
from sessions.models import Evaluation, Invitation
from sessions.rules import get_session_for_user
from sessions.services.evaluations import (
    evaluation_open,
    evaluation_questions_save,
    evaluation_submit,
    invitation_from_evaluation_token,
)


def _problem(request, *, expired: bool):
    context = {"expired": expired}
    return render(request, "sessions/evaluation_invalid.html", context, status=410 if expired else 400)


@require_http_methods(["GET", "POST"])
def evaluation(request, token):
    try:
        invitation = invitation_from_evaluation_token(token)
    except signing.SignatureExpired:
        return _problem(request, expired=True)
    except (signing.BadSignature, Invitation.DoesNotExist):
        return _problem(request, expired=False)
    session = invitation.session
    context = {"session": session, "invitation": invitation}
    if Evaluation.objects.filter(invitation=invitation).exists():
        return render(request, "sessions/evaluation_done.html", {**context, "again": True})
    if not evaluation_open(invitation):
        return render(request, "sessions/evaluation_invalid.html", {**context, "absent": True}, status=403)
    form = EvaluationForm(request.POST or None, questions=session.evaluation_questions)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_submit(invitation=invitation, rating=form.cleaned_data["rating"], answers=form.answers())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "sessions/evaluation_done.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "sessions/evaluation_form.html", {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_results_page(request, pk):
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    initial = {"questions": "\n".join(session.evaluation_questions)}
    form = EvaluationQuestionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        evaluation_questions_save(session=session, questions=form.cleaned_data["questions"])
        messages.success(request, _("De evaluatievragen zijn opgeslagen."))
        return redirect("sessions:evaluation_results", pk=session.pk)
    context = {"session": session, "form": form, "results": evaluation_results(session=session)}
    return render(request, "sessions/evaluation_results.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def evaluation_export(request, pk, fmt):
    """The evaluations without names: who answered what is not the organiser's to know."""
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    results = evaluation_results(session=session)
    width = max((len(e.questions) for e in results["rows"]), default=0)
    columns = [
        Column(_("Ingevuld op"), lambda e: e.submitted_at, "datetime", width=18),
        Column(_("Waardering"), lambda e: e.rating, "number", width=12),
    ]
    for index in range(width):
        columns.append(Column(_("Vraag %(n)s") % {"n": index + 1}, _question(index), width=40))
        columns.append(Column(_("Antwoord %(n)s") % {"n": index + 1}, _answer(index), width=60))
    name = f"evaluatie-{session.title}"
    return export_response(fmt=fmt, filename=name, columns=columns, rows=results["rows"], sheet_title=_("Evaluatie"))


def _question(index: int):
    return lambda e: e.questions[index] if index < len(e.questions) else ""


def _answer(index: int):
    return lambda e: e.answers[index] if index < len(e.answers) else ""
