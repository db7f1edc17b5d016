from django.urls import path

from sessions import views

app_name = "sessions"
urlpatterns = [
    path("", views.board, name="board"),
    path("overzicht/", views.session_list, name="list"),
    path("nieuw/", views.session_create, name="create"),
    path("gemeente/<str:cbs_code>/planning/", views.municipality_plan, name="municipality_plan"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/uitnodigingen/", views.session_invitations, name="invitations"),
    path("<int:pk>/bewerken/", views.session_edit, name="edit"),
    path("<int:pk>/annuleren/", views.session_cancel, name="cancel"),
    path("<int:pk>/partijen/", views.seats, name="seats"),
    path("<int:pk>/programma/", views.programme_add, name="programme_add"),
    path("<int:pk>/programma/<int:item_pk>/verwijderen/", views.programme_delete, name="programme_delete"),
    path("<int:pk>/workshops/", views.workshop_add, name="workshop_add"),
    path("<int:pk>/workshops/<int:workshop_pk>/verwijderen/", views.workshop_delete, name="workshop_delete"),
    path("<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("<int:pk>/uitnodigingen/versturen/", views.invitations_send, name="invitations_send"),
    path("<int:pk>/verzoeken/<int:request_pk>/", views.signup_decide, name="signup_decide"),
    path("<int:pk>/aanmelden/", views.signup_request, name="signup_request"),
    path("<int:pk>/deelnemers.<str:fmt>", views.export, name="export"),
    path("<int:pk>/presentielijst/", views.presence_list, name="presence"),
    path("<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("antwoord/<str:token>/", views.answer, name="answer"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="feed"),
    path("agenda/nieuwe-link/", views.calendar_rotate, name="calendar_rotate"),
]
