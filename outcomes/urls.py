"""Outcomes URLs: beside a session's own (/sessies/<pk>/uitkomsten/...)."""

from django.urls import path

from outcomes import views, views_actions

app_name = "outcomes"
urlpatterns = [
    path("sessies/<int:pk>/uitkomsten/", views.session_outcomes, name="session"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/toevoegen/", views.outcome_add, name="add"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/<int:outcome_pk>/", views.outcome_edit, name="edit"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/<int:outcome_pk>/verwijderen/", views.outcome_remove, name="remove"),
    path(
        "sessies/<int:pk>/uitkomsten/afspraak/<int:action_pk>/status/",
        views_actions.action_status,
        name="action_status",
    ),
    path(
        "sessies/<int:pk>/uitkomsten/afspraak/<int:action_pk>/link-opnieuw/",
        views_actions.action_link_resend,
        name="action_link_resend",
    ),
    path("afspraak/<str:token>/", views_actions.action_link, name="action_link"),
]
