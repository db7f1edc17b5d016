"""The second factor's pages. The codes themselves are checked in accounts/otp.py."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken
from django_ratelimit.core import is_ratelimited

from accounts import otp
from heatportal.forms import PortalForm

# Shown once: kept in the session only until the person says they stored them.
CODES_SESSION_KEY = "otp_new_recovery_codes"
FAILURES_PER_USER = "10/15m"


class CodeForm(PortalForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("De 6 cijfers uit uw authenticator-app, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: redirect() would take "0" or "home" for a URL name to reverse and fail.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _throttled(request) -> bool:
    return is_ratelimited(
        request, group="otp-failures", key=lambda g, r: str(r.user.pk), rate=FAILURES_PER_USER, increment=False
    )


def _count_failure(request) -> None:
    is_ratelimited(
        request, group="otp-failures", key=lambda g, r: str(r.user.pk), rate=FAILURES_PER_USER, increment=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not otp.otp_enrolled(user):
        return redirect(reverse("otp:enrol") + "?" + request.GET.urlencode())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _throttled(request):
            form.add_error("code", _("Te veel verkeerde codes. Wacht een kwartier en probeer het opnieuw."))
        elif device := otp.otp_match(user=user, token=form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next(request))
        else:
            _count_failure(request)
            otp.otp_failed_record(user=user)
            form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    user = request.user
    if otp.otp_enrolled(user):
        # Adding a device needs the factor itself, or a stolen password could replace it.
        return redirect("otp:manage" if user.is_verified() else "otp:verify")
    device = otp.otp_pending_device(user=user)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("De 6 cijfers die de app nu laat zien.")
    if request.method == "POST" and form.is_valid():
        if _throttled(request):
            form.add_error("code", _("Te veel verkeerde codes. Wacht een kwartier en probeer het opnieuw."))
        elif codes := otp.otp_enrol_confirm(user=user, device=device, token=form.cleaned_data["code"]):
            device.refresh_from_db()
            otp_login(request, device)
            request.session[CODES_SESSION_KEY] = codes
            return redirect(reverse("otp:recovery_codes") + "?" + request.GET.urlencode())
        else:
            _count_failure(request)
            otp.otp_failed_record(user=user, summary="Verkeerde code bij het instellen van de tweede factor")
            form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr": qr.svg_data_uri(scale=5, border=2),
        "secret": otp.otp_secret(device),
        "required": otp.otp_required(user),
        "next": _next(request),
    }
    return render(request, "accounts/otp_enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect("otp:verify")
    codes = request.session.get(CODES_SESSION_KEY)
    if request.method == "POST" or not codes:
        request.session.pop(CODES_SESSION_KEY, None)
        return redirect(_next(request) if codes else reverse("otp:manage"))
    return render(request, "accounts/otp_recovery_codes.html", {"codes": codes, "next": _next(request)})


@login_required
@require_http_methods(["GET"])
def recovery_codes_download(request):
    codes = request.session.get(CODES_SESSION_KEY)
    if not request.user.is_verified() or not codes:
        return redirect("otp:manage")
    text = _("Herstelcodes voor het Warmteportaal (%(email)s). Elke code werkt één keer.") % {
        "email": request.user.email
    }
    response = HttpResponse("\n".join([text, "", *codes, ""]), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="herstelcodes-warmteportaal.txt"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    user = request.user
    enrolled = otp.otp_enrolled(user)
    if enrolled and not user.is_verified():
        return redirect(reverse("otp:verify") + "?next=" + reverse("otp:manage"))
    required = otp.otp_required(user)
    action = request.POST.get("action")
    # One form per action, each with its own prefix: two fields with one id would confuse a screen reader.
    forms_by_action = {name: CodeForm(prefix=name) for name in ("regenerate", "remove")}
    if request.method == "POST" and enrolled and action in forms_by_action:
        if action == "remove" and required:
            return HttpResponse(status=403)
        form = forms_by_action[action] = CodeForm(request.POST, prefix=action)
        if not form.is_valid():
            pass
        elif _throttled(request):
            form.add_error("code", _("Te veel verkeerde codes. Wacht een kwartier en probeer het opnieuw."))
        elif otp.otp_match(user=user, token=form.cleaned_data["code"]) is None:
            _count_failure(request)
            otp.otp_failed_record(user=user)
            form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat."))
        elif action == "regenerate":
            request.session[CODES_SESSION_KEY] = otp.otp_recovery_codes_regenerate(user=user)
            return redirect(reverse("otp:recovery_codes") + "?next=" + reverse("otp:manage"))
        else:
            otp.otp_remove(user=user)
            messages.success(request, _("De tweede factor is verwijderd."))
            return redirect("otp:manage")
    context = {
        "regenerate_form": forms_by_action["regenerate"],
        "remove_form": forms_by_action["remove"],
        "enrolled": enrolled,
        "required": required,
        "recovery_left": StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
    }
    return render(request, "accounts/otp_manage.html", context)
