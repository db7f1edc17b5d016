from django.urls import path

from sessions.views import (
    attendees,
    board,
    editing,
    feeds,
    invitation_table,
    invitations,
    programme,
    public,
    session_page,
)

app_name = "sessions"
urlpatterns = [
    path("", board.board, name="board"),
    path("overzicht/", session_page.session_list, name="list"),
    path("nieuw/", editing.session_create, name="create"),
    path("gemeente/<str:cbs_code>/planning/", board.municipality_plan, name="municipality_plan"),
    path("<int:pk>/", session_page.session_detail, name="detail"),
    path("<int:pk>/uitnodigingen/", invitation_table.session_invitations, name="invitations"),
    path("<int:pk>/bewerken/", editing.session_edit, name="edit"),
    path("<int:pk>/annuleren/", session_page.session_cancel, name="cancel"),
    path("<int:pk>/geschiedenis/", session_page.session_history, name="history"),
    path("<int:pk>/partijen/", session_page.seats, name="seats"),
    path("<int:pk>/programma/", programme.programme_add, name="programme_add"),
    path("<int:pk>/programma/<int:item_pk>/bewerken/", programme.programme_edit, name="programme_edit"),
    path("<int:pk>/programma/<int:item_pk>/verplaatsen/", programme.programme_move, name="programme_move"),
    path("<int:pk>/programma/<int:item_pk>/verwijderen/", programme.programme_delete, name="programme_delete"),
    path("<int:pk>/workshops/", programme.workshop_add, name="workshop_add"),
    path("<int:pk>/workshops/<int:workshop_pk>/bewerken/", programme.workshop_edit, name="workshop_edit"),
    path("<int:pk>/workshops/<int:workshop_pk>/verwijderen/", programme.workshop_delete, name="workshop_delete"),
    path("<int:pk>/uitnodigen/", invitations.invite, name="invite"),
    path("<int:pk>/uitnodigingen/versturen/", invitations.invitations_send, name="invitations_send"),
    path("<int:pk>/verzoeken/<int:request_pk>/", invitations.signup_decide, name="signup_decide"),
    path("<int:pk>/aanmelden/", public.signup_request, name="signup_request"),
    path("<int:pk>/deelnemers.<str:fmt>", attendees.export, name="export"),
    path("<int:pk>/presentielijst/", attendees.presence_list, name="presence"),
    path("<int:pk>/aanwezigheid/", attendees.attendance, name="attendance"),
    path("antwoord/<str:token>/", public.answer, name="answer"),
    path("agenda/<str:token>.ics", feeds.calendar_feed, name="feed"),
    path("agenda/nieuwe-link/", feeds.calendar_rotate, name="calendar_rotate"),
]
