"""Django admin for support staff; planning itself happens on the board (sessions:board)."""

from django.contrib import admin

from sessions.models import (
    Invitation,
    MunicipalityPlan,
    ProgrammeItem,
    Session,
    SessionDay,
    SessionMunicipality,
    SignupRequest,
    Workshop,
)


class SessionDayInline(admin.TabularInline):
    model = SessionDay
    extra = 0


class SessionMunicipalityInline(admin.TabularInline):
    model = SessionMunicipality
    extra = 0
    autocomplete_fields = ["municipality"]


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    exclude = ["day"]


class WorkshopInline(admin.TabularInline):
    model = Workshop
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "organiser_province", "organiser_name", "is_pilot"]
    list_filter = ["kind", "status", "organiser_province", "invitation_only"]
    search_fields = ["title", "organiser_name"]
    readonly_fields = ["uid", "sequence", "allocation_seed", "allocated_at", "created_by", "created_at"]
    inlines = [SessionDayInline, SessionMunicipalityInline, ProgrammeItemInline, WorkshopInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["session", "contact", "answer", "workshop", "attended"]
    list_filter = ["answer", "session"]
    search_fields = ["contact__name", "contact__email", "session__title"]
    raw_id_fields = ["contact", "email"]
    list_select_related = ["session", "contact", "workshop"]


@admin.register(SignupRequest)
class SignupRequestAdmin(admin.ModelAdmin):
    list_display = ["session", "name", "email", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["contact"]
    list_select_related = ["session"]


@admin.register(MunicipalityPlan)
class MunicipalityPlanAdmin(admin.ModelAdmin):
    list_display = ["municipality", "own_trajectory", "updated_at"]
    list_select_related = ["municipality"]
