"""Outcomes URLs: beside a session's own (/sessies/<pk>/uitkomsten/...)."""

from django.urls import path

from outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("sessies/<int:pk>/uitkomsten/", views.session_outcomes, name="session"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/toevoegen/", views.outcome_add, name="add"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/<int:outcome_pk>/", views.outcome_edit, name="edit"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/<int:outcome_pk>/verwijderen/", views.outcome_remove, name="remove"),
]
