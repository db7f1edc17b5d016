"""Inviting people to a session, sending the invitations, sending one again or taking one person
off the list, and deciding on sign-up requests."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from municipalities.models import Organisation
from sessions import invitation_selectors
from sessions.forms.invitations import InvitePasteForm, InvitePickerForm
from sessions.models import Invitation
from sessions.rules import get_session_for_user, get_signup_request_for_user
from sessions.services import invitations, invitee_actions, sending, signups


def _added_message(n: int) -> str:
    return ngettext("%(n)d genodigde toegevoegd.", "%(n)d genodigden toegevoegd.", n) % {"n": n}


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    """Add invitees: chosen from the contact picker (searched, paged, the choice kept across pages
    and searches until "Geselecteerden uitnodigen"), or pasted as lines."""
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    pasting = request.method == "POST" and "lines" in request.POST
    picker = InvitePickerForm(request.POST if request.method == "POST" and not pasting else request.GET)
    if pasting:
        return _paste(request, session, picker)
    inviting = request.method == "POST" and request.POST.get("actie") == "uitnodigen"
    if inviting and (done := _invite_chosen(request, session, picker)):
        return done
    context = _invite_context(request, session, picker=picker)
    if request.htmx:
        return render(request, "sessions/invite.html#contacts", context)
    return render(request, "sessions/invite.html", context)


def _invite_chosen(request, session, picker):
    """Invite the contacts chosen on any page; None (the picker shows why) when there are none, or
    when anything in the picker was refused (nothing is stored from a form that shows an error)."""
    chosen = picker.chosen()
    contacts = list(invitation_selectors.invitable_contacts(session=session).filter(pk__in=chosen)) if chosen else []
    if not picker.is_valid():
        return None
    if not contacts:
        picker.add_error("contacts", _("Kies eerst een of meer contactpersonen."))
        return None
    added = invitations.invitations_add(session=session, contacts=contacts, user=request.user)
    messages.success(request, _added_message(len(added)))
    # Back to the same search, now without those just invited.
    filters = picker.filters()
    query = urlencode({"q": filters["query"], "soort": filters["types"]}, doseq=True)
    url = reverse("sessions:invite", kwargs={"pk": session.pk}) + f"?{query}"
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _paste(request, session, picker):
    paste_form = InvitePasteForm(request.POST)
    if not paste_form.is_valid():
        return render(request, "sessions/invite.html", _invite_context(request, session, picker, paste_form))
    result = invitations.invitations_paste(session=session, text=paste_form.cleaned_data["lines"], user=request.user)
    messages.success(request, _added_message(len(result.added)))
    if not result.bad and not result.skipped:
        return redirect("sessions:invite", pk=session.pk)
    # The box keeps only the lines to correct; "Regel N" counts lines in that box.
    context = _invite_context(
        request, session, picker, InvitePasteForm(initial={"lines": "\n".join(line for line, _ in result.bad)})
    )
    context["bad_lines"] = [(number, line, reason) for number, (line, reason) in enumerate(result.bad, start=1)]
    context["skipped_lines"] = result.skipped
    return render(request, "sessions/invite.html", context)


def _invite_context(request, session, picker, paste_form=None) -> dict:
    """The page: one page of the picker's contacts, those chosen on other pages (still ticked, so
    they can be unticked), and the paste box."""
    filters = picker.filters()
    contacts = invitation_selectors.invitable_contacts(session=session, **filters)
    number = request.POST.get("pagina") if request.method == "POST" else request.GET.get("pagina")
    page = Paginator(contacts, invitation_selectors.CONTACT_PAGE_SIZE).get_page(number)
    chosen = picker.chosen()
    elsewhere = chosen - {contact.pk for contact in page.object_list}
    return {
        "session": session,
        "picker": picker,
        "page": page,
        "chosen": chosen,
        "elsewhere": invitation_selectors.invitable_contacts(session=session).filter(pk__in=elsewhere)
        if elsewhere
        else [],
        "types": filters["types"],
        "query": filters["query"],
        "type_choices": Organisation.Type.choices,
        "paste_form": paste_form or InvitePasteForm(),
        "pending": session.invitations.filter(email__isnull=True, send_requested_at__isnull=True).count(),
    }


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


def _invitation_of_session(request, pk: int, invitation_pk: int) -> Invitation:
    """An invitation of a session the user may change; another session's is not found."""
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    return get_object_or_404(Invitation.objects.select_related("contact"), pk=invitation_pk, session=session)


@login_required
@require_POST
def invitation_resend(request, pk, invitation_pk):
    invitation = _invitation_of_session(request, pk, invitation_pk)
    try:
        invitee_actions.invitation_resend(invitation=invitation, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De uitnodiging gaat opnieuw naar %(name)s.") % {"name": invitation.contact.name})
    return redirect(reverse("sessions:detail", kwargs={"pk": pk}) + "#uitnodigingen")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_remove(request, pk, invitation_pk):
    """GET asks (and says whether the person will be told); POST takes them off the list."""
    invitation = _invitation_of_session(request, pk, invitation_pk)
    if request.method == "GET":
        context = {"invitation": invitation, "session": invitation.session, "told": invitation.email_id is not None}
        return render(request, "sessions/invitation_remove.html", context)
    name = invitation.contact.name
    told = invitee_actions.invitation_remove(invitation=invitation, user=request.user)
    done = (
        _("%(name)s staat niet meer op de lijst en krijgt daarvan bericht.")
        if told
        else _("%(name)s staat niet meer op de lijst.")
    )
    messages.success(request, done % {"name": name})
    return redirect(reverse("sessions:detail", kwargs={"pk": pk}) + "#uitnodigingen")
