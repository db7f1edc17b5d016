"""Access requests (a public form, the approvers' list) and the yearly access review page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts.services import role_end
from heatportal.permissions import require_perm
from people import access_requests as service
from people.access_forms import AccessRequestForm, DecisionForm

# The form sends email to whatever address is typed in: limited per client address and per
# address asked for, so it can be used neither to flood approvers nor one mailbox.
RATE = "5/h"


def _email_key(group, request):
    return request.POST.get("email", "").strip().lower()[:254]


@ratelimit(group="people.access_request", key="ip", rate=RATE, method="POST", block=True)
@ratelimit(group="people.access_request.email", key=_email_key, rate=RATE, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def request_access(request):
    user = request.user
    initial = {"full_name": user.full_name, "email": user.email} if user.is_authenticated else {}
    form = AccessRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service.access_request_submit(
            full_name=data["full_name"],
            email=data["email"],
            kind=data["kind"],
            scope=form.scope(),
            organisation=data["organisation"],
            reason=data["reason"],
            language=get_language() or "nl",
        )
        # One answer whatever happened (new, duplicate, existing account): no user enumeration.
        return redirect("people:access_request_done")
    return render(request, "people/access_request.html", {"form": form})


@require_GET
def request_access_done(request):
    return render(request, "people/access_request_done.html")


@login_required
@require_GET
def access_requests(request):
    require_perm(request.user, "people.decide_access_requests")
    return render(
        request,
        "people/access_requests.html",
        {"pending": service.pending_access_requests(request.user), "form": DecisionForm()},
    )


@login_required
@require_POST
def access_request_decide(request, pk):
    access_request = service.get_access_request_for_user(request.user, pk)
    decision = request.POST.get("besluit")
    form = DecisionForm(request.POST)
    if decision not in ("goedkeuren", "afwijzen") or not form.is_valid():
        return HttpResponseBadRequest(_("Ongeldig besluit."))
    approve = decision == "goedkeuren"
    decided = service.access_request_decide(
        access_request_id=access_request.pk, approve=approve, by=request.user, message=form.cleaned_data["message"]
    )
    access_request.refresh_from_db()
    if request.htmx:
        return render(request, "people/access_requests.html#request_row", {"r": access_request, "decided": decided})
    if not decided:
        messages.info(request, _("Deze aanvraag was al beoordeeld."))
    elif approve:
        messages.success(request, _("Aanvraag van %(name)s goedgekeurd.") % {"name": access_request.full_name})
    else:
        messages.success(request, _("Aanvraag van %(name)s afgewezen.") % {"name": access_request.full_name})
    return redirect("people:access_requests")


@login_required
@require_GET
def access_review(request):
    require_perm(request.user, "people.review_access")
    return render(
        request,
        "people/access_review.html",
        {"roles": service.reviewed_roles(request.user), "review": service.current_review(request.user)},
    )


@login_required
@require_POST
def access_review_confirm(request):
    require_perm(request.user, "people.review_access")
    service.access_review_confirm(reviewer=request.user)
    messages.success(request, _("Dank u wel: u heeft de toegang van uw mensen bevestigd."))
    return redirect("people:access_review")


@login_required
@require_POST
def access_review_role_end(request, pk):
    require_perm(request.user, "people.review_access")
    role = service.get_reviewed_role_for_user(request.user, pk)
    role_end(role=role, by=request.user)
    messages.success(
        request, _("De rol %(role)s van %(name)s is beëindigd.") % {"role": role, "name": role.user.full_name}
    )
    return redirect(reverse("people:access_review"))
