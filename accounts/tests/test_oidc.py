"""Logging in with the organisation's account against a real OpenID Connect provider on
loopback (tests/oidc_provider/, django-oauth-toolkit): matching by verified email, no roles and
no accounts made by the login itself, the invitation exception, and the settings' checks."""

import runpy
import sys
from pathlib import Path
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from playwright.sync_api import expect

import heatportal
from accounts.models import Role, User
from accounts.oidc import OrganisationOIDCBackend
from accounts.services import role_grant
from heatportal.audit.models import Action, ActionLog
from tests.browser import check_page
from tests.factories import UserFactory
from tests.fixtures.oidc import PASSWORD

BUTTON = "Inloggen met uw organisatieaccount"


FULL = {
    "OIDC_RP_CLIENT_ID": "portaal",
    "OIDC_RP_CLIENT_SECRET": "geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
}


def _settings_with(monkeypatch, **env) -> dict:
    monkeypatch.setenv("SECRET_KEY", "settings-check-only-0123456789-abcdefghijklmnopqrstuvwxyz")
    for name in [*FULL, "OIDC_RP_CLIENT_SECRET_FILE", "OIDC_RP_SIGN_ALGO", "OIDC_RP_SCOPES"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # settings.py star-imports settings_access, which reads the OIDC_* variables: read it afresh.
    monkeypatch.delitem(sys.modules, "heatportal.settings_access", raising=False)
    return runpy.run_path(str(Path(heatportal.__file__).parent / "settings.py"))


def test_half_configured_organisation_login_stops_the_start(monkeypatch):
    half = {k: v for k, v in FULL.items() if k not in {"OIDC_RP_CLIENT_SECRET", "OIDC_OP_JWKS_ENDPOINT"}}
    with pytest.raises(ImproperlyConfigured, match="OIDC_RP_CLIENT_SECRET, OIDC_OP_JWKS_ENDPOINT"):
        _settings_with(monkeypatch, **half)
    with pytest.raises(ImproperlyConfigured, match="OIDC_RP_SIGN_ALGO"):
        _settings_with(monkeypatch, **FULL, OIDC_RP_SIGN_ALGO="none")
    with pytest.raises(ImproperlyConfigured, match="OIDC_RP_SCOPES"):
        _settings_with(monkeypatch, **FULL, OIDC_RP_SCOPES="openid profile")


def test_configured_organisation_login_adds_its_backend_after_axes(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("uit-een-bestand\n")
    config = {k: v for k, v in FULL.items() if k != "OIDC_RP_CLIENT_SECRET"}
    loaded = _settings_with(monkeypatch, **config, OIDC_RP_CLIENT_SECRET_FILE=str(secret))
    assert loaded["OIDC_ENABLED"] is True
    assert loaded["OIDC_RP_CLIENT_SECRET"] == "uit-een-bestand"
    assert loaded["OIDC_RP_SIGN_ALGO"] == "RS256"
    backends = loaded["AUTHENTICATION_BACKENDS"]
    assert backends[0] == "axes.backends.AxesStandaloneBackend"
    assert backends[-1] == "accounts.oidc.OrganisationOIDCBackend"
    assert loaded["SECURE_CSP"]["form-action"][-1] == "https://idp.example"

    off = _settings_with(monkeypatch, OIDC_RP_CLIENT_ID="")
    assert off["OIDC_ENABLED"] is False
    assert "accounts.oidc.OrganisationOIDCBackend" not in off["AUTHENTICATION_BACKENDS"]


@pytest.mark.django_db
def test_switched_off_the_oidc_urls_answer_404_and_the_login_page_has_no_button(client):
    assert settings.OIDC_ENABLED is False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404
    assert client.post(reverse("oidc_logout")).status_code == 404
    assert BUTTON not in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_switched_on_the_button_sends_everyone_to_the_provider_and_logout_is_local(client, oidc_portal, settings):
    page = client.get(reverse("accounts:login"), {"next": "/sessies/"}).content.decode()
    assert BUTTON in page
    assert 'href="/oidc/authenticate/?next=/sessies/"' in page

    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    assert response["Location"].startswith(oidc_portal.endpoints["OIDC_OP_AUTHORIZATION_ENDPOINT"])
    assert "code_challenge=" in response["Location"]

    settings.OIDC_PROVIDER_NAME = "Inloggen met het account van de provincie"
    assert "Inloggen met het account van de provincie" in client.get(reverse("accounts:login")).content.decode()

    user = UserFactory()
    client.force_login(user)
    settings.OIDC_OP_LOGOUT_URL = "https://idp.example/logout"
    response = client.post(reverse("oidc_logout"))
    assert response["Location"] == "https://idp.example/logout"
    assert "_auth_user_id" not in client.session


def _login_at_provider(page, live_server, username: str, *, name: str) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_role("link", name=BUTTON).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij de organisatie (test-IdP)")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord bij de organisatie").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    # The provider asks once whether the portal may read the name and email address.
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state()
    check_page(page, name)


def _portal_session(page, live_server) -> SessionStore:
    cookie = next(c for c in page.context.cookies(live_server.url) if c["name"] == settings.SESSION_COOKIE_NAME)
    return SessionStore(cookie["value"])


def _start_session_with(page, live_server, **data) -> None:
    session = SessionStore()
    session.update(data)
    session.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_logs_in_with_the_organisation_account_as_the_existing_account(page, live_server, assen, oidc_portal):
    officer = UserFactory(email="anne.officer@gemeente.example", full_name="Anne Ambtenaar")
    role_grant(user=officer, kind=Role.Kind.MUNICIPAL_OFFICER, scope=assen)
    page.goto(f"{live_server.url}/account/inloggen/")
    check_page(page, "oidc-01-login-page-with-organisation-button")
    users, roles = User.objects.count(), Role.objects.count()

    _login_at_provider(page, live_server, "anne", name="oidc-02-logged-in-as-existing-account")

    # Matched although the provider spells the address with capitals; the portal's own name stays.
    header = page.locator(".portal-user")
    expect(header.get_by_role("link", name="Anne Ambtenaar")).to_be_visible()
    assert _portal_session(page, live_server).get("_auth_user_id") == str(officer.pk)
    assert (User.objects.count(), Role.objects.count()) == (users, roles)
    officer.refresh_from_db()
    assert officer.full_name == "Anne Ambtenaar"

    header.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    expect(page.locator(".portal-user").get_by_role("link", name="Inloggen")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unknown_address_is_refused_even_with_an_invitation_for_someone_else(page, live_server, oidc_portal):
    _start_session_with(page, live_server, oidc_invitation_email="iemand-anders@gemeente.example")
    users = User.objects.count()

    _login_at_provider(page, live_server, "onbekend", name="oidc-03-unknown-address-refused")

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_text("Er is geen account voor dit organisatieaccount.")).to_be_visible()
    link = page.get_by_role("link", name="Vraag toegang aan.")
    expect(link).to_have_attribute("href", "/mensen/toegang-aanvragen/")
    assert User.objects.count() == users
    assert not User.objects.filter(email="nieuw@gemeente.example").exists()
    assert "_auth_user_id" not in _portal_session(page, live_server).load()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_address_the_provider_did_not_verify_does_not_log_in(page, live_server, oidc_portal):
    holder = UserFactory(email="onbevestigd@gemeente.example")

    _login_at_provider(page, live_server, "onbevestigd", name="oidc-04-unverified-address-refused")

    expect(page.get_by_text("niet als bevestigd doorgegeven")).to_be_visible()
    expect(page.get_by_text("Er is geen account")).to_have_count(0)
    assert _portal_session(page, live_server).load().get("_auth_user_id") != str(holder.pk)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_invited_person_gets_an_account_without_roles_from_the_organisation_login(page, live_server, oidc_portal):
    _start_session_with(page, live_server, oidc_invitation_email="Genodigd@gemeente.example")

    _login_at_provider(page, live_server, "genodigd", name="oidc-05-invited-account-created")

    invitee = User.objects.get(email="genodigd@gemeente.example")
    created = ActionLog.objects.get(action=Action.ACCOUNT_CHANGED, object_id=str(invitee.pk))
    assert created.actor == invitee
    assert invitee.full_name == "Gina Genodigd"
    assert not invitee.has_usable_password()
    assert not Role.objects.filter(user=invitee).exists()
    session = _portal_session(page, live_server)
    assert session.get("_auth_user_id") == str(invitee.pk)
    # Left for the invitation page, which grants the role and then forgets it.
    assert session.get("oidc_invitation_email") == "Genodigd@gemeente.example"
    expect(page.locator(".portal-user").get_by_role("link", name="Gina Genodigd")).to_be_visible()


@pytest.mark.django_db
def test_password_login_with_code_and_state_in_the_url_never_reaches_the_provider(client, oidc_portal):
    # A wrong password passes every backend before the organisation's: it must not spend the
    # code in the URL at the provider (a 500 there, or a login with someone else's code).
    user = UserFactory(email="wachtwoord@example.org")
    url = reverse("accounts:login") + "?code=abc&state=def"
    response = client.post(url, {"username": user.email, "password": "niet-het-wachtwoord"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(url, {"username": user.email, "password": "geheim-wachtwoord-1"})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


@pytest.mark.django_db
def test_code_the_provider_refuses_ends_on_the_login_page_not_in_an_error(client, oidc_portal):
    started = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    response = client.get(reverse("oidc_authentication_callback"), {"code": "verzonnen", "state": state}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Inloggen met uw organisatieaccount is niet gelukt." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_invitation_does_not_reopen_a_deactivated_account(rf, oidc_portal):
    closed = UserFactory(email="genodigd@gemeente.example", is_active=False)
    request = rf.get("/oidc/callback/")
    request.session = SessionStore()
    request.session["oidc_invitation_email"] = closed.email
    request._messages = default_storage(request)
    backend = OrganisationOIDCBackend()
    backend.request = request
    claims = {"email": "Genodigd@gemeente.example", "email_verified": True, "name": "Gina"}
    with patch.object(backend, "get_userinfo", return_value=claims):
        assert backend.get_or_create_user("access", "id", {}) is None
    assert User.objects.filter(email__iexact=closed.email).count() == 1
    assert [str(m) for m in request._messages][0].startswith("Er is geen account voor dit organisatieaccount.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_invited_officer_accepts_with_the_organisation_login_and_gets_the_role(page, live_server, world, oidc_portal):
    from people.services import invitation_send, invitation_token

    invitation, _ = invitation_send(
        by=world.users["programme_admin"],
        email="ingo@assen.example",
        kind=Role.Kind.MUNICIPAL_OFFICER,
        scope=world.assen,
    )
    page.goto(live_server.url + reverse("people:invitation_link", kwargs={"token": invitation_token(invitation)}))
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_url(f"{oidc_portal.url}/**")
    page.get_by_label("Gebruikersnaam").fill("ingo")
    page.get_by_label("Wachtwoord bij de organisatie").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{live_server.url}/**")
    expect(page.get_by_text("Welkom! U heeft nu de rol")).to_be_visible()
    check_page(page, "oidc-06-invitation-accepted-with-organisation-login")

    officer = User.objects.get(email="ingo@assen.example")
    assert officer.full_name == "Ingo Uitgenodigd"
    roles = Role.objects.filter(user=officer)
    assert [(r.kind, r.municipality) for r in roles] == [(Role.Kind.MUNICIPAL_OFFICER, world.assen)]
    assert _portal_session(page, live_server).get("_auth_user_id") == str(officer.pk)


def test_refused_organisation_logins_are_not_counted_towards_a_lockout(rf, world, settings):
    # The OIDC callback authenticates with a code and a nonce; a refusal (unknown address) must
    # not pile up as "no username" failures that would lock everyone behind one address out.
    from django.contrib.auth import authenticate

    request = rf.get("/oidc/callback/", REMOTE_ADDR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        assert authenticate(request=request, nonce="n", code_verifier="v") is None
    assert AccessAttempt.objects.count() == 0
    # A wrong password still counts.
    request = rf.post("/account/inloggen/", {"username": world.users["officer_assen"].email}, REMOTE_ADDR="10.0.0.7")
    assert authenticate(request=request, username=world.users["officer_assen"].email, password="fout") is None
    assert AccessAttempt.objects.get().failures_since_start == 1
