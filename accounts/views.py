from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from accounts.forms import LoginForm, OutboxPasswordResetForm
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
