"""Outcomes URLs: beside a session's own (/sessies/<pk>/uitkomsten/...)."""

from django.urls import path

from outcomes import views, views_actions, views_review

app_name = "outcomes"
urlpatterns = [
    path("sessies/<int:pk>/uitkomsten/", views.session_outcomes, name="session"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/toevoegen/", views.outcome_add, name="add"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/<int:outcome_pk>/", views.outcome_edit, name="edit"),
    path("sessies/<int:pk>/uitkomsten/<str:kind>/<int:outcome_pk>/verwijderen/", views.outcome_remove, name="remove"),
    path("sessies/<int:pk>/terugblik/", views_review.review_save, name="review_save"),
    path("sessies/<int:pk>/terugblik/aanwezigheid/", views_review.review_attendance, name="review_attendance"),
    path("sessies/<int:pk>/terugblik/publiceren/", views_review.review_publish, name="review_publish"),
    path("sessies/<int:pk>/terugblik/intrekken/", views_review.review_withdraw, name="review_withdraw"),
    path("sessies/<int:pk>/terugblik/fotos/", views_review.review_photo_add, name="review_photo_add"),
    path("sessies/<int:pk>/terugblik/fotos/<int:photo_pk>/", views_review.review_photo, name="review_photo"),
    path(
        "sessies/<int:pk>/terugblik/fotos/<int:photo_pk>/verwijderen/",
        views_review.review_photo_remove,
        name="review_photo_remove",
    ),
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
