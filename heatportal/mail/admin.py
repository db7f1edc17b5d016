from django.contrib import admin

from heatportal.mail.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_email", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to_email", "subject", "key"]
    readonly_fields = [f.name for f in Email._meta.fields]

    def get_fields(self, request, obj=None):
        fields = [f.name for f in Email._meta.fields]
        if obj is not None and obj.sensitive:  # a personal login link stays with its recipient
            fields = [name for name in fields if name not in ("body_text", "body_html", "attachments")]
        return fields
