from django.urls import path

from labs import views, views_records

app_name = "labs"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("mijn/", views.mine, name="mine"),
    path("nieuw/", views.lab_create, name="create"),
    path("<int:pk>/", views.lab_detail, name="detail"),
    path("<int:pk>/aanmelden/", views.enrol, name="enrol"),
    path("<int:pk>/lab/", views.room, name="room"),
    path("<int:pk>/bewerken/", views.lab_edit, name="edit"),
    path("<int:pk>/geschiedenis/", views.lab_history, name="history"),
    path("<int:pk>/status/", views.lab_transition, name="transition"),
    path("<int:pk>/bijeenkomsten/", views.meetings_list, name="meetings"),
    path("<int:pk>/bijeenkomsten/nieuw/", views.meeting_create, name="meeting_create"),
    path("bijeenkomsten/<int:pk>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("bijeenkomsten/<int:pk>/verwijderen/", views.meeting_delete, name="meeting_delete"),
    path("<int:pk>/aanwezigheid/", views_records.attendance, name="attendance"),
    path("bijeenkomsten/<int:pk>/aanwezigheid/", views_records.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/materialen/", views_records.materials_list, name="materials"),
    path("<int:pk>/materialen/toevoegen/", views_records.material_add, name="material_add"),
    path("materialen/<int:pk>/verwijderen/", views_records.material_delete, name="material_delete"),
    path("materialen/<int:pk>/download/", views_records.material_download, name="material_download"),
    path("aanmeldingen/<int:pk>/afmelden/", views.enrolment_withdraw, name="withdraw"),
    path("aanmeldingen/<int:pk>/aanbod/", views.offer_answer, name="offer_answer"),
    path("aanmeldingen/<int:pk>/berichten/", views.case_update, name="case_update"),
    path("aanmeldingen/<int:pk>/voortgang/", views.case_updates, name="case_updates"),
    path("aanbod/<str:token>/", views.offer_link, name="offer_link"),
]
