from django.contrib import admin

from labs.models import CaseUpdate, Enrolment, Lab, LabMaterial, LabMeeting, MeetingAttendance


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = ["municipality", "status", "case_title", "queued_at", "offer_expires_at"]
    readonly_fields = fields
    can_delete = False


class MeetingInline(admin.TabularInline):
    model = LabMeeting
    extra = 0


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organiser_province",
        "status",
        "enrolment_deadline",
        "min_participants",
        "max_participants",
    ]
    list_filter = ["status", "organiser_province"]
    search_fields = ["title"]
    filter_horizontal = ["eligible_provinces", "eligible_res_regions", "advisers"]
    inlines = [MeetingInline, EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    # Read-only: places change only through the services (row lock, waiting list, emails).
    list_display = ["lab", "municipality", "status", "queued_at", "offer_expires_at"]
    list_filter = ["status", "lab"]
    readonly_fields = [f.name for f in Enrolment._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CaseUpdate)
class CaseUpdateAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "author", "created_at"]


@admin.register(LabMaterial)
class LabMaterialAdmin(admin.ModelAdmin):
    # Read-only: adding and removing go through the services (audit, the file on disk). The
    # file field is left out: its link would be a media URL, and only the checked download
    # view sends a file.
    list_display = ["title", "lab", "filename", "url", "added_by", "created_at"]
    list_filter = ["lab"]
    exclude = ["file"]
    readonly_fields = [f.name for f in LabMaterial._meta.fields if f.name != "file"]

    def has_add_permission(self, request):
        return False


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "enrolment", "recorded_by", "recorded_at"]
    list_filter = ["meeting__lab"]
    readonly_fields = [f.name for f in MeetingAttendance._meta.fields]

    def has_add_permission(self, request):
        return False
