from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: accounts need municipalities, sessions and labs need accounts and contacts.
DEMO_APPS = ["municipalities", "accounts", "sessions", "labs"]


class Command(BaseCommand):
    help = "Create demo accounts and data for every capability (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            summary = module.seed()
            self.stdout.write(f"demo {app}: {summary}")
