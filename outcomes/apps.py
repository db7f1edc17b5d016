from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Opbrengst van sessies")

    def ready(self):
        from outcomes.review_page import session_page_part
        from sessions import pages

        # The published terugblik on the session's page (sessions imports nothing of ours).
        pages.register(session_page_part)
