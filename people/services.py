"""people's writes: portal invitations and ending roles (section 1); access requests and the
yearly access review (section 2, see people/access_requests.py)."""

# --- Portal invitations and ending roles ---------------------------------------------------

# --- Access requests and access reviews ----------------------------------------------------
