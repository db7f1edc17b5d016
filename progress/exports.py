"""The region table as CSV (semicolons and a BOM, as Dutch Excel expects) or XLSX (openpyxl)."""

import csv
import datetime as dt
import io
import zoneinfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from heatportal.forms import strip_control_characters

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def headers() -> list[str]:
    return [
        _("Gemeente"),
        _("CBS-code"),
        _("Transitievisie warmte"),
        _("Visie vastgesteld op"),
        _("Warmteprogramma"),
        _("Warmteprogramma vastgesteld op"),
        _("Herziening uiterlijk"),
        _("Aantal woningen"),
        _("Wijken met planperiode"),
        _("Lokale initiatieven"),
        _("Sessies"),
        _("Sessies gehouden"),
        _("Leer Labs"),
        _("Laatst bijgewerkt"),
        _("Aandacht nodig"),
        _("Reden voor aandacht"),
    ]


def values(row) -> list:
    return [_text(value) for value in _raw_values(row)]


def _text(value):
    # Control characters (in rows stored before input was cleaned) are illegal in XLSX's XML:
    # openpyxl would refuse the whole file. They carry nothing a reader could see anyway.
    return strip_control_characters(value) if isinstance(value, str) else value


def _raw_values(row) -> list:
    progress = row.progress
    # Spreadsheets cannot store a time zone: write the wall-clock time in Amsterdam, to the minute.
    updated = (
        timezone.localtime(row.updated_at, AMSTERDAM).replace(tzinfo=None, second=0, microsecond=0)
        if row.updated_at
        else None
    )
    return [
        row.municipality.name,
        row.municipality.cbs_code,
        str(row.vision_label),
        progress.vision_adopted_on if progress else None,
        str(row.programme_label),
        progress.programme_adopted_on if progress else None,
        progress.revision_due_on if progress else None,
        row.municipality.dwellings,
        row.neighbourhoods_planned,
        row.initiatives,
        row.sessions["sessions"],
        row.sessions["held"],
        row.labs["labs"],
        updated,
        _("ja") if row.flagged else _("nee"),
        progress.flag_reason if progress else "",
    ]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # already local (Europe/Amsterdam) time, see values()
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    # Free text (a flag reason) must not run as a spreadsheet formula (CSV injection).
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_csv_cell(v) for v in values(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Voortgang")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(values(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed by a person stays text, never a formula
    for column in ("D", "F", "G"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD-MM-YYYY"
    for cell in sheet["N"][1:]:
        cell.number_format = "DD-MM-YYYY HH:MM"
    for cell in sheet["H"][1:]:
        cell.number_format = "#,##0"  # Excel shows the thousands separator of the reader's locale
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(*, rows, fmt: str, name: str) -> HttpResponse:
    body = _csv(rows) if fmt == "csv" else _xlsx(rows)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="voortgang-{name}-{stamp}.{fmt}"'
    return response
