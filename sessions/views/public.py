"""Pages for people without an account: the answer page of the mailed link, and the sign-up
form of an invitation-only session."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from sessions import selectors
from sessions.calendar_links import day_links, map_link
from sessions.checkin_codes import checkin_url, qr_svg
from sessions.forms.invitations import AnswerForm, SignupRequestForm, SubstituteForm
from sessions.ical import session_ics
from sessions.models import Invitation
from sessions.rules import get_session_for_signup_request
from sessions.services import answers, signups, substitutes


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
    """Why a personal link does not work: expired (410), handed to a colleague (410), or broken (400)."""
    passed_on = None if expired else answers.session_of_passed_on_link(token)
    session = answers.session_from_expired_token(token) if expired else passed_on
    contact_name, contact_email = session.contact if session else ("", "")
    context = {
        "expired": expired,
        "passed_on": passed_on is not None,
        "session": session,
        "contact_name": contact_name,
        "contact_email": contact_email,
    }
    status = 410 if expired or passed_on else 400
    return render(request, "sessions/answer_invalid.html", context, status=status)


def _invitation_of_link(request, token: str) -> tuple[Invitation | None, HttpResponse | None]:
    """The invitation of a personal link, or the page that says why the link does not work."""
    try:
        return answers.invitation_from_token(token), None
    except signing.SignatureExpired:
        return None, _link_problem(request, expired=True, token=token)
    except signing.BadSignature:
        return None, _link_problem(request, expired=False)
    except Invitation.DoesNotExist:
        return None, _link_problem(request, expired=False, token=token)


@require_http_methods(["GET", "POST"])
def answer(request, token):
    invitation, problem = _invitation_of_link(request, token)
    if problem:
        return problem
    session = selectors.session_detail(pk=invitation.session_id)
    form = _answer_form(invitation, session, request.POST or None)
    is_open = answers.answer_open(invitation)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            answers.invitation_answer(
                invitation=invitation,
                accept=form.cleaned_data["answer"] == "accept",
                ranking=form.cleaned_data["ranking"],
                day_ids=form.cleaned_data["day_ids"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if session.answer_deadline:
                done = _("Dank u wel, uw antwoord is opgeslagen. U kunt het wijzigen tot en met %(date)s.") % {
                    "date": date_format(session.answer_deadline, "l j F Y")
                }
            else:
                done = _("Dank u wel, uw antwoord is opgeslagen. U kunt het hier later nog wijzigen.")
            messages.success(request, done)
            return redirect("sessions:answer", token=token)
    context = {"invitation": invitation, "session": session, "form": form, "is_open": is_open}
    context.update(_invitee_page_context(invitation, session, token))
    context["substitute_form"] = SubstituteForm(prefix="collega")
    return render(request, "sessions/answer.html", context)


# Each hand-over mails the colleague and the invitee; the link it came from stops working, so a
# flood needs a new link each time. The limit is for whoever scripts around that.
@ratelimit(key="ip", rate="10/h", method="POST", block=True)
@require_POST
def answer_substitute(request, token):
    """'Stuur een collega': the invitation moves to the colleague, who gets their own link."""
    invitation, problem = _invitation_of_link(request, token)
    if problem:
        return problem
    form = SubstituteForm(request.POST, prefix="collega")
    if form.is_valid():
        try:
            moved = substitutes.invitation_substitute(
                invitation=invitation, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            context = {"session": moved.session, "colleague": moved.contact}
            return render(request, "sessions/substitute_done.html", context)
    session = selectors.session_detail(pk=invitation.session_id)
    context = {"invitation": invitation, "session": session, "form": _answer_form(invitation, session)}
    context["substitute_form"] = form
    context.update(is_open=answers.answer_open(invitation), **_invitee_page_context(invitation, session, token))
    return render(request, "sessions/answer.html", context, status=400)


def _answer_form(invitation: Invitation, session, data=None) -> AnswerForm:
    """The answer form, opened on the answer given (every day ticked for one not given yet)."""
    initial = {"answer": {"accepted": "accept", "declined": "decline"}.get(invitation.answer)}
    for rank, pref in enumerate(invitation.preferences.order_by("rank"), start=1):
        initial[f"choice_{rank}"] = str(pref.workshop_id)
    days = list(session.days.all())
    attending = set(invitation.attending_days.values_list("day_id", flat=True))
    initial["days"] = [day.pk for day in days if day.pk in attending or not attending]
    return AnswerForm(data, workshops=list(session.workshops.all()), days=days, initial=initial)


def _invitee_page_context(invitation: Invitation, session, token: str) -> dict:
    """What the invitee sees beside the form: each day with its map and calendar links (the
    online link of a day that also meets in a room only once they said they come), who to ask."""
    accepted = invitation.answer == Invitation.Answer.ACCEPTED
    page_url = settings.SITE_URL + reverse("sessions:answer", kwargs={"token": token})
    attending = set(invitation.attending_days.values_list("day_id", flat=True))
    days = [
        {
            "day": day,
            "attending": day.pk in attending,
            "map_url": map_link(day),
            "online_url": day.online_url if day.online_url and (accepted or not day.venue) else "",
            "online_later": bool(day.online_url and day.venue and not accepted),
            "calendar": day_links(session=session, day=day, details=page_url, with_online=accepted),
        }
        for day in session.days.all()
    ]
    contact_name, contact_email = session.contact
    checkin_code = ""
    if accepted and attending:
        checkin_code = mark_safe(qr_svg(checkin_url(invitation), label=_("QR-code om in te checken")))  # noqa: S308 (segno's own SVG)
    return {
        "days": days,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "token": token,
        "checkin_code": checkin_code,
    }


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
