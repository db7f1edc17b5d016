"""The own account: every signed-in person has it, for their own account only."""

from tests.permissions import LOGGED_IN, Case

CASES: list = [
    Case(
        "accounts:profile", LOGGED_IN, method="post", data=lambda world: {"full_name": "Nieuwe Naam", "language": "nl"}
    ),
    Case("accounts:password_change", LOGGED_IN),
    Case("accounts:password_change", LOGGED_IN, method="post", data=lambda world: {"old_password": "fout"}),
]
