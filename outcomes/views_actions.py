"""An agreed action's status: the quick update by whoever may change the action, the page of
the signed link for its owner's contact (no account), and sending that link again (thin:
permission through outcomes.rules or the token, writes through outcomes.services_actions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outcomes.forms import ActionStatusForm
from outcomes.models import AgreedAction
from outcomes.rules import get_outcome_for_user
from outcomes.services_actions import action_link_renew, action_status_set
from outcomes.tokens import LinkVoided, action_from_token, link_expires_on


def _set_status(form, *, action, **by) -> bool:
    """Write a valid FORM through the service; its refusal comes back on the form."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        action_status_set(action=action, status=data["status"], note=data["note"], **by)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _back_default(action) -> str:
    return reverse("outcomes:session", args=[action.session_id]) + f"#afspraak-{action.pk}"


def _back(request, action) -> str:
    """Where the page came from when it says so (`terug`, a path on this site: the municipality's
    page links here too), else the action on its session's outcomes page."""
    back = request.POST.get("terug") or request.GET.get("terug") or ""
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return _back_default(action)


@login_required
@require_http_methods(["GET", "POST"])
def action_status(request, pk, action_pk):
    action = get_outcome_for_user(request.user, pk, "afspraak", action_pk)
    form = ActionStatusForm(request.POST if request.method == "POST" else None, action=action)
    back = _back(request, action)
    if request.method == "POST" and _set_status(form, action=action, user=request.user):
        messages.success(request, _("De status is opgeslagen."))
        return redirect(back)
    context = {
        "action": action,
        "session": action.session,
        "form": form,
        "link_expires_on": link_expires_on(),
        "back": back,
        "back_given": back != _back_default(action),
    }
    return render(request, "outcomes/action_status.html", context)


@login_required
@require_POST
def action_link_resend(request, pk, action_pk):
    """A new link for the owner's contact; the ones sent before stop working."""
    action = get_outcome_for_user(request.user, pk, "afspraak", action_pk)
    try:
        action_link_renew(action=action, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Een nieuwe link is naar %(name)s gestuurd; eerdere links werken niet meer.")
            % {"name": action.owner_contact.name},
        )
    return redirect("outcomes:action_status", pk=action.session_id, action_pk=action.pk)


def _link_problem(request, problem: str):
    """Why a link does not work: broken (400), expired or replaced (410), or the action is gone (404)."""
    status = {"broken": 400, "expired": 410, "voided": 410, "gone": 404}[problem]
    return render(request, "outcomes/action_link_invalid.html", {"problem": problem}, status=status)


def _action_of_link(request, token: str):
    try:
        return action_from_token(token), None
    except signing.SignatureExpired:
        return None, _link_problem(request, "expired")
    except signing.BadSignature:
        return None, _link_problem(request, "broken")
    except LinkVoided:
        return None, _link_problem(request, "voided")
    except AgreedAction.DoesNotExist:
        return None, _link_problem(request, "gone")


@require_http_methods(["GET", "POST"])
def action_link(request, token):
    """The owner's contact sees the action and sets its status, under their own name."""
    action, problem = _action_of_link(request, token)
    if problem:
        return problem
    data = request.POST if request.method == "POST" else None
    form = ActionStatusForm(data, action=action, ask_name=True)
    posted = request.method == "POST" and form.is_valid()
    if posted and _set_status(form, action=action, contact_name=form.cleaned_data["name"]):
        messages.success(request, _("Dank u wel, de status is opgeslagen. U kunt hem hier later nog wijzigen."))
        return redirect("outcomes:action_link", token=token)
    return render(request, "outcomes/action_link.html", {"action": action, "form": form})
