from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts import browser_sessions, services
from accounts.forms import LoginForm, OutboxPasswordResetForm, PortalPasswordChangeForm, ProfileForm
from accounts.lockout import normalise_email
from accounts.models import User
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.views import LOGIN_RATE_PER_ADDRESS


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    # Everyone signed in may edit only their own account: the form is bound to request.user.
    user = request.user
    # Validation writes the posted values onto the form's instance, so on POST it gets its own
    # copy and request.user (shown in the page header) keeps the stored values on an error.
    instance = User.objects.get(pk=user.pk) if request.method == "POST" else user
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        changed = services.account_update(
            user=User.objects.get(pk=user.pk), data={name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
        )
        if changed:
            messages.success(request, _("Uw gegevens zijn opgeslagen."))
        else:
            messages.info(request, _("Er was niets gewijzigd."))
        return redirect("accounts:profile")
    context = {
        "roles": user.role_list,
        "form": form,
        "browser_sessions": browser_sessions.browser_sessions(user=user),
        "this_session_key": request.session.session_key,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def session_end(request, pk):
    """Log out one of one's own browsers (someone else's session id is simply not found)."""
    ended = browser_sessions.browser_sessions_end(user=request.user, pk=pk)
    if not ended:
        raise Http404
    audit_record(Action.SESSIONS_ENDED, actor=request.user, obj=request.user, changes={"count": ended})
    messages.success(request, _("Die sessie is uitgelogd."))
    return redirect(reverse("accounts:profile") + "#sessies")


@login_required
@require_POST
def sessions_end_others(request):
    ended = browser_sessions.browser_sessions_end(user=request.user, keep_session_key=request.session.session_key)
    audit_record(Action.SESSIONS_ENDED, actor=request.user, obj=request.user, changes={"count": ended})
    messages.success(
        request,
        ngettext("%(n)d andere sessie is uitgelogd.", "%(n)d andere sessies zijn uitgelogd.", ended) % {"n": ended},
    )
    return redirect(reverse("accounts:profile") + "#sessies")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PortalPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(
            user=request.user, password=form.cleaned_data["new_password1"], keep_session_key=request.session.session_key
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


# Rate-limited per client address: the form sends email to whoever's address is typed in.
password_reset = ratelimit(key="ip", rate="10/h", method="POST", block=True)(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=OutboxPasswordResetForm,
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)


# Guessing one account's password is stopped by django-axes (settings AXES_*); this limit is for
# trying many accounts from one address, shared with the admin login.
login = ratelimit(key="ip", rate=LOGIN_RATE_PER_ADDRESS, method="POST", block=True, group="login")(
    auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm)
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the mailed link proves the person holds the mailbox: their
    login lockout ends too (from every address), so the lockout page's way out really leads in."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=normalise_email(form.user.email))
        return response
