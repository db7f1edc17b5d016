from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from accounts.forms import LoginForm, OutboxPasswordResetForm
from accounts.lockout import normalise_email
from heatportal.views import LOGIN_RATE_PER_ADDRESS


@login_required
@require_GET
def profile(request):
    return render(request, "accounts/profile.html", {"roles": request.user.role_list})


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
