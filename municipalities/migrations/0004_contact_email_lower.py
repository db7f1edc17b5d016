"""A contact's address whatever its case: lower(email), for matching addresses case-insensitively
without UPPER() over every contact (the calendar feed, pasted invitees; issue 10)."""

from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0003_progress_moves_to_its_own_app"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(Lower("email"), name="contact_email_lower"),
        ),
    ]
