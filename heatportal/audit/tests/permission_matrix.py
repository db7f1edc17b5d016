"""The audit log: programme administrators only, the page and its filtered htmx results alike."""

from tests.permissions import Case, Partial

ADMIN = frozenset({"programme_admin"})

CASES = [
    Case(
        "audit:log",
        ADMIN,
        partials=(
            Partial(query="action=login.succeeded&actor=a&q=b&date_from=2026-01-01&date_to=2026-12-31&pagina=2"),
        ),
    ),
]
