"""Indexes for the filters and sorts of the board, the session list, the calendar feed and the
session page (issue 10). Each builds in well under a second at national scale (100,000
invitations), so a plain CREATE INDEX in the migration's transaction is fine."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sprints", "0006_sessionday_ical_uid"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(fields=["session", "answer"], name="invitation_session_answer"),
        ),
        migrations.AddIndex(
            model_name="session",
            index=models.Index(fields=["status"], name="session_status"),
        ),
        migrations.AddIndex(
            model_name="session",
            index=models.Index(fields=["kind"], name="session_kind"),
        ),
        migrations.AddIndex(
            model_name="sessionday",
            index=models.Index(fields=["session", "date"], name="sessionday_session_date"),
        ),
    ]
