import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.dateparse import parse_date

from progress.deadlines import deadlines_refresh
from progress.models import DeadlineKind, LegalDeadline

RULES = Path(__file__).resolve().parents[2] / "data" / "legal_deadlines.csv"


class Command(BaseCommand):
    help = (
        "Load the law's deadlines (kind, due_on, years_after_adoption, legal_basis) from a CSV file, "
        "by default progress/data/legal_deadlines.csv, and work out every municipality's deadlines "
        "again (an overridden date is kept). For when the law moves a date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=RULES, help="CSV with the columns of the default file.")

    def handle(self, *args, file: Path, **options):
        with transaction.atomic():
            loaded = rules_load(file)
            changed = deadlines_refresh()
        self.stdout.write(f"{loaded} rules loaded; {changed} municipality deadlines created or changed.")


def rules_load(file: Path = RULES) -> int:
    """The rules of FILE into LegalDeadline (the tests reload the default after a flush)."""
    try:
        with file.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise CommandError(f"Cannot read {file}: {exc}") from exc
    rules = [_rule(n, row) for n, row in enumerate(rows, start=2)]
    for kind, values in rules:
        LegalDeadline.objects.update_or_create(kind=kind, defaults=values)
    return len(rules)


def _rule(line: int, row: dict) -> tuple[str, dict]:
    """One CSV row as (kind, field values); a clear error naming the line otherwise."""
    kind = (row.get("kind") or "").strip()
    if kind not in DeadlineKind.values:
        raise CommandError(f"Line {line}: unknown kind {kind!r} (one of {', '.join(DeadlineKind.values)}).")
    due_text = (row.get("due_on") or "").strip()
    years_text = (row.get("years_after_adoption") or "").strip()
    try:
        due_on = parse_date(due_text) if due_text else None
        years = int(years_text) if years_text else None
    except ValueError:
        due_on, years = "bad", None
    if due_on == "bad" or (due_text and due_on is None) or (years is not None and not 1 <= years <= 50):
        raise CommandError(f"Line {line}: due_on must be a date (YYYY-MM-DD) and years_after_adoption 1 to 50.")
    if (due_on is None) == (years is None):
        raise CommandError(f"Line {line}: give either due_on or years_after_adoption.")
    return kind, {
        "due_on": due_on,
        "years_after_adoption": years,
        "legal_basis": (row.get("legal_basis") or "").strip(),
    }
