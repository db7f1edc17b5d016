"""The second factor (django-otp): enrolment, verification at login, recovery codes."""

from django.urls import path  # noqa: F401

app_name = "otp"
urlpatterns: list = []
