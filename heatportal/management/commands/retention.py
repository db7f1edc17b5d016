"""manage.py retention --dry-run | --apply: what the daily beat task does, by hand."""

from django.core.management.base import BaseCommand

from heatportal.retention import retention_apply, retention_preview


class Command(BaseCommand):
    help = "Show (--dry-run) or anonymise (--apply) personal data past its retention period."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--dry-run", action="store_true", help="Only count what is due (the default).")
        group.add_argument("--apply", action="store_true", help="Anonymise what is due, audited per rule.")

    def handle(self, *args, **options):
        if options["apply"]:
            for key, count in retention_apply().items():
                self.stdout.write(f"{key}: {count} anonymised")
            return
        for row in retention_preview():
            self.stdout.write(f"{row['rule'].key}: {row['due_now']} due now, {row['due_soon']} in the next 30 days")
