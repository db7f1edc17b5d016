"""people's menu entries: the people pages (section 1); access requests (section 2)."""

from heatportal.navigation import NavItem  # noqa: F401


def items(user) -> list:
    entries: list = []
    # --- People pages ---------------------------------------------------------------------
    # --- Access requests ------------------------------------------------------------------
    return entries
