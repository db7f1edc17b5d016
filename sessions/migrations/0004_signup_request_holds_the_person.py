"""Sign-up requests hold the name and address typed; the register's contact is set on approval.

Existing rows copy name and address from their contact. Pending duplicates (same session and
address) are merged into the newest, motivations joined, so 0005's constraint can allow one.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_person(apps, schema_editor):
    SignupRequest = apps.get_model("sprints", "SignupRequest")
    kept = {}
    for signup in SignupRequest.objects.select_related("contact").order_by("-created_at", "-pk"):
        signup.name, signup.email = signup.contact.name, signup.contact.email.lower()
        signup.save(update_fields=["name", "email"])
        if signup.status != "pending":
            continue
        newest = kept.setdefault((signup.session_id, signup.email), signup)
        if newest.pk != signup.pk:
            if signup.motivation and signup.motivation not in newest.motivation:
                newest.motivation = f"{newest.motivation}\n\n{signup.motivation}".strip()
                newest.save(update_fields=["motivation"])
            signup.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0002_progress"),
        ("sprints", "0003_verbose_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="signuprequest",
            name="email",
            field=models.EmailField(default="", max_length=254, verbose_name="e-mailadres"),
        ),
        migrations.AddField(
            model_name="signuprequest",
            name="name",
            field=models.CharField(default="", max_length=150, verbose_name="naam"),
        ),
        migrations.AlterField(
            model_name="signuprequest",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="session_signup_requests",
                to="municipalities.contact",
                verbose_name="contactpersoon",
            ),
        ),
        migrations.AlterField(
            model_name="signuprequest",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt"),
        ),
        migrations.AlterField(
            model_name="signuprequest",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="beoordeeld op"),
        ),
        migrations.AlterField(
            model_name="signuprequest",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="beoordeeld door",
            ),
        ),
        migrations.RunPython(copy_person, migrations.RunPython.noop),
    ]
