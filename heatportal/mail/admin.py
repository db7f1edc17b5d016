from django.contrib import admin

from heatportal.mail.models import Email

# What a sensitive message (a personal login link) never shows, not even to a superuser: its body,
# its attachments, and its key, which older rows built from the reset token itself.
SENSITIVE_FIELDS = ("body_text", "body_html", "attachments", "key")


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_email", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to_email", "subject", "key"]
    readonly_fields = [f.name for f in Email._meta.fields]

    def get_fields(self, request, obj=None):
        fields = [f.name for f in Email._meta.fields]
        if obj is not None and obj.sensitive:
            fields = [name for name in fields if name not in SENSITIVE_FIELDS]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False  # messages are queued by services, with a key per occasion
