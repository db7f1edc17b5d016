from django.urls import path

from municipalities import progress_views, views

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
    # Progress overviews (before the catch-all <cbs_code>/)
    path("voortgang/", progress_views.progress_home, name="progress"),
    path("voortgang/landelijk/", progress_views.national_overview, name="national_overview"),
    path("voortgang/landelijk/kaart/", progress_views.national_map, name="national_map"),
    path("voortgang/provincie/<str:code>/", progress_views.province_overview, name="province_overview"),
    path("voortgang/provincie/<str:code>/kaart/", progress_views.province_map, name="province_map"),
    path("voortgang/regio/<str:code>/", progress_views.region_dashboard, name="region_dashboard"),
    path("voortgang/regio/<str:code>/kaart/", progress_views.region_map, name="region_map"),
    path("voortgang/regio/<str:code>/afdrukken/", progress_views.region_print, name="region_print"),
    path("voortgang/regio/<str:code>/export.<str:fmt>", progress_views.region_export, name="region_export"),
    path("voortgang/grenzen.geojson", progress_views.boundaries, name="boundaries"),
    path("<str:cbs_code>/", views.municipality_detail, name="detail"),
    # Progress of one municipality
    path("<str:cbs_code>/voortgang/opmerkingen/", progress_views.comment_create, name="comment_create"),
    path("<str:cbs_code>/voortgang/wijken/<int:pk>/", progress_views.neighbourhood_edit, name="neighbourhood_edit"),
    path(
        "<str:cbs_code>/voortgang/wijken/<int:pk>/verwijderen/",
        progress_views.neighbourhood_delete,
        name="neighbourhood_delete",
    ),
    path("<str:cbs_code>/voortgang/initiatieven/<int:pk>/", progress_views.initiative_edit, name="initiative_edit"),
    path(
        "<str:cbs_code>/voortgang/initiatieven/<int:pk>/verwijderen/",
        progress_views.initiative_delete,
        name="initiative_delete",
    ),
    path("<str:cbs_code>/voortgang/<slug:section>/", progress_views.progress_section, name="progress_section"),
    path("<str:cbs_code>/geschiedenis/", progress_views.progress_history, name="history"),
]
