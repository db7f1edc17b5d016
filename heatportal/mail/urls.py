from django.urls import path

from heatportal.mail import views

app_name = "mail"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/html/", views.html_body, name="html"),
    path("<int:pk>/opnieuw/", views.retry, name="retry"),
]
