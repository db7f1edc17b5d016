from django.urls import path

from people import access_views, views  # noqa: F401

app_name = "people"
urlpatterns: list = [
    # --- People pages, invitations, ending roles ----------------------------------------
    path("", views.people_index, name="index"),
    path("gemeente/<str:cbs_code>/", views.municipality_people, name="municipality"),
    path("provincie/<str:code>/", views.province_people, name="province"),
    path("regio/<str:code>/", views.region_people, name="region"),
    path("uitnodigen/", views.invite, name="invite"),
    path("uitnodigingen/<int:pk>/opnieuw/", views.invitation_resend, name="invitation_resend"),
    path("uitnodigingen/<int:pk>/intrekken/", views.invitation_withdraw, name="invitation_withdraw"),
    path("rollen/<int:pk>/beeindigen/", views.role_end, name="role_end"),
    path("uitnodiging/<str:token>/", views.invitation_link, name="invitation_link"),
    # --- Access requests and access reviews ---------------------------------------------
    path("toegang-aanvragen/", access_views.request_access, name="access_request"),
    path("toegang-aanvragen/verstuurd/", access_views.request_access_done, name="access_request_done"),
    path("aanvragen/", access_views.access_requests, name="access_requests"),
    path("aanvragen/<int:pk>/beoordelen/", access_views.access_request_decide, name="access_request_decide"),
    path("controle/", access_views.access_review, name="access_review"),
    path("controle/bevestigen/", access_views.access_review_confirm, name="access_review_confirm"),
    path("controle/rollen/<int:pk>/beeindigen/", access_views.access_review_role_end, name="access_review_role_end"),
]
