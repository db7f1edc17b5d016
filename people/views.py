"""people's views: people pages and invitations (section 1); access requests and reviews (section 2)."""

# --- People pages, invitations, ending roles -----------------------------------------------

# --- Access requests and access reviews ----------------------------------------------------
