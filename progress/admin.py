"""Progress in the admin, with django-simple-history's change list per object."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from progress.models import Initiative, Neighbourhood, Progress, ProgressComment


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
