"""Reset mails queued before the "sensitive" flag existed still showed their login link to
administrators in the outbox and the admin: mark every password-reset row sensitive."""

from django.db import migrations


def mark_reset_mail_sensitive(apps, schema_editor):
    Email = apps.get_model("mail", "Email")
    Email.objects.filter(key__startswith="accounts:password-reset:", sensitive=False).update(sensitive=True)


class Migration(migrations.Migration):
    dependencies = [("mail", "0004_email_message_id_retry_after_claimed_by")]

    operations = [migrations.RunPython(mark_reset_mail_sensitive, migrations.RunPython.noop)]
