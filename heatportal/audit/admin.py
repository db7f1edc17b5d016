from django.contrib import admin

from heatportal.audit.models import ActionLog


@admin.register(ActionLog)
class ActionLogAdmin(admin.ModelAdmin):
    """Read only: the audit log is written by the services, never edited by hand."""

    list_display = ["at", "action", "actor_label", "object_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_label", "summary"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
