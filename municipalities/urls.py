from django.urls import path

from municipalities import views

# Progress has its URLs under the same prefix (progress/urls.py, mounted before these).
app_name = "municipalities"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("organisaties/", views.organisation_list, name="organisations"),
    path("organisaties/nieuw/", views.organisation_form, name="organisation_create"),
    path("organisaties/<int:pk>/", views.organisation_form, name="organisation_edit"),
    path("contactpersonen/", views.contact_list, name="contacts"),
    path("contactpersonen/nieuw/", views.contact_form, name="contact_create"),
    path("contactpersonen/<int:pk>/", views.contact_form, name="contact_edit"),
    path("contactpersonen/<int:pk>/export/", views.contact_export, name="contact_export"),
    path("contactpersonen/<int:pk>/verwijderen/", views.contact_erase, name="contact_erase"),
    path("<str:cbs_code>/", views.municipality_detail, name="detail"),
]
