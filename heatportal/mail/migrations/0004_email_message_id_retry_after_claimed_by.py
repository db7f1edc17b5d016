from django.db import migrations, models

import heatportal.mail.models


def backfill_message_ids(apps, schema_editor):
    """Existing rows get their own Message-ID now; one they are sent again with from then on."""
    Email = apps.get_model("mail", "Email")
    batch = []
    for email in Email.objects.filter(message_id__isnull=True).only("pk").iterator(chunk_size=2000):
        email.message_id = heatportal.mail.models.new_message_id()
        batch.append(email)
        if len(batch) >= 2000:
            Email.objects.bulk_update(batch, ["message_id"])
            batch = []
    Email.objects.bulk_update(batch, ["message_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0003_reset_keys_without_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="email",
            name="message_id",
            field=models.CharField(editable=False, max_length=255, null=True, verbose_name="Message-ID"),
        ),
        migrations.RunPython(backfill_message_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="email",
            name="message_id",
            field=models.CharField(
                default=heatportal.mail.models.new_message_id,
                editable=False,
                max_length=255,
                unique=True,
                verbose_name="Message-ID",
            ),
        ),
        migrations.AddField(
            model_name="email",
            name="retry_after",
            field=models.DateTimeField(blank=True, null=True, verbose_name="volgende poging na"),
        ),
        migrations.AddField(
            model_name="email",
            name="claimed_by",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="in behandeling door"),
        ),
    ]
