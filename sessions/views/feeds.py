"""The personal calendar feed (its secret link is the only key) and making a new link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.services import calendar_token_rotate
from sessions import list_selectors
from sessions.ical import feed_ics


@require_GET
def calendar_feed(request, token):
    if len(token) < 20:
        raise Http404
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    body = feed_ics(sessions=list_selectors.feed_sessions(user=user), name=_("Warmteportaal: mijn sessies"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_rotate(request):
    calendar_token_rotate(user=request.user)
    messages.success(request, _("Er is een nieuwe agenda-link gemaakt; de oude werkt niet meer."))
    return redirect("accounts:profile")
