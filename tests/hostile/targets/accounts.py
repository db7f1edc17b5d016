"""Hostile-input targets: the forms of accounts (login, password reset) and the language switch."""

from tests.hostile.targets.base import Target, emails


def _account_rows(world, o):
    from accounts.models import User

    return [User.objects.all(), emails()]


TARGETS = [
    Target(
        "accounts:login",
        "anonymous",
        lambda w, o: {},
        lambda w, o: {"username": "assen@example.org", "password": "fout"},
        ["username", "password", "next"],
        _account_rows,
    ),
    Target(
        "accounts:password_reset",
        "anonymous",
        lambda w, o: {},
        lambda w, o: {"email": "assen@example.org"},
        ["email"],
        _account_rows,
    ),
    Target(
        "accounts:password_reset_confirm",
        "anonymous",
        lambda w, o: {"uidb64": "MQ", "token": "set-password"},
        lambda w, o: {"new_password1": "a", "new_password2": "a"},
        ["new_password1", "new_password2"],
        _account_rows,
    ),
    Target(
        "set_language",
        "officer_assen",
        lambda w, o: {},
        lambda w, o: {"language": "en", "next": "/"},
        ["language", "next"],
        _account_rows,
    ),
]
