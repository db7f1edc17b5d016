"""Sends a signed-in user who needs the second factor, and has not given it this session, to it."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.otp import otp_enrolled, otp_required

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
