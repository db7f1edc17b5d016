"""The own account: every signed-in person has it, for their own account only."""

from tests.permissions import LOGGED_IN, Case

CASES: list = [
    Case(
        "accounts:profile", LOGGED_IN, method="post", data=lambda world: {"full_name": "Nieuwe Naam", "language": "nl"}
    ),
    Case("accounts:password_change", LOGGED_IN),
    Case("accounts:password_change", LOGGED_IN, method="post", data=lambda world: {"old_password": "fout"}),
    Case("accounts:sessions_end_others", LOGGED_IN, method="post"),
    # Someone else's (or a gone) session is not found for anyone; one's own is in test_sessions.py.
    Case("accounts:session_end", frozenset(), kwargs=lambda world: {"pk": 999_999}, method="post"),
]
