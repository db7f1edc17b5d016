"""Hostile-input targets: the forms of accounts (login, password reset, own account, password
change) and the language switch."""

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
        "accounts:profile",
        "officer_assen",
        lambda w, o: {},
        lambda w, o: {"full_name": "Nieuwe Naam", "phone": "06 12345678", "language": "nl", "wants_digest": "on"},
        ["full_name", "phone", "language", "wants_digest", "wants_reminders", "wants_notices"],
        _account_rows,
    ),
    Target(
        "accounts:password_change",
        "officer_assen",
        lambda w, o: {},
        lambda w, o: {
            "old_password": "fout",
            "new_password1": "lang-en-uniek-wachtwoord-7",
            "new_password2": "lang-en-uniek-wachtwoord-7",
        },
        ["old_password", "new_password1", "new_password2"],
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
