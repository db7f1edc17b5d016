from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
    path("wachtwoord-wijzigen/", views.password_change, name="password_change"),
    path("sessies/<int:pk>/uitloggen/", views.session_end, name="session_end"),
    path("sessies/elders-uitloggen/", views.sessions_end_others, name="sessions_end_others"),
    path("wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-instellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
