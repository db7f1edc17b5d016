"""Indexes for a municipality's change log read a page at a time (issue 10): per history table
the records of one municipality in date order, so the newest page is read from the index's end
without sorting years of records, and the records of one object in date order, so the record
before each one is a single index probe.

simple_history generates these models and their Meta; an AddIndex here would be undone by the
next makemigrations, so the indexes are plain SQL the model state does not track (SQL that
SQLite, used for `make run`, also understands)."""

from django.db import migrations

TABLES = {
    "progress_historicalprogress": "hprogress",
    "progress_historicalneighbourhood": "hneighbourhood",
    "progress_historicalinitiative": "hinitiative",
}


def _index(table: str, short: str, key: str) -> migrations.RunSQL:
    name = f"{short}_{key}_date"
    column = "municipality_id" if key == "municipality" else "id"
    return migrations.RunSQL(
        sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}, history_date, history_id)",
        reverse_sql=f"DROP INDEX IF EXISTS {name}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0002_tables_and_content_types"),
    ]

    operations = [_index(table, short, key) for table, short in TABLES.items() for key in ("municipality", "object")]
