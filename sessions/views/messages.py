"""A message to a chosen group of a session's invitees: choose the group, write, preview, send a
test copy to yourself, then send; earlier messages with their progress from the outbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from heatportal.mail.models import Email
from sessions.forms.invitations import SessionMessageForm
from sessions.models import SessionMessage
from sessions.rules import get_session_for_user
from sessions.services.messages import message_preview, message_recipients, message_send, message_test_send


def _progress(sent_messages: list[SessionMessage]) -> None:
    """Each message's copies per outbox state, in one query for the page's messages."""
    counts = (
        Email.objects.filter(batch__in=[m.batch for m in sent_messages])
        .values_list("batch", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_batch: dict[str, dict[str, int]] = {}
    for batch, status, n in counts:
        per_batch.setdefault(batch, {})[status] = n
    for message in sent_messages:
        states = per_batch.get(message.batch, {})
        message.sent = states.get(Email.Status.SENT, 0)
        message.failed = states.get(Email.Status.FAILED, 0)


@login_required
@require_http_methods(["GET", "POST"])
def session_message(request, pk):
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    form = SessionMessageForm(request.POST or None, session=session)
    action = request.POST.get("actie", "voorbeeld")
    context = {"session": session, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = {"audience": data["audience"], "types": data["types"], "workshop": data.get("workshop")}
        if action == "versturen":
            sent = message_send(session=session, **group, subject=data["subject"], body=data["body"], user=request.user)
            n = sent.recipients
            done = ngettext("Het bericht gaat naar %(n)d genodigde.", "Het bericht gaat naar %(n)d genodigden.", n)
            messages.success(request, done % {"n": n})
            return redirect("sessions:message", pk=session.pk)
        if action == "test":
            message_test_send(session=session, subject=data["subject"], body=data["body"], user=request.user)
            messages.success(request, _("Een testbericht gaat naar %(email)s.") % {"email": request.user.email})
        context["preview"] = message_preview(session=session, subject=data["subject"], body=data["body"])
        context["recipients"] = message_recipients(session=session, **group).count()
    sent_messages = list(SessionMessage.objects.filter(session=session).select_related("created_by")[:20])
    _progress(sent_messages)
    context["sent_messages"] = sent_messages
    return render(request, "sessions/message.html", context, status=400 if form.errors else 200)
