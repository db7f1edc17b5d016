from django.contrib import admin

from municipalities.models import Contact, Municipality, Organisation, Province, ResRegion


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(ResRegion)
class ResRegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "province", "res_region", "ended_on"]
    list_filter = ["province", "res_region"]
    search_fields = ["name", "cbs_code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type"]
    list_filter = ["type"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation"]
    search_fields = ["name", "email", "organisation__name"]


# --- Progress (issue 5): with django-simple-history's change list per object -----------------
from simple_history.admin import SimpleHistoryAdmin  # noqa: E402

from municipalities.models import Initiative, Neighbourhood, Progress, ProgressComment  # noqa: E402


@admin.register(Progress)
class ProgressAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "vision_status", "vision_adopted_on", "programme_status", "flagged", "updated_at"]
    list_filter = ["vision_status", "programme_status", "flagged", "municipality__province"]
    search_fields = ["municipality__name", "municipality__cbs_code"]
    raw_id_fields = ["municipality"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "period_start", "period_end", "alternative", "wup_status"]
    list_filter = ["alternative", "wup_status"]
    search_fields = ["name", "cbs_code", "municipality__name"]
    raw_id_fields = ["municipality"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "phase", "heat_solution", "collaboration"]
    list_filter = ["phase", "heat_solution", "collaboration"]
    search_fields = ["name", "municipality__name"]
    raw_id_fields = ["municipality"]


@admin.register(ProgressComment)
class ProgressCommentAdmin(admin.ModelAdmin):
    list_display = ["municipality", "author", "created_at"]
    search_fields = ["municipality__name", "body"]
    raw_id_fields = ["municipality", "author"]
