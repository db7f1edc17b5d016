"""Logging in with the organisation's own account over OpenID Connect (mozilla-django-oidc).

The provider vouches for an email address; the portal matches it to an existing active account
and never creates roles. A new account is made only for a pending portal invitation to that
very address: the invitation page puts `oidc_invitation_email` in the session before sending the
person to the provider, and grants the invited role itself afterwards.

The organisation's login is not the portal's second factor: roles that need 2FA are asked for
their own code after it, as after a password (Open Formulieren trusts the IdP's MFA; a portal
that cannot see whether the IdP asked for one does not).
"""

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record

logger = logging.getLogger(__name__)

INVITATION_SESSION_KEY = "oidc_invitation_email"
# Set when a refusal already told the person why, so the generic failure message stays away.
_REFUSED_KEY = "_oidc_refusal_shown"
LOGIN_FAILED = gettext_noop(
    "Inloggen met uw organisatieaccount is niet gelukt. Probeer het opnieuw of log in met uw wachtwoord."
)


def access_request_url() -> str:
    try:
        return reverse("people:access_request")
    except NoReverseMatch:
        return "/mensen/toegang-aanvragen/"


def _claimed_name(claims: dict) -> str:
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    return str(name or "").strip()[:150]


@transaction.atomic
def user_create_from_oidc(*, email: str, full_name: str):
    """An account for an invited person who logs in with the organisation account: no password
    (unusable), no roles (the invitation grants the role it names)."""
    user = get_user_model().objects.create_user(email=email, password=None, full_name=full_name)
    audit_record(
        Action.ACCOUNT_CHANGED,
        actor=user,
        obj=user,
        summary="Account aangemaakt bij inloggen met organisatieaccount (uitnodiging)",
        changes={"email": email, "full_name": full_name},
    )
    return user


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the callback view (which passes the nonce) may start a token exchange: a password
        # login posted to a URL with ?code=&state= must not reach the provider.
        if "nonce" not in kwargs or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            # The provider refused the code or did not answer: a failed login, not a 500.
            logger.warning("Organisation login failed at the provider: %s", type(exc).__name__)
            return None

    def _refuse(self, message) -> None:
        messages.error(self.request, message)
        self.request.session[_REFUSED_KEY] = True

    def verify_claims(self, claims):
        # Only an address the provider says it verified may stand for an account here: an
        # unverified one could be anybody's.
        return bool(claims.get("email")) and claims.get("email_verified") is True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip(), is_active=True)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            self._refuse(
                _(
                    "Uw organisatie heeft uw e-mailadres niet als bevestigd doorgegeven. "
                    "Zo kunt u niet inloggen; log in met uw wachtwoord of neem contact op met uw organisatie."
                )
            )
            return None
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) == 1:
            return self.update_user(users[0], claims)
        email = claims["email"].strip().lower()
        invited = str(self.request.session.get(INVITATION_SESSION_KEY, "")).strip().lower()
        # An inactive account with that address stays closed, invitation or not.
        if not users and invited == email and not self.UserModel.objects.filter(email__iexact=email).exists():
            return user_create_from_oidc(email=email, full_name=_claimed_name(claims))
        logger.info("Organisation login refused: no single active account for the verified address")
        self._refuse(
            format_html(
                '{} <a href="{}">{}</a>',
                _("Er is geen account voor dit organisatieaccount."),
                access_request_url(),
                _("Vraag toegang aan."),
            )
        )
        return None

    def update_user(self, user, claims):
        # A name the person set in the portal stays theirs; the provider only fills a blank one.
        if not user.full_name and (name := _claimed_name(claims)):
            user.full_name = name
            user.save(update_fields=["full_name"])
        return user


class _OnlyWhenEnabled:
    """The /oidc/ URLs are always in the URLconf (so the permission matrix sees them) but answer
    404 unless OIDC_ENABLED; checked per request, before the view reads its settings."""

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)

        def guarded(request, *args, **kwargs):
            if not settings.OIDC_ENABLED:
                raise Http404
            return view(request, *args, **kwargs)

        return guarded


class OrganisationAuthenticationRequestView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    pass


class OrganisationCallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    def login_failure(self):
        if not self.request.session.pop(_REFUSED_KEY, False):
            messages.error(self.request, _(LOGIN_FAILED))
        return super().login_failure()


class OrganisationLogoutView(_OnlyWhenEnabled, OIDCLogoutView):
    pass


def provider_logout_url(request) -> str:
    """Where the browser goes after the local logout: the provider's end-session page when
    OIDC_OP_LOGOUT_URL is set, else the portal's usual place."""
    return settings.OIDC_OP_LOGOUT_URL or resolve_url(settings.LOGOUT_REDIRECT_URL)
