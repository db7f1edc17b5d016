from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log: one ActionLog row per state change, written by the services that make it."""

    name = "heatportal.audit"
    label = "audit"
    verbose_name = _("Auditlog")

    def ready(self):
        from heatportal.audit import receivers  # noqa: F401  (connects the login signals)
