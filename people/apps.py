from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Who gets in: invitations to the portal, access requests, people pages, access reviews."""

    name = "people"
    verbose_name = _("Mensen en toegang")
