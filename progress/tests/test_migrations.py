"""The move of the progress models from municipalities to progress keeps every row.

A database at the layout before the move (municipalities 0002_progress, no progress app) is filled
with the demo's progress, each object with several history records (users, change reasons, a
deleted wijk), then migrated forward: every row and every history row reads back the same, field
by field, from the renamed tables, and the content types (with their permissions) moved along.
Slow-ish (the migrator rebuilds the schema twice), so one test.
"""

import datetime as dt
import itertools

import pytest
from django.db import connection

from municipalities.services import reference_data_load
from progress import demo

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("municipalities", "0002_progress"), ("accounts", "0001_initial"), ("progress", None)]
AFTER = [("municipalities", "0003_progress_moves_to_its_own_app"), ("progress", "0002_tables_and_content_types")]
MODELS = ["Progress", "Neighbourhood", "Initiative", "ProgressComment"]
HISTORY = ["HistoricalProgress", "HistoricalNeighbourhood", "HistoricalInitiative"]
START = dt.datetime(2024, 1, 8, 9, 0, tzinfo=dt.UTC)


def _record(apps, model_name, obj, *, when, kind, user, reason, **changes):
    """One history row of OBJ as django-simple-history writes it, with CHANGES applied."""
    history = apps.get_model("municipalities", f"Historical{model_name}")
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    values.update(changes, updated_at=when)
    return history.objects.create(
        **values, history_date=when, history_type=kind, history_user=user, history_change_reason=reason
    )


def _fill_old_layout(apps) -> None:
    """The demo's progress of Drenthe and a few of Noord-Holland, with history by two people."""
    get = lambda name: apps.get_model("municipalities", name)  # noqa: E731
    User = apps.get_model("accounts", "User")
    people = [
        User.objects.create(email=f"{name}@example.org", full_name=name.title(), calendar_token=name)
        for name in ("ambtenaar", "coordinator")
    ]
    municipalities = {m.cbs_code: m for m in get("Municipality").objects.filter(cbs_code__in=demo.DWELLINGS)}
    clock = (START + dt.timedelta(hours=5 * n) for n in itertools.count())
    for code, adopted in itertools.islice(demo.DRENTHE_VISIONS.items(), 6):
        progress = get("Progress").objects.create(
            municipality=municipalities[code], vision_status="in_preparation", flag_reason=demo.FLAGS.get(code, "")
        )
        _record(apps, "Progress", progress, when=next(clock), kind="+", user=None, reason=None)
        _record(apps, "Progress", progress, when=next(clock), kind="~", user=people[0], reason="raadsbesluit",
                vision_status="adopted", vision_adopted_on=dt.date.fromisoformat(adopted))  # fmt: skip
        _record(apps, "Progress", progress, when=next(clock), kind="~", user=people[1], reason="signalering",
                vision_status="adopted", vision_adopted_on=dt.date.fromisoformat(adopted), flagged=True)  # fmt: skip
        get("ProgressComment").objects.create(municipality=progress.municipality, author=people[1], body="Goed bezig.")
        get("ProgressComment").objects.create(municipality=progress.municipality, author=None, body="Vraag gesteld.")
    for code, name, dwellings, start, end, alternative, insulation, wup in demo.NEIGHBOURHOODS:
        wijk = get("Neighbourhood").objects.create(
            municipality=municipalities[code], name=name, dwellings=dwellings, period_start=start, period_end=end,
            alternative=alternative, insulation_first=insulation, wup_status=wup,
        )  # fmt: skip
        _record(apps, "Neighbourhood", wijk, when=next(clock), kind="+", user=people[0], reason="aangemaakt")
        _record(apps, "Neighbourhood", wijk, when=next(clock), kind="~", user=people[0], reason=None,
                dwellings=(dwellings or 0) + 100)  # fmt: skip
    gone = get("Neighbourhood").objects.order_by("pk").last()
    _record(apps, "Neighbourhood", gone, when=next(clock), kind="-", user=people[1], reason="dubbel ingevoerd")
    gone.delete()
    for code, name, phase, solution, collaboration, contact, notes in demo.INITIATIVES:
        initiative = get("Initiative").objects.create(
            municipality=municipalities[code], name=name, phase=phase, heat_solution=solution,
            collaboration=collaboration, contact_name=contact, collaboration_notes=notes,
        )  # fmt: skip
        _record(apps, "Initiative", initiative, when=next(clock), kind="+", user=people[1], reason=None)
        _record(apps, "Initiative", initiative, when=next(clock), kind="~", user=people[0], reason="fase",
                phase="project_development")  # fmt: skip
        _record(apps, "Initiative", initiative, when=next(clock), kind="~", user=None, reason="import")


def _content_types(apps) -> dict:
    """The content types (and one permission each) the old layout had: ids must survive the move."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    ids = {}
    for name in MODELS + HISTORY:
        content_type = ContentType.objects.create(app_label="municipalities", model=name.lower())
        Permission.objects.create(content_type=content_type, codename=f"view_{name.lower()}", name=f"Can view {name}")
        ids[name.lower()] = content_type.pk
    return ids


def _rows(apps, app_label) -> dict:
    return {name: list(apps.get_model(app_label, name).objects.order_by("pk").values()) for name in MODELS + HISTORY}


def test_moving_progress_to_its_own_app_keeps_every_row_and_every_history_row(migrator):
    old_state = migrator.apply_initial_migration(BEFORE)
    reference_data_load()  # CBS division: municipalities' own tables, the same in both layouts
    _fill_old_layout(old_state.apps)
    content_type_ids = _content_types(old_state.apps)
    before = _rows(old_state.apps, "municipalities")
    assert all(before.values()) and len(before["HistoricalNeighbourhood"]) == 2 * len(demo.NEIGHBOURHOODS) + 1
    assert len({row["history_user_id"] for row in before["HistoricalProgress"]}) == 3, "two people and nobody"

    new_state = migrator.apply_tested_migration(AFTER)

    after = _rows(new_state.apps, "progress")
    for name in MODELS + HISTORY:
        assert after[name] == before[name], name  # every field of every row, in pk order
    tables = set(connection.introspection.table_names())
    assert {f"progress_{name.lower()}" for name in MODELS + HISTORY} <= tables
    assert not {t for t in tables if t.startswith("municipalities_") and "historicalmunicipality" not in t} - {
        "municipalities_contact",
        "municipalities_municipality",
        "municipalities_organisation",
        "municipalities_organisation_municipalities",
        "municipalities_province",
        "municipalities_resregion",
        "municipalities_resregion_provinces",
    }, "no progress table left under the old name"
    ContentType = new_state.apps.get_model("contenttypes", "ContentType")
    moved = dict(ContentType.objects.filter(app_label="progress").values_list("model", "pk"))
    assert moved == content_type_ids
    assert not ContentType.objects.filter(app_label="municipalities", model__in=content_type_ids).exists()
    Permission = new_state.apps.get_model("auth", "Permission")
    kept = Permission.objects.filter(codename__startswith="view_").values_list("content_type_id", flat=True)
    assert set(kept) >= set(content_type_ids.values())


def test_a_typed_revision_date_becomes_a_deadline_and_a_different_one_an_override(migrator):
    old = migrator.apply_initial_migration([("progress", "0004_deadlines_and_evidence")])
    if not old.apps.get_model("municipalities", "Municipality").objects.exists():
        reference_data_load()
    Progress = old.apps.get_model("progress", "Progress")
    Municipality = old.apps.get_model("municipalities", "Municipality")
    assen, meppel, emmen = (Municipality.objects.get(name=n) for n in ("Assen", "Meppel", "Emmen"))
    # Assen: the date the law gives; Meppel: another date, typed by hand; Emmen: nothing adopted.
    Progress.objects.create(
        municipality=assen, vision_status="adopted", vision_adopted_on=dt.date(2021, 5, 19),
        revision_due_on=dt.date(2026, 5, 19),
    )  # fmt: skip
    Progress.objects.create(
        municipality=meppel, vision_status="adopted", vision_adopted_on=dt.date(2021, 2, 25),
        programme_status="adopted", programme_adopted_on=dt.date(2024, 3, 1), revision_due_on=dt.date(2028, 1, 1),
    )  # fmt: skip
    Progress.objects.create(municipality=emmen, revision_due_on=dt.date(2030, 1, 1))

    new = migrator.apply_tested_migration([("progress", "0005_revision_date_becomes_a_deadline")])

    Deadline = new.apps.get_model("progress", "Deadline")
    rows = {(d.municipality_id, d.kind): d for d in Deadline.objects.all()}
    kept = rows[(assen.pk, "vision_revision")]
    assert (kept.due_on, kept.law_due_on, kept.override_reason, kept.overridden_at) == (
        dt.date(2026, 5, 19), dt.date(2026, 5, 19), "", None,
    )  # fmt: skip
    typed = rows[(meppel.pk, "programme_renewal")]
    assert (typed.due_on, typed.law_due_on) == (dt.date(2028, 1, 1), dt.date(2029, 3, 1))
    assert typed.override_reason and typed.overridden_at is not None
    assert not any(pk == emmen.pk for pk, _ in rows)
    assert "revision_due_on" not in {f.name for f in new.apps.get_model("progress", "Progress")._meta.get_fields()}
