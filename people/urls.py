from django.urls import path  # noqa: F401

from people import access_views, views  # noqa: F401

app_name = "people"
urlpatterns: list = [
    # --- People pages, invitations, ending roles ----------------------------------------
    # --- Access requests and access reviews ---------------------------------------------
    path("toegang-aanvragen/", access_views.request_access, name="access_request"),
    path("toegang-aanvragen/verstuurd/", access_views.request_access_done, name="access_request_done"),
    path("aanvragen/", access_views.access_requests, name="access_requests"),
    path("aanvragen/<int:pk>/beoordelen/", access_views.access_request_decide, name="access_request_decide"),
    path("controle/", access_views.access_review, name="access_review"),
    path("controle/bevestigen/", access_views.access_review_confirm, name="access_review_confirm"),
    path("controle/rollen/<int:pk>/beeindigen/", access_views.access_review_role_end, name="access_review_role_end"),
]
