from django.db import migrations, models


def keep_the_uids_already_sent(apps, schema_editor):
    """Before this migration a day's UID was its position in the session (1, 2, ...), and that is
    what calendars already hold: store it on each existing day so updates reach those events."""
    SessionDay = apps.get_model("sprints", "SessionDay")
    Session = apps.get_model("sprints", "Session")
    changed = []
    for session in Session.objects.only("pk", "uid").iterator():
        days = SessionDay.objects.filter(session_id=session.pk).order_by("date", "start_time")
        for index, day in enumerate(days, start=1):
            day.ical_uid = f"{session.uid}-{index}@warmteportaal"
            changed.append(day)
    SessionDay.objects.bulk_update(changed, ["ical_uid"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("sprints", "0005_signup_request_one_pending_per_email")]

    operations = [
        migrations.AddField(
            model_name="sessionday",
            name="ical_uid",
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.RunPython(keep_the_uids_already_sent, migrations.RunPython.noop),
    ]
