"""Open data: /open-data/voortgang.csv and .json, and the page describing them."""

from django.urls import path

from progress.views import open_data

app_name = "open_data"
urlpatterns = [
    path("", open_data.index, name="index"),
    path("voortgang.csv", open_data.progress_csv, name="csv"),
    path("voortgang.json", open_data.progress_json, name="json"),
    path("voortgang.schema.json", open_data.progress_schema, name="schema"),
]
