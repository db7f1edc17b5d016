"""How django-axes names the account in a login attempt (AXES_USERNAME_CALLABLE)."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def login_username(request, credentials: dict | None) -> str | None:
    """The typed e-mail address as the account it logs in to: stripped and lower-cased, as
    `UserManager.get_by_natural_key` finds it case-insensitively. Without this, each spelling of
    one address (Gemeente.ASSEN@..., gemeente.assen@...) had a counter of its own."""
    source = credentials if credentials else getattr(request, "POST", None) or {}
    typed = source.get("username")
    if not isinstance(typed, str) or not typed.strip():
        return None
    return normalise_email(typed)


def is_not_a_password_login(request, credentials: dict | None) -> bool:
    """AXES_WHITELIST_CALLABLE: attempts without a typed address are not counted or refused.

    The organisation login (OIDC callback) authenticates with a one-time code and nonce, not a
    password, so there is nothing to guess; counted, its refusals (an unknown or unverified
    address) would pile up under "no username" for the client's address and, after
    AXES_FAILURE_LIMIT of them, refuse the organisation login to everyone behind that address
    (a municipality's shared gateway)."""
    return login_username(request, credentials) is None and "password" not in (credentials or {})
