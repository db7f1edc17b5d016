from django.contrib import admin

from heatportal.mail.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_email", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to_email", "subject", "key"]
    readonly_fields = [f.name for f in Email._meta.fields]
