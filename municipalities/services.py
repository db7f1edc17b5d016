"""Writes: reference data (CBS division) and the stakeholder register with its personal data."""

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Model
from django.utils import translation

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.shredder import person_erase, person_export, readable
from municipalities.models import Contact, Municipality, Province, ResRegion

BUNDLED_DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED_DIVISION_YEAR = 2025


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.ended)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _dwellings(row: dict) -> int | None:
    """The optional `dwellings` column (CBS woningvoorraad), where the list has it."""
    value = (row.get("dwellings") or "").strip()
    return int(value) if value else None


def _upsert(model: type[Model], lookup: dict, values: dict) -> tuple[Model, str | None]:
    """Create or update one row, saving only what differs. Returns (row, "created"/"updated"/None)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        return obj, "updated"
    return obj, None


@transaction.atomic
def reference_data_load(
    *, directory: Path = BUNDLED_DATA_DIR, division_year: int = BUNDLED_DIVISION_YEAR
) -> LoadReport:
    """Load a CBS division: provinces, RES regions, municipalities, and optionally mergers.csv
    (old_cbs_code,new_cbs_code,date). Idempotent. Municipalities missing from a newer division
    are ended (herindeling), never deleted: sessions, labs and progress keep pointing at them."""
    report = LoadReport()
    provinces = _provinces_load(directory)
    regions = _regions_load(directory, provinces)
    rows = _read_csv(directory / "municipalities.csv")
    if not Municipality.objects.exists():
        _municipalities_create(rows, provinces, regions, division_year, report)
        return report
    seen = _municipalities_update(rows, provinces, regions, division_year, report)
    _municipalities_end_vanished(directory, seen, division_year, report)
    return report


def _provinces_load(directory: Path) -> dict:
    provinces = {}
    for row in _read_csv(directory / "provinces.csv"):
        provinces[row["code"]], _ = _upsert(Province, {"code": row["code"]}, {"name": row["name"]})
    return provinces


def _regions_load(directory: Path, provinces: dict) -> dict:
    regions = {}
    for row in _read_csv(directory / "res_regions.csv"):
        region, _ = _upsert(ResRegion, {"code": row["code"]}, {"name": row["name"], "slug": row["slug"]})
        wanted = {provinces[code].pk for code in row["province_codes"].split(";") if code}
        if set(region.provinces.values_list("pk", flat=True)) != wanted:
            region.provinces.set(wanted)
        regions[row["code"]] = region
    return regions


def _municipalities_create(rows, provinces, regions, division_year: int, report: LoadReport) -> None:
    """First load (fresh database, or a test database after a flush): one bulk insert."""
    Municipality.objects.bulk_create(
        Municipality(
            cbs_code=row["cbs_code"],
            name=row["name"],
            province=provinces[row["province_code"]],
            res_region=regions[row["res_code"]],
            division_year=division_year,
            dwellings=_dwellings(row),
        )
        for row in rows
    )
    report.created.extend(row["cbs_code"] for row in rows)


def _municipalities_update(rows, provinces, regions, division_year: int, report: LoadReport) -> set[str]:
    """Upsert every listed municipality; the CBS codes seen."""
    seen = set()
    stored = {
        code: (year, ended)
        for code, year, ended in Municipality.objects.values_list("cbs_code", "division_year", "ended_on")
    }
    for row in rows:
        code = row["cbs_code"]
        seen.add(code)
        year, ended_on = stored.get(code, (0, None))
        if year > division_year or (ended_on and ended_on.year > division_year):
            continue  # a newer division already describes it, or ended it: an older list may not undo that
        values = {
            "name": row["name"],
            "province": provinces[row["province_code"]],
            "res_region": regions[row["res_code"]],
            "division_year": division_year,
            "ended_on": None,
        }
        if _dwellings(row) is not None:
            values["dwellings"] = _dwellings(row)
        _, outcome = _upsert(Municipality, {"cbs_code": code}, values)
        if outcome:
            getattr(report, outcome).append(code)
    return seen


def _municipalities_end_vanished(directory: Path, seen: set[str], division_year: int, report: LoadReport) -> None:
    mergers = {}
    mergers_path = directory / "mergers.csv"
    if mergers_path.exists():
        mergers = {row["old_cbs_code"]: row for row in _read_csv(mergers_path)}
    # Only a newer division can end a municipality; reloading an older file must not.
    vanished = Municipality.objects.current().exclude(cbs_code__in=seen).filter(division_year__lt=division_year)
    for municipality in vanished:
        merger = mergers.get(municipality.cbs_code)
        municipality.ended_on = (
            dt.date.fromisoformat(merger["date"]) if merger and merger.get("date") else dt.date(division_year, 1, 1)
        )
        municipality.successor = (
            Municipality.objects.filter(cbs_code=merger["new_cbs_code"]).first() if merger else None
        )
        municipality.save(update_fields=["ended_on", "successor"])
        report.ended.append(municipality.cbs_code)


# --- Stakeholder register -----------------------------------------------------------------


def contact_export(*, contact: Contact) -> dict:
    """Everything the portal holds on this person (AVG art. 15 inzageverzoek), readable by them:
    the contact, then every kind of data the shredders find for the address (heatportal.shredder),
    with Dutch field names and references by name, not by database id."""
    with translation.override("nl"):
        export = {"contactpersoon": readable(contact), "gekoppelde gegevens": person_export(email=contact.email)}
    # By number, not name: the audit log outlives an erasure and must not keep who it was.
    audit_record(Action.CONTACT_EXPORTED, summary=f"contactpersoon #{contact.pk}", changes={"contact": contact.pk})
    return export


def contacts_of_person(*, contact: Contact):
    """Every contact row of the same person: one address may be registered at several organisations."""
    return Contact.objects.filter(email__iexact=contact.email).select_related("organisation")


def contact_erase(*, contact: Contact) -> dict[str, int]:
    """Erase a person on request (AVG art. 17) everywhere they appear: every shredder, in one
    transaction (heatportal.shredder.person_erase). Returns the rows touched per kind."""
    pk = contact.pk
    counts = person_erase(email=contact.email)
    audit_record(Action.CONTACT_ERASED, summary=f"contactpersoon #{pk}", changes={"contact": pk, "rows": counts})
    return counts
