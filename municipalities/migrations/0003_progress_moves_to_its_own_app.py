"""Regional progress moved to the progress app: its models leave municipalities' state.

State only: the rows stay where they are. progress's 0001_initial declared the same models on
the same tables before this runs (hence the dependency), and its 0002 renames the tables.
"""

from django.db import migrations

MOVED = [
    "HistoricalInitiative",
    "HistoricalNeighbourhood",
    "HistoricalProgress",
    "Initiative",
    "Neighbourhood",
    "Progress",
    "ProgressComment",
]


class Migration(migrations.Migration):

    dependencies = [
        ("municipalities", "0002_progress"),
        ("progress", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
