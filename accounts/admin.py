from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.otp import otp_reset
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "user"
    fields = ["kind", "province", "municipality", "res_region", "ends_on"]
    extra = 0
    autocomplete_fields = ["province", "municipality", "res_region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "phone"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Tweede factor terugzetten (opnieuw instellen bij de volgende keer inloggen)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            otp_reset(user=user, by=request.user)
        self.message_user(request, _("De tweede factor is teruggezet."))

    def save_formset(self, request, form, formset, change):
        # Roles given or ended here go into the audit log like those of the people pages.
        instances = formset.save(commit=False)
        for role in formset.deleted_objects:
            audit_record(Action.ROLE_ENDED, actor=request.user, obj=role.user, summary=f"{role} (verwijderd in beheer)")
            role.delete()
        for role in instances:
            is_new = role.pk is None
            if is_new:
                role.granted_by = request.user
            role.save()
            action = Action.ROLE_GRANTED if is_new else Action.ROLE_CHANGED
            audit_record(
                action,
                actor=request.user,
                obj=role.user,
                summary=str(role),
                changes={"ends_on": str(role.ends_on or "")},
            )
        formset.save_m2m()
