from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig


class HeatportalConfig(AppConfig):
    """The project package as an app: templates tags, management commands, permissions."""

    name = "heatportal"
    verbose_name = "Warmteportaal"

    def ready(self):
        from heatportal import shredder

        shredder.autodiscover()  # every app's shredders.py (personal data export and erasure)


class PortalStaticFilesConfig(StaticFilesConfig):
    """Static files without the npm packages' build leftovers: Sass sources, print themes, and a
    CSS file that points at an icon the package does not ship (which would stop collectstatic
    with the manifest storage)."""

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "*.scss",
        "*.less",
        "*.d.ts",
        "background-image-icon.css",
        "*prince-xml.css",
    ]
