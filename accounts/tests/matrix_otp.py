"""The second factor's pages: every signed-in person has them (for their own account only)."""

from tests.permissions import LOGGED_IN, Case

CASES = [
    Case("otp:manage", LOGGED_IN),
    Case("otp:manage", LOGGED_IN, method="post", data=lambda world: {"action": "regenerate", "regenerate-code": "1"}),
    Case("otp:verify", LOGGED_IN),
    Case("otp:verify", LOGGED_IN, method="post", data=lambda world: {"code": "000000"}),
    Case("otp:enrol", LOGGED_IN),
    Case("otp:enrol", LOGGED_IN, method="post", data=lambda world: {"code": "000000"}),
    Case("otp:recovery_codes", LOGGED_IN),
    Case("otp:recovery_codes", LOGGED_IN, method="post"),
    Case("otp:recovery_codes_download", LOGGED_IN),
]
