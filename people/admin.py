from django.contrib import admin

from people.models import AccessRequest, AccessReview, PortalInvitation  # noqa: F401

# --- Portal invitations ------------------------------------------------------------------


@admin.register(PortalInvitation)
class PortalInvitationAdmin(admin.ModelAdmin):
    # Read-only: an invitation changes through its services (audited, mailed), never by hand;
    # the nonce is the secret half of the link and stays out of view.
    list_display = ["email", "kind", "province", "municipality", "res_region", "status", "invited_by", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "full_name"]
    exclude = ["nonce"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Access requests and access reviews --------------------------------------------------
