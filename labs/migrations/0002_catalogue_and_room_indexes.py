"""Indexes for the catalogue's sort over every status, the lab page's window of meetings around
today and each case's latest updates (issue 10). A few thousand rows at national scale: a plain
CREATE INDEX in the migration's transaction is fine."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="caseupdate",
            index=models.Index(fields=["enrolment", "-created_at", "-id"], name="caseupdate_enrolment_newest"),
        ),
        migrations.AddIndex(
            model_name="lab",
            index=models.Index(fields=["enrolment_deadline", "title"], name="lab_deadline_title"),
        ),
        migrations.AddIndex(
            model_name="labmeeting",
            index=models.Index(fields=["lab", "starts_at"], name="labmeeting_lab_starts"),
        ),
    ]
