from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User


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
