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
