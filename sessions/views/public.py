"""Pages for people without an account: the answer page of the mailed link, and the sign-up
form of an invitation-only session."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from sessions import selectors
from sessions.forms.invitations import AnswerForm, SignupRequestForm
from sessions.models import Invitation
from sessions.rules import get_session_for_signup_request
from sessions.services import answers, signups


# The group is the one the counter had before views.py became a package, so that move reset no count.
@ratelimit(group="sessions.views.signup_request", key="ip", rate="5/h", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def signup_request(request, pk):
    session = get_session_for_signup_request(pk)
    form = SignupRequestForm(request.POST or None)
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
    form = AnswerForm(request.POST or None, workshops=workshops, initial=initial)
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
