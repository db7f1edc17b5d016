"""What invitees get (issue 12): answers per day with a capacity per day and check-in per day,
invitations handed to a colleague, walk-ins, and the evaluation. Who accepted before comes to
every day of the session (as it was then)."""

import django.db.models.deletion
import sessions.models.sessions
from django.conf import settings
from django.db import migrations, models


def every_day_for_who_accepted(apps, schema_editor):
    Invitation = apps.get_model("sprints", "Invitation")
    SessionDay = apps.get_model("sprints", "SessionDay")
    InvitationDay = apps.get_model("sprints", "InvitationDay")
    days = {}
    for day_id, session_id in SessionDay.objects.values_list("pk", "session_id").iterator():
        days.setdefault(session_id, []).append(day_id)
    accepted = Invitation.objects.filter(answer="accepted").values_list("pk", "session_id")
    rows = (
        InvitationDay(invitation_id=pk, day_id=day_id)
        for pk, session_id in accepted.iterator()
        for day_id in days.get(session_id, ())
    )
    InvitationDay.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0004_contact_email_lower"),
        ("sprints", "0009_programme_days_and_workshop_slots"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="link_version",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="invitation",
            name="replaced_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="vervangen op"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="replaced_contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="municipalities.contact",
                verbose_name="in plaats van",
            ),
        ),
        migrations.AddField(
            model_name="invitation",
            name="walk_in",
            field=models.BooleanField(default=False, verbose_name="zonder uitnodiging binnengekomen"),
        ),
        migrations.AddField(
            model_name="session",
            name="evaluation_questions",
            field=models.JSONField(
                blank=True,
                default=sessions.models.sessions.default_evaluation_questions,
                verbose_name="evaluatievragen",
            ),
        ),
        migrations.AddField(
            model_name="sessionday",
            name="capacity",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Leeg laten voor geen maximum.",
                null=True,
                verbose_name="maximum aantal deelnemers",
            ),
        ),
        migrations.CreateModel(
            name="Evaluation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("rating", models.PositiveSmallIntegerField(verbose_name="waardering")),
                ("questions", models.JSONField(default=list, verbose_name="vragen")),
                ("answers", models.JSONField(default=list, verbose_name="antwoorden")),
                ("submitted_at", models.DateTimeField(auto_now_add=True, verbose_name="ingevuld op")),
                (
                    "invitation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="evaluation", to="sprints.invitation"
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="evaluations", to="sprints.session"
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluatie",
                "verbose_name_plural": "evaluaties",
                "ordering": ["submitted_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("rating__gte", 1), ("rating__lte", 5)), name="evaluation_rating_1_5"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="InvitationDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("present_at", models.DateTimeField(blank=True, null=True, verbose_name="aangemeld op")),
                (
                    "checked_in_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ingecheckt door",
                    ),
                ),
                (
                    "day",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="attendances", to="sprints.sessionday"
                    ),
                ),
                (
                    "invitation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attending_days",
                        to="sprints.invitation",
                    ),
                ),
            ],
            options={
                "verbose_name": "aanwezigheid per dag",
                "verbose_name_plural": "aanwezigheid per dag",
                "constraints": [models.UniqueConstraint(fields=("invitation", "day"), name="invitation_day_unique")],
            },
        ),
        migrations.RunPython(every_day_for_who_accepted, migrations.RunPython.noop),
    ]
