from django.apps import AppConfig


class HeatportalConfig(AppConfig):
    """The project package as an app: templates tags, management commands, permissions."""

    name = "heatportal"
    verbose_name = "Warmteportaal"
