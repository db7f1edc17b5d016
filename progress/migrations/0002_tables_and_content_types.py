"""The moved progress tables get this app's names, and the content types follow the models.

The renames are real (ALTER TABLE ... RENAME): the rows, their ids and every foreign key stay.
The content types keep their ids, so permissions, admin log entries and anything else that
points at a content type keeps pointing at the same model.
"""

from django.db import migrations

MODELS = [
    "historicalinitiative",
    "historicalneighbourhood",
    "historicalprogress",
    "initiative",
    "neighbourhood",
    "progress",
    "progresscomment",
]


def _move_content_types(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        old = content_types.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a new database: post_migrate creates them under the new label
        # After a partial migrate (to 0001) post_migrate may have made fresh, unused rows for
        # the new label already (with fresh permissions): the old row is the one in use, so
        # the fresh one goes and the old one takes its place.
        content_types.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="municipalities", target="progress")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="progress", target="municipalities")


class Migration(migrations.Migration):

    dependencies = [
        ("progress", "0001_initial"),
        # municipalities has let go of the models before their tables change names.
        ("municipalities", "0003_progress_moves_to_its_own_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Permissions and admin log entries point at content types (see _move_content_types).
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        migrations.AlterModelTable(name="historicalinitiative", table=None),
        migrations.AlterModelTable(name="historicalneighbourhood", table=None),
        migrations.AlterModelTable(name="historicalprogress", table=None),
        migrations.AlterModelTable(name="initiative", table=None),
        migrations.AlterModelTable(name="neighbourhood", table=None),
        migrations.AlterModelTable(name="progress", table=None),
        migrations.AlterModelTable(name="progresscomment", table=None),
        migrations.RenameIndex(
            model_name="progresscomment",
            new_name="progress_pr_municip_fac444_idx",
            old_name="municipalit_municip_ab70c6_idx",
        ),
        migrations.RunPython(forwards, backwards),
    ]
