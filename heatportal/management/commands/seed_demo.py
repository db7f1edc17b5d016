from django.core.management.base import BaseCommand
from django.db import transaction

from heatportal.modules import optional_app_module

# Order matters: accounts need municipalities, sessions and labs need accounts and contacts;
# progress (on top of them all) comes last.
DEMO_APPS = ["municipalities", "accounts", "sessions", "labs", "progress"]


class Command(BaseCommand):
    help = "Create demo accounts and data for every capability (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        for app in DEMO_APPS:
            if module := optional_app_module(app, "demo"):
                self.stdout.write(f"demo {app}: {module.seed()}")
