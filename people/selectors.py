"""people's reads: who holds which role in a scope, pending invitations (section 1); access
requests and reviews (section 2)."""

# --- People pages and invitations -----------------------------------------------------------

# --- Access requests and access reviews ----------------------------------------------------
