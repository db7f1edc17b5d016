"""Open data: /open-data/voortgang.csv and .json, and the page describing them."""

app_name = "open_data"
urlpatterns: list = []
