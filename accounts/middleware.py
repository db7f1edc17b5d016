"""Sends a signed-in user who needs the second factor, and has not given it this session, to it."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from accounts.browser_sessions import browser_session_seen
from accounts.otp import otp_enrolled, otp_required

LAST_ACTIVITY_KEY = "last_activity"
# The session row is written (and its expiry renewed) at most this often, not on every request.
ACTIVITY_RESOLUTION_SECONDS = 60

NO_FACTOR_KEY = "otp_none_for"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _exempt(self, path: str) -> bool:
        prefixes = (
            reverse("otp:manage"),
            reverse("accounts:logout"),
            "/oidc/logout/",
            settings.STATIC_URL,
            "/healthz",
            "/i18n/",
            "/privacy/",
            "/toegankelijkheid/",
        )
        return path.startswith(prefixes)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self._exempt(request.path):
            return self.get_response(request)
        if user.is_verified():
            return self.get_response(request)
        required = otp_required(user)
        # Someone who needs no second factor and has none is remembered per session, so their
        # pages do not look for a device on every request; enrolling verifies this session anyway.
        if not required and request.session.get(NO_FACTOR_KEY) == user.pk:
            return self.get_response(request)
        enrolled = otp_enrolled(user)
        if not enrolled and not required:
            request.session[NO_FACTOR_KEY] = user.pk
            return self.get_response(request)
        target = reverse("otp:verify" if enrolled else "otp:enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


def _idle_message(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext(
            "U bent uitgelogd omdat u %(n)d uur niets deed. Log opnieuw in.",
            "U bent uitgelogd omdat u %(n)d uur niets deed. Log opnieuw in.",
            hours,
        ) % {"n": hours}
    minutes = max(seconds // 60, 1)
    return ngettext(
        "U bent uitgelogd omdat u %(n)d minuut niets deed. Log opnieuw in.",
        "U bent uitgelogd omdat u %(n)d minuten niets deed. Log opnieuw in.",
        minutes,
    ) % {"n": minutes}


class IdleTimeoutMiddleware:
    """Logs a session out after SESSION_IDLE_TIMEOUT_SECONDS without a request (BIO). Activity is
    noted at most once a minute: that write also renews the session's expiry (SESSION_COOKIE_AGE
    is the same period), so no request writes the session table just to say it was there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY_KEY)
        timeout = settings.SESSION_IDLE_TIMEOUT_SECONDS
        if isinstance(last, int) and now - last > timeout:
            return self._expired(request, timeout)
        if not isinstance(last, int) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
            request.session[LAST_ACTIVITY_KEY] = now
            if request.session.session_key:
                browser_session_seen(session_key=request.session.session_key)
        return self.get_response(request)

    def _expired(self, request, timeout: int):
        logout(request)
        messages.info(request, _idle_message(timeout))
        target = reverse("accounts:login")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
