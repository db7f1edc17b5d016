"""accounts' URLs in the permission matrix, one module per capability."""

from accounts.tests.matrix_account import CASES as ACCOUNT
from accounts.tests.matrix_oidc import CASES as OIDC
from accounts.tests.matrix_otp import CASES as OTP

CASES = [*ACCOUNT, *OTP, *OIDC]
