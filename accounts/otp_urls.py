"""The second factor (django-otp): enrolment, verification at login, recovery codes."""

from django.urls import path

from accounts import otp_views

app_name = "otp"
urlpatterns = [
    path("", otp_views.manage, name="manage"),
    path("controle/", otp_views.verify, name="verify"),
    path("instellen/", otp_views.enrol, name="enrol"),
    path("herstelcodes/", otp_views.recovery_codes, name="recovery_codes"),
    path("herstelcodes/download/", otp_views.recovery_codes_download, name="recovery_codes_download"),
]
