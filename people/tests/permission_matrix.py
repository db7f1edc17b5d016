"""people's URLs in the permission matrix: invitations and people pages; access requests and reviews."""

from people.tests.matrix_invitations import CASES as INVITATIONS
from people.tests.matrix_requests import CASES as REQUESTS

CASES = [*INVITATIONS, *REQUESTS]
