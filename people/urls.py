from django.urls import path  # noqa: F401

from people import views  # noqa: F401

app_name = "people"
urlpatterns: list = [
    # --- People pages, invitations, ending roles ----------------------------------------
    # --- Access requests and access reviews ---------------------------------------------
]
