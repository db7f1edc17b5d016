"""Indexes for the outbox page and its counts, and fewer for every state change to write.

- The outbox's order (-created_at, -id) and a batch's counts per status (batch, status, read from
  the index alone); the plain index on batch goes, the composite serves its lookups.
- key and message_id stay unique through constraints: unique=True also made PostgreSQL LIKE
  indexes (varchar_pattern_ops) on both and on batch, which nothing searches and every claim
  and "sent" of a fan-out had to write. The constraints come first, so neither column is ever
  without its uniqueness.
- On PostgreSQL, a trigram index for the search on address (UPPER(to_email) LIKE, what icontains
  asks); SQLite, the embedded default, searches without one.
"""

from django.db import migrations, models

import heatportal.mail.models

TRIGRAM_INDEX = "mail_email_address_trgm"


def address_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON mail_email USING gin ((UPPER(to_email::text)) gin_trgm_ops)"
    )


def drop_address_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0005_old_reset_mail_is_sensitive"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="email",
            constraint=models.UniqueConstraint(fields=("key",), name="mail_email_key_unique"),
        ),
        migrations.AddConstraint(
            model_name="email",
            constraint=models.UniqueConstraint(fields=("message_id",), name="mail_email_message_id_unique"),
        ),
        migrations.AlterField(
            model_name="email",
            name="key",
            field=models.CharField(max_length=200, verbose_name="sleutel"),
        ),
        migrations.AlterField(
            model_name="email",
            name="message_id",
            field=models.CharField(
                default=heatportal.mail.models.new_message_id, editable=False, max_length=255, verbose_name="Message-ID"
            ),
        ),
        migrations.AlterField(
            model_name="email",
            name="batch",
            field=models.CharField(
                blank=True,
                help_text="Groepeert berichten die samen verstuurd worden, voor de voortgang.",
                max_length=120,
                verbose_name="reeks",
            ),
        ),
        migrations.AddIndex(
            model_name="email",
            index=models.Index(fields=["-created_at", "-id"], name="mail_email_newest"),
        ),
        migrations.AddIndex(
            model_name="email",
            index=models.Index(fields=["batch", "status"], name="mail_email_batch_status"),
        ),
        migrations.RunPython(address_search_index, drop_address_search_index, elidable=False),
    ]
