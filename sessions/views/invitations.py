"""Inviting people to a session, sending the invitations, and deciding on sign-up requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from municipalities.models import Organisation
from sessions import selectors
from sessions.forms.invitations import InviteContactsForm, InvitePasteForm
from sessions.rules import get_session_for_user, get_signup_request_for_user
from sessions.services import invitations, sending, signups


def _added_message(n: int) -> str:
    return ngettext("%(n)d genodigde toegevoegd.", "%(n)d genodigden toegevoegd.", n) % {"n": n}


def _types(request) -> list[str]:
    return [t for t in request.GET.getlist("soort") or request.POST.getlist("soort") if t in Organisation.Type.values]


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    types = _types(request)
    contacts = selectors.invitable_contacts(session=session, types=types)
    contacts_form = InviteContactsForm(request.POST if "contacts" in request.POST else None, contacts=contacts)
    paste_form = InvitePasteForm(request.POST if "lines" in request.POST else None)
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
        paste_form = InvitePasteForm(initial={"lines": "\n".join(line for line, _ in result.bad)})
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
    session = get_session_for_user(request.user, pk, action="change")
    count = sending.invitations_send(session=session)
    messages.success(
        request,
        ngettext("%(n)d uitnodiging wordt verstuurd.", "%(n)d uitnodigingen worden verstuurd.", count) % {"n": count},
    )
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#uitnodigingen")


@login_required
@require_POST
def signup_decide(request, pk, request_pk):
    signup = get_signup_request_for_user(request.user, pk, request_pk)
    session = signup.session
    approve = request.POST.get("besluit") == "goedkeuren"
    signups.signup_request_decide(signup=signup, approve=approve, user=request.user)
    messages.success(
        request, _("Verzoek goedgekeurd; de uitnodiging gaat uit.") if approve else _("Verzoek afgewezen.")
    )
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + "#verzoeken")
