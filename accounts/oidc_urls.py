"""Organisation login (OpenID Connect); the names are mozilla-django-oidc's, which it reverses."""

from django.urls import path

from accounts import oidc

urlpatterns = [
    path("authenticate/", oidc.OrganisationAuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    path("callback/", oidc.OrganisationCallbackView.as_view(), name="oidc_authentication_callback"),
    path("logout/", oidc.OrganisationLogoutView.as_view(), name="oidc_logout"),
]
