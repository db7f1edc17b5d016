"""One pending sign-up request per session and address (case-insensitive): the service merges.

Its own migration: PostgreSQL cannot build the index in the transaction that rewrote the rows (0004).
"""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sprints", "0004_signup_request_holds_the_person")]

    operations = [
        migrations.AddConstraint(
            model_name="signuprequest",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                models.F("session"),
                condition=models.Q(("status", "pending")),
                name="signup_request_one_pending_per_email",
            ),
        ),
    ]
