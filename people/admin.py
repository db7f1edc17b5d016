from django.contrib import admin  # noqa: F401

from people.models import AccessRequest, AccessReview, PortalInvitation  # noqa: F401

# --- Portal invitations ------------------------------------------------------------------

# --- Access requests and access reviews --------------------------------------------------
