"""people's forms: inviting, accepting an invitation, ending a role (section 1); access
requests and reviews (section 2)."""

# --- Invitations and ending roles -----------------------------------------------------------

# --- Access requests and access reviews ----------------------------------------------------
