"""Progress URLs, under /gemeenten/ beside the municipalities app's (heatportal/urls.py mounts
these first, so "voortgang/" is not taken for a CBS code by municipalities' <cbs_code>/)."""

from django.urls import path

from progress.views import deadlines, dossier, outcomes, overviews, sections

app_name = "progress"
urlpatterns = [
    # Overviews: region (coordinators), province, country
    path("voortgang/", overviews.progress_home, name="progress"),
    path("voortgang/landelijk/", overviews.national_overview, name="national_overview"),
    path("voortgang/landelijk/kaart/", overviews.national_map, name="national_map"),
    path("voortgang/provincie/<str:code>/", overviews.province_overview, name="province_overview"),
    path("voortgang/provincie/<str:code>/kaart/", overviews.province_map, name="province_map"),
    path("voortgang/regio/<str:code>/", overviews.region_dashboard, name="region_dashboard"),
    path("voortgang/regio/<str:code>/kaart/", overviews.region_map, name="region_map"),
    path("voortgang/regio/<str:code>/afdrukken/", overviews.region_print, name="region_print"),
    path("voortgang/regio/<str:code>/export.<str:fmt>", overviews.region_export, name="region_export"),
    path("voortgang/grenzen.geojson", overviews.boundaries, name="boundaries"),
    # Progress of one municipality (its sections live on the municipality's page)
    path("<str:cbs_code>/voortgang/opmerkingen/", sections.comment_create, name="comment_create"),
    path("<str:cbs_code>/voortgang/wijken/<int:pk>/", sections.neighbourhood_edit, name="neighbourhood_edit"),
    path(
        "<str:cbs_code>/voortgang/wijken/<int:pk>/verwijderen/",
        sections.neighbourhood_delete,
        name="neighbourhood_delete",
    ),
    path("<str:cbs_code>/voortgang/initiatieven/<int:pk>/", sections.initiative_edit, name="initiative_edit"),
    path(
        "<str:cbs_code>/voortgang/initiatieven/<int:pk>/verwijderen/",
        sections.initiative_delete,
        name="initiative_delete",
    ),
    path(
        "<str:cbs_code>/voortgang/richtingen/<int:pk>/overnemen/",
        outcomes.direction_adopt,
        name="direction_adopt",
    ),
    path("<str:cbs_code>/voortgang/termijnen/<slug:kind>/", deadlines.deadline_edit, name="deadline_edit"),
    path(
        "<str:cbs_code>/voortgang/raadsbesluit/<str:document>/",
        sections.decision_download,
        name="decision_download",
    ),
    path("<str:cbs_code>/dossier/", dossier.dossier_page, name="dossier"),
    path("<str:cbs_code>/dossier/export.<str:fmt>", dossier.dossier_export, name="dossier_export"),
    path("<str:cbs_code>/voortgang/<slug:section>/", sections.progress_section, name="progress_section"),
    path("<str:cbs_code>/geschiedenis/", sections.progress_history, name="history"),
]
