"""Every table download of the portal, as CSV for Dutch Excel or as XLSX: one description, two writers.

An export is a list of `Column`s (header, how to get the value from a row, its type, a width) and
an iterable of rows. The writers turn that into a download:

- text is cleaned and guarded in one place. Characters XML cannot hold (C0 controls except tab
  and newline, DEL, C1, U+FFFE/U+FFFF, lone surrogates) are stripped: openpyxl refuses them or
  writes a file Excel cannot open, and no reader could see them anyway. Text that a spreadsheet
  would run as a formula (first character `=`, `+`, `-`, `@`, tab or carriage return, also after
  leading spaces) gets a leading single quote, as OWASP's CSV-injection advice says. Only text
  is guarded: a number or a date is written as what it is, so a negative number stays a number;
- CSV is what Dutch Excel opens with a double click: UTF-8 with a BOM, `;` between fields,
  a decimal comma, no thousands separator, dates as dd-mm-jjjj and times as dd-mm-jjjj uu:mm
  (the Dutch short date Excel parses back into a date), `ja`/`nee` for yes and no;
- XLSX has real numbers and dates with number formats, a bold and frozen header row, an
  autofilter over the table and the column widths given. It is written with openpyxl's
  write-only workbook, which keeps rows on disk instead of in memory.

Date-times go into both formats as wall-clock time in the portal's time zone (spreadsheets have
no time zones), to the minute, so the CSV and the XLSX of one table say the same.
"""

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.template.defaultfilters import yesno
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

ColumnType = Literal["text", "number", "date", "datetime", "bool"]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)

# C0 controls except tab, newline and carriage return; DEL; C1; lone surrogates (no UTF-8 for
# them); U+FFFE and U+FFFF (not XML characters: the XLSX would not open).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_DATE_CSV = "%d-%m-%Y"
_DATETIME_CSV = "%d-%m-%Y %H:%M"
_DATE_XLSX = "DD-MM-YYYY"
_DATETIME_XLSX = "DD-MM-YYYY HH:MM"
_DEFAULT_WIDTHS = {"text": 30, "number": 12, "date": 12, "datetime": 17, "bool": 10}
_FILENAME_LENGTH = 80


@dataclass(frozen=True)
class Column:
    """One column of an export: HEADER, VALUE(row) -> the cell's value, its TYPE, a WIDTH in characters.

    A value that does not fit the type (text in a number column, None anywhere) is no error:
    None is an empty cell, anything else is written as guarded text. DECIMALS is how many
    decimals a number column shows (XLSX keeps the full value, CSV writes it rounded).
    """

    header: str
    value: Callable[[Any], Any]
    type: ColumnType = "text"
    width: int | None = None
    decimals: int = 0

    def __post_init__(self):
        if self.type not in _DEFAULT_WIDTHS:
            raise ValueError(f"Unknown column type {self.type!r}")

    @property
    def display_width(self) -> int:
        return self.width or max(_DEFAULT_WIDTHS[self.type], len(str(self.header)) + 2)

    @property
    def number_format(self) -> str:
        if self.type == "date":
            return _DATE_XLSX
        if self.type == "datetime":
            return _DATETIME_XLSX
        if self.type == "number":
            return "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        return "General"


def clean_text(value: Any) -> str:
    """VALUE as text without the characters an XLSX cannot hold (see the module docstring)."""
    return _ILLEGAL.sub("", "" if value is None else str(value))


def guard_formula(text: str) -> str:
    """TEXT with a leading single quote if a spreadsheet would otherwise read it as a formula.

    Leading whitespace does not make a formula safe: Excel and LibreOffice skip it on import.
    """
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def safe_text(value: Any) -> str:
    return guard_formula(clean_text(value))


def _number(value: Any) -> int | float | Decimal | None:
    """VALUE if it is a finite number (a bool is not one), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    return value if math.isfinite(value) else None


def _moment(value: Any, column_type: str) -> dt.date | dt.datetime | None:
    """VALUE as a naive date (date column) or local date-time to the minute, else None."""
    if not isinstance(value, dt.date):
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        value = value.replace(second=0, microsecond=0)
        return value.date() if column_type == "date" else value
    return value if column_type == "date" else dt.datetime.combine(value, dt.time())


def _typed(column: Column, value: Any) -> tuple[str, Any]:
    """(kind, value): kind is "empty", "number", "date", "datetime" or "text" (guarded)."""
    if value is None:
        return "empty", None
    if column.type == "number" and (number := _number(value)) is not None:
        return "number", number
    if column.type in ("date", "datetime") and (moment := _moment(value, column.type)) is not None:
        return column.type, moment
    if column.type == "bool" and isinstance(value, bool):
        return "text", yesno(value)  # Django's own "ja"/"nee" (its catalogue): no msgid of ours
    return "text", safe_text(value)


def csv_cell(column: Column, value: Any) -> str:
    """The CSV field for VALUE in COLUMN."""
    kind, value = _typed(column, value)
    if kind == "empty":
        return ""
    if kind == "number":
        text = f"{value:.{column.decimals}f}" if column.decimals or not isinstance(value, int) else str(value)
        return text.replace(".", ",")
    if kind == "date":
        return value.strftime(_DATE_CSV)
    if kind == "datetime":
        return value.strftime(_DATETIME_CSV)
    return value


class _Line:
    """A file object whose write() hands back what it was given, so csv.writer yields lines."""

    def write(self, text: str) -> str:
        return text


def _csv_chunks(columns: Sequence[Column], rows: Iterable) -> Iterator[bytes]:
    # A streamed body is written after the view returned: keep the request's language for ja/nee.
    return _csv_lines(columns, rows, translation.get_language())


def _csv_lines(columns: Sequence[Column], rows: Iterable, language: str | None) -> Iterator[bytes]:
    writer = csv.writer(_Line(), delimiter=";")
    with translation.override(language):
        # The BOM makes Excel read UTF-8 instead of the reader's ANSI code page.
        yield ("\ufeff" + writer.writerow([safe_text(column.header) for column in columns])).encode()
        for row in rows:
            yield writer.writerow([csv_cell(column, column.value(row)) for column in columns]).encode()


def xlsx_cell(sheet, column: Column, value: Any) -> Cell | None:
    """The XLSX cell for VALUE in COLUMN (None for an empty cell)."""
    kind, value = _typed(column, value)
    if kind == "empty":
        return None
    if kind == "text":
        # XML reads a carriage return back as a newline anyway: write what will be read.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    cell = WriteOnlyCell(sheet, value=value)
    if kind == "text":
        cell.data_type = "s"  # never a formula, whatever the guard above let through
    else:
        cell.number_format = column.number_format
    return cell


def _sheet_title(title: str) -> str:
    # Excel's rules for a sheet name: at most 31 characters, none of \ / ? * [ ] :
    return re.sub(r"[\\/?*\[\]:]", "", clean_text(title))[:31] or "Export"


def xlsx_bytes(*, columns: Sequence[Column], rows: Iterable, sheet_title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(sheet_title))
    # A write-only sheet writes widths and panes before the first row: set them first.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.display_width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=safe_text(column.header))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([xlsx_cell(sheet, column, column.value(row)) for column in columns])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def safe_filename(name: str, fmt: str) -> str:
    """NAME as an ASCII slug (letters, digits, hyphens; at most 80) with the extension of FMT."""
    return f"{slugify(name)[:_FILENAME_LENGTH] or 'export'}.{fmt}"


def _attach(response: HttpResponse | StreamingHttpResponse, filename: str, fmt: str):
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename, fmt))
    return response


def csv_response(
    *, filename: str, columns: Sequence[Column], rows: Iterable, stream: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """ROWS as a CSV download FILENAME.csv.

    STREAM sends rows as they come (rows from `.iterator()` of a table of unknown size); a list
    already in memory gains nothing from it and loses the Content-Length.
    """
    chunks = _csv_chunks(columns, rows)
    if stream:
        return _attach(StreamingHttpResponse(chunks, content_type=CONTENT_TYPES["csv"]), filename, "csv")
    return _attach(HttpResponse(b"".join(chunks), content_type=CONTENT_TYPES["csv"]), filename, "csv")


def xlsx_response(*, filename: str, columns: Sequence[Column], rows: Iterable, sheet_title: str) -> HttpResponse:
    """ROWS as an XLSX download FILENAME.xlsx with one sheet SHEET_TITLE."""
    body = xlsx_bytes(columns=columns, rows=rows, sheet_title=sheet_title)
    return _attach(HttpResponse(body, content_type=CONTENT_TYPES["xlsx"]), filename, "xlsx")


def export_response(
    *, fmt: str, filename: str, columns: Sequence[Column], rows: Iterable, sheet_title: str
) -> HttpResponse | StreamingHttpResponse:
    """ROWS in format FMT ("csv" or "xlsx"; any other is a 404: the format is part of the URL)."""
    if fmt == "csv":
        return csv_response(filename=filename, columns=columns, rows=rows)
    if fmt == "xlsx":
        return xlsx_response(filename=filename, columns=columns, rows=rows, sheet_title=sheet_title)
    raise Http404
