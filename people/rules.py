"""Who may see people pages, invite, approve access requests and end roles (see accounts.rules.may_grant)."""

import rules  # noqa: F401

# --- People pages, invitations, ending roles -----------------------------------------------

# --- Access requests and access reviews ----------------------------------------------------
