from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    # django.contrib.sessions owns the label "sessions": tables are sprints_*, commands take "sprints".
    name = "sessions"
    label = "sprints"
    verbose_name = _("Sessies")
