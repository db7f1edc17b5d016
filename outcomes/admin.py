from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import AgreedAction, LinkingOpportunity, SessionReview, WijkDirection


@admin.register(LinkingOpportunity)
class LinkingOpportunityAdmin(SimpleHistoryAdmin):
    list_display = ["description", "municipality", "session", "status", "from_year"]
    list_filter = ["status"]
    raw_id_fields = ["session", "municipality", "organisation", "created_by"]


@admin.register(AgreedAction)
class AgreedActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "municipality", "session", "status", "due_on"]
    list_filter = ["status"]
    raw_id_fields = [
        "session",
        "municipality",
        "owner_organisation",
        "owner_contact",
        "created_by",
        "status_changed_by",
    ]


@admin.register(WijkDirection)
class WijkDirectionAdmin(SimpleHistoryAdmin):
    list_display = ["neighbourhood_name", "municipality", "session", "alternative", "adopted_at"]
    raw_id_fields = ["session", "municipality", "created_by", "adopted_by"]


@admin.register(SessionReview)
class SessionReviewAdmin(SimpleHistoryAdmin):
    list_display = ["session", "published_at"]
    raw_id_fields = ["session", "published_by"]
