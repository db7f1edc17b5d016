"""Attendee lists as CSV and XLSX downloads."""

import csv
import io

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from heatportal.forms import strip_control_characters
from sessions.models import Session, Workshop


def _header() -> list[str]:
    return [_("Naam"), _("E-mailadres"), _("Organisatie"), _("Workshop"), _("Aanwezig")]


def _cell(value: str) -> str:
    # Control characters (in rows stored before input was cleaned) are illegal in XLSX's XML:
    # openpyxl would refuse the whole file. They carry nothing a reader could see anyway.
    value = strip_control_characters(value or "")
    # A pasted name like "=HYPERLINK(...)" must stay text in Excel (CSV/formula injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _values(row: dict) -> list:
    attended = {True: _("ja"), False: _("nee"), None: ""}[row["attended"]]
    return [_cell(row[k]) for k in ("name", "email", "organisation", "workshop")] + [attended]


def attendee_response(*, session: Session, workshop: Workshop | None, rows: list[dict], fmt: str) -> HttpResponse:
    name = slugify(f"deelnemers-{session.title}" + (f"-{workshop.title}" if workshop else ""))[:80]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(_header())
        writer.writerows(_values(row) for row in rows)
        # A BOM so Excel opens the file as UTF-8.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = _("Deelnemers")[:31]
        sheet.append(_header())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(_values(row))
        for column, width in zip("ABCDE", (30, 36, 36, 36, 10), strict=True):
            sheet.column_dimensions[column].width = width
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
