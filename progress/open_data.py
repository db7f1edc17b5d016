"""The open-data files: their fields described once (the schema page and the JSON Schema are
both made from FIELD_DOCS), and the CSV and JSON written from progress.selectors.open_data."""

import csv
import io
import json

from django.utils.translation import gettext_lazy as _

from progress.deadlines import DeadlineState
from progress.models import AdoptionStatus, DeadlineKind
from progress.selectors.open_data import FIELDS

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
STATUSES = list(AdoptionStatus.values)
DEADLINE_KINDS = list(DeadlineKind.values)
DEADLINE_STATES = list(DeadlineState.values)

# name -> (JSON Schema type, meaning, possible values or "")
FIELD_DOCS = {
    "cbs_code": ("string", _("CBS-gemeentecode, bijvoorbeeld GM0106."), _("GM + 4 cijfers")),
    "naam": ("string", _("Naam van de gemeente."), ""),
    "provincie_code": (["string", "null"], _("CBS-code van de provincie."), "PV20 … PV31"),
    "provincie_naam": (["string", "null"], _("Naam van de provincie."), ""),
    "res_regio_code": (["string", "null"], _("Code van de RES-regio."), "ES01 … ES30"),
    "res_regio_naam": (["string", "null"], _("Naam van de RES-regio."), ""),
    "visie_status": ("string", _("Stand van de transitievisie warmte."), STATUSES),
    "visie_vastgesteld_op": (
        ["string", "null"],
        _("Datum waarop de raad de visie vaststelde (ISO 8601)."),
        _("JJJJ-MM-DD"),
    ),
    "visie_url": (["string", "null"], _("Link naar de visie."), "URL"),
    "visie_raadsbesluit_url": (["string", "null"], _("Openbare link naar het raadsbesluit over de visie."), "URL"),
    "visie_raadsbesluit_beschikbaar": (
        "boolean",
        _("Er is een raadsbesluit over de visie vastgelegd (link of document)."),
        _("true, false"),
    ),
    "programma_status": ("string", _("Stand van het warmteprogramma."), STATUSES),
    "programma_vastgesteld_op": (
        ["string", "null"],
        _("Datum waarop de raad het warmteprogramma vaststelde (ISO 8601)."),
        _("JJJJ-MM-DD"),
    ),
    "programma_url": (["string", "null"], _("Link naar het warmteprogramma."), "URL"),
    "programma_raadsbesluit_url": (
        ["string", "null"],
        _("Openbare link naar het raadsbesluit over het warmteprogramma."),
        "URL",
    ),
    "programma_raadsbesluit_beschikbaar": (
        "boolean",
        _("Er is een raadsbesluit over het warmteprogramma vastgelegd (link of document)."),
        _("true, false"),
    ),
    "wijken": ("integer", _("Aantal vastgelegde wijken."), _("0 of meer")),
    "wijken_gepland": ("integer", _("Aantal wijken met een geplande periode van het aardgas af."), _("0 of meer")),
    "initiatieven": ("integer", _("Aantal lokale warmte-initiatieven."), _("0 of meer")),
    "termijn_soort": (["string", "null"], _("Soort van de termijn die nu het meest telt."), DEADLINE_KINDS),
    "termijn_datum": (["string", "null"], _("Uiterste datum van die termijn (ISO 8601)."), _("JJJJ-MM-DD")),
    "termijn_stand": (["string", "null"], _("Stand van die termijn vandaag."), DEADLINE_STATES),
    "sessies_gehouden": ("integer", _("Aantal gehouden sessies waaraan de gemeente deelnam."), _("0 of meer")),
    "leerlabs": ("integer", _("Aantal Leer Labs waaraan de gemeente deelneemt."), _("0 of meer")),
    "laatst_bijgewerkt": (
        ["string", "null"],
        _("Datum van de laatste wijziging van de voortgang (ISO 8601)."),
        _("JJJJ-MM-DD"),
    ),
}
assert list(FIELD_DOCS) == FIELDS
DATE_FIELDS = {"visie_vastgesteld_op", "programma_vastgesteld_op", "termijn_datum", "laatst_bijgewerkt"}


def _property(name: str) -> dict:
    kind, meaning, values = FIELD_DOCS[name]
    prop = {"type": kind, "description": str(meaning)}
    if isinstance(values, list):
        prop["enum"] = values + ([None] if isinstance(kind, list) else [])
    if name in DATE_FIELDS:
        prop["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
    if name == "cbs_code":
        prop["pattern"] = r"^GM\d{4}$"
    return prop


def json_schema(*, schema_url: str) -> dict:
    """The JSON Schema (draft 2020-12) of voortgang.json."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": "Voortgang warmtetransitie per gemeente",
        "type": "object",
        "required": ["metadata", "data"],
        "properties": {
            "metadata": {
                "type": "object",
                "required": ["licence", "licence_url", "source", "generated_at", "schema"],
                "properties": {
                    "licence": {"const": LICENCE},
                    "licence_url": {"type": "string"},
                    "source": {"type": "string"},
                    "generated_at": {"type": "string"},
                    "schema": {"type": "string"},
                },
            },
            "data": {"type": "array", "items": row_schema()},
        },
    }


def row_schema() -> dict:
    """The schema of one row, also what each CSV line is checked against (after parsing)."""
    return {
        "type": "object",
        "required": FIELDS,
        "additionalProperties": False,
        "properties": {name: _property(name) for name in FIELDS},
    }


def to_json(rows: list[dict], metadata: dict) -> bytes:
    return json.dumps({"metadata": metadata, "data": rows}, ensure_ascii=False, indent=1).encode()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in FIELDS])
    return out.getvalue().encode()


# The example row on the schema page (made up, in the shape of a real one).
EXAMPLE = {
    "cbs_code": "GM0106",
    "naam": "Assen",
    "provincie_code": "PV22",
    "provincie_naam": "Drenthe",
    "res_regio_code": "ES03",
    "res_regio_naam": "Drenthe",
    "visie_status": "adopted",
    "visie_vastgesteld_op": "2021-05-19",
    "visie_url": "https://www.assen.nl/transitievisie-warmte",
    "visie_raadsbesluit_url": None,
    "visie_raadsbesluit_beschikbaar": True,
    "programma_status": "in_preparation",
    "programma_vastgesteld_op": None,
    "programma_url": None,
    "programma_raadsbesluit_url": None,
    "programma_raadsbesluit_beschikbaar": False,
    "wijken": 4,
    "wijken_gepland": 2,
    "initiatieven": 1,
    "termijn_soort": "programme",
    "termijn_datum": "2026-12-31",
    "termijn_stand": "at_risk",
    "sessies_gehouden": 2,
    "leerlabs": 1,
    "laatst_bijgewerkt": "2026-11-30",
}
