"""The "herziening uiterlijk" date typed on the progress row becomes a deadline: the revision of
the warmteprogramma (when one is adopted) or of the vision, five years after its adoption. A date
typed by hand that differs from that is kept as an override with its reason; then the field goes."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

REASON = "Overgenomen uit ‘herziening uiterlijk’ zoals eerder ingevuld"


def _five_years_on(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 5)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 5, day=28)


def revision_dates_to_deadlines(apps, schema_editor):
    Progress = apps.get_model("progress", "Progress")
    Deadline = apps.get_model("progress", "Deadline")
    now = timezone.now()
    for progress in Progress.objects.exclude(revision_due_on=None):
        if progress.programme_status == "adopted" and progress.programme_adopted_on:
            kind, adopted_on = "programme_renewal", progress.programme_adopted_on
        elif progress.vision_status == "adopted" and progress.vision_adopted_on:
            kind, adopted_on = "vision_revision", progress.vision_adopted_on
        else:
            continue  # nothing adopted: no revision to be due
        law_due_on = _five_years_on(adopted_on)
        override = progress.revision_due_on != law_due_on
        Deadline.objects.update_or_create(
            municipality_id=progress.municipality_id,
            kind=kind,
            defaults={
                "law_due_on": law_due_on,
                "due_on": progress.revision_due_on if override else law_due_on,
                "override_reason": REASON if override else "",
                "overridden_at": now if override else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0004_deadlines_and_evidence"),
    ]

    operations = [
        migrations.RunPython(revision_dates_to_deadlines, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalprogress", name="revision_due_on"),
        migrations.RemoveField(model_name="progress", name="revision_due_on"),
    ]
