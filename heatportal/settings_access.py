"""Settings of people and access, read from the environment: the login lockout (AXES_*), the
organisation login (OIDC_*), retention periods and the statements. Star-imported by
heatportal/settings.py, which appends the OIDC backend and CSP origin when it is switched on."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from heatportal.env import env, env_bool, env_int, env_secret

# --- Login lockout (django-axes, portal and admin login alike) ----------------------------
# A lockout holds one account from one client address: guessing from elsewhere cannot lock the
# real user out, and the counter is per normalised e-mail address, so letter case changes nothing.
# Counters are in PostgreSQL (the database handler), so logins keep working without Redis.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=10)
axes_cooloff_minutes = env_int("AXES_COOLOFF_MINUTES", default=15)
if AXES_FAILURE_LIMIT < 1 or axes_cooloff_minutes < 1:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be at least 1.")
AXES_COOLOFF_TIME = timedelta(minutes=axes_cooloff_minutes)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the field name in both the portal and the admin login form
AXES_USERNAME_CALLABLE = "accounts.lockout.login_username"
AXES_WHITELIST_CALLABLE = "accounts.lockout.is_not_a_password_login"  # the organisation login has no password
AXES_LOCKOUT_CALLABLE = "heatportal.views.login_locked_out"
AXES_RESET_ON_SUCCESS = True
# Tries during a lockout are refused without being recorded: the cool-off runs from the last
# counted failure, and an attacker hammering a locked account cannot grow its row.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Personal data (address, user agent) is kept only while it counts towards a lockout: failed
# attempts are deleted once older than the cool-off; no log of failures or successful logins.
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True
# Masked in what axes logs and stores of the request (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "csrfmiddlewaretoken"]

# --- Organisation login (OpenID Connect) -------------------------------------------------
# OpenID Connect with the organisation's own identity provider: on when OIDC_RP_CLIENT_ID is set.
# Half a configuration stops the start: a login button that fails for everyone is worse.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_secret("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", default=10)
# Optional: where to send the browser to end the session at the provider too (local logout always).
OIDC_OP_LOGOUT_URL = env.str("OIDC_OP_LOGOUT_URL", default="")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="")
# The organisation's login never counts as the portal's second factor: roles that need 2FA are
# still asked for their own code after it. Trusting the provider's MFA is not offered.
OIDC_CREATE_USER = False  # accounts are matched, or created only for a pending invitation
OIDC_OP_LOGOUT_URL_METHOD = "accounts.oidc.provider_logout_url"
LOGIN_REDIRECT_URL_FAILURE = "/account/inloggen/"


def oidc_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_oidc() -> None:
    missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so set {', '.join(missing)} too.")
    if OIDC_RP_SIGN_ALGO not in {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}:
        raise ImproperlyConfigured(f"OIDC_RP_SIGN_ALGO={OIDC_RP_SIGN_ALGO!r}: use RS256 (or another RS/ES).")
    if "openid" not in OIDC_RP_SCOPES.split() or "email" not in OIDC_RP_SCOPES.split():
        raise ImproperlyConfigured("OIDC_RP_SCOPES must contain openid and email (accounts match on email).")


# --- Retention (AVG) and the audit log (BIO) ----------------------------------------------
# Invitees, sign-up requests and lab contacts are anonymised this many months after their
# session or lab ended; bodies of sent mail are emptied after OUTBOX_BODY_RETENTION_DAYS.
RETENTION_MONTHS = env_int("RETENTION_MONTHS", default=24)
# A link in an invitation to the portal works this many days after it was (re)sent.
PORTAL_INVITATION_DAYS = env_int("PORTAL_INVITATION_DAYS", default=14)
# The personal link for the owner's contact of an agreed action (outcomes) works this many days
# after it was (re)sent: long enough for an action due in a quarter, renewed on request.
OUTCOMES_ACTION_LINK_DAYS = env_int("OUTCOMES_ACTION_LINK_DAYS", default=90)
OUTBOX_BODY_RETENTION_DAYS = env_int("OUTBOX_BODY_RETENTION_DAYS", default=90)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", default=5 * 365)
# The privacy and accessibility statements (/privacy/, /toegankelijkheid/): who is responsible,
# where to write, and the date the accessibility statement was last reviewed (ISO date).
PRIVACY_CONTROLLER_NAME = env.str("PRIVACY_CONTROLLER_NAME", default="Nationaal Programma Lokale Warmtetransitie")
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privacy@warmteportaal.nl")
ACCESSIBILITY_STATEMENT_DATE = env.str("ACCESSIBILITY_STATEMENT_DATE", default="2026-12-02")
# The yearly access review (BIO) goes to every approver in this month (1 = January).
ACCESS_REVIEW_MONTH = env_int("ACCESS_REVIEW_MONTH", default=1)
if not 1 <= ACCESS_REVIEW_MONTH <= 12:
    raise ImproperlyConfigured(f"ACCESS_REVIEW_MONTH={ACCESS_REVIEW_MONTH} is not a month (1..12).")
# Where replies go for the portal's own mail (accounts, access); mail about a session or lab
# carries its organiser as Reply-To instead. The sender itself is a no-reply address.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="Warmteportaal <info@warmteportaal.nl>")
