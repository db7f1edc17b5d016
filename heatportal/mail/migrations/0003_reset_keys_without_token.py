"""Password-reset messages were keyed "password-reset:<user id>:<token>": the outbox, the admin
and the X-Heatportal-Key header showed a working reset link's token. Old rows get a key from
their own id instead; new ones are keyed with a random nonce (accounts.services)."""

from django.db import migrations


def strip_tokens(apps, schema_editor):
    Email = apps.get_model("mail", "Email")
    for email in Email.objects.filter(key__startswith="password-reset:").only("pk", "key"):
        user_id = email.key.split(":")[1]
        Email.objects.filter(pk=email.pk).update(key=f"accounts:password-reset:{user_id}:legacy-{email.pk}")


class Migration(migrations.Migration):
    dependencies = [("mail", "0002_email_sensitive")]

    operations = [migrations.RunPython(strip_tokens, migrations.RunPython.noop)]
