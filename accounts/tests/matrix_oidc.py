"""The organisation login's URLs (/oidc/...). The matrix runs with OIDC switched off, as the test
settings are, so every role gets 404; accounts/tests/test_oidc.py walks them switched on."""

from tests.permissions import Case

CASES: list = [
    Case("oidc_authentication_init", frozenset()),
    Case("oidc_authentication_callback", frozenset()),
    Case("oidc_logout", frozenset(), method="post"),
]
