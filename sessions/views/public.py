"""Pages for people without an account: the answer page of the mailed link, and the sign-up
form of an invitation-only session."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from sessions import selectors
from sessions.calendar_links import day_links, map_link
from sessions.forms.invitations import AnswerForm, SignupRequestForm
from sessions.ical import session_ics
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


def _invitation_of_link(request, token: str) -> tuple[Invitation | None, HttpResponse | None]:
    """The invitation of a personal link, or the page that says why the link does not work."""
    try:
        return answers.invitation_from_token(token), None
    except signing.SignatureExpired:
        return None, _link_problem(request, expired=True, token=token)
    except (signing.BadSignature, Invitation.DoesNotExist):
        return None, _link_problem(request, expired=False)


@require_http_methods(["GET", "POST"])
def answer(request, token):
    invitation, problem = _invitation_of_link(request, token)
    if problem:
        return problem
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
    context.update(_invitee_page_context(invitation, session, token))
    return render(request, "sessions/answer.html", context)


def _invitee_page_context(invitation: Invitation, session, token: str) -> dict:
    """What the invitee sees beside the form: each day with its map and calendar links (the
    online link of a day that also meets in a room only once they said they come), who to ask."""
    accepted = invitation.answer == Invitation.Answer.ACCEPTED
    page_url = settings.SITE_URL + reverse("sessions:answer", kwargs={"token": token})
    days = [
        {
            "day": day,
            "map_url": map_link(day),
            "online_url": day.online_url if day.online_url and (accepted or not day.venue) else "",
            "online_later": bool(day.online_url and day.venue and not accepted),
            "calendar": day_links(session=session, day=day, details=page_url, with_online=accepted),
        }
        for day in session.days.all()
    ]
    contact_name, contact_email = session.contact
    return {"days": days, "contact_name": contact_name, "contact_email": contact_email, "token": token}


@require_GET
def answer_calendar(request, token):
    """The invitee's own calendar file: the session's days, linking back to their answer page."""
    invitation, problem = _invitation_of_link(request, token)
    if problem:
        return problem
    session = selectors.session_detail(pk=invitation.session_id)
    if not session.days.all():
        raise Http404
    page_url = settings.SITE_URL + reverse("sessions:answer", kwargs={"token": token})
    response = HttpResponse(session_ics(session=session, url=page_url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sessie.ics"'
    return response
