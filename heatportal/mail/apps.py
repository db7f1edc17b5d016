from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """The email outbox: every message the portal sends is a row first, then a Celery task."""

    name = "heatportal.mail"
    label = "mail"
    verbose_name = _("Uitgaande e-mail")
