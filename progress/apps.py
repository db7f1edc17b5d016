from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    label = "progress"
    verbose_name = _("Voortgang")

    def ready(self):
        from municipalities import pages
        from progress.views.sections import municipality_page_part

        # The progress sections on a municipality's page (municipalities imports nothing of ours).
        pages.register(municipality_page_part)
