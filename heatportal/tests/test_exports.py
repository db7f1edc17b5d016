"""The one export module: formula guard, control characters, CSV for Dutch Excel, XLSX read back."""

import csv
import datetime as dt
import io
from decimal import Decimal
from operator import itemgetter

import pytest
from django.http import Http404, StreamingHttpResponse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from heatportal.exports import (
    Column,
    csv_cell,
    csv_response,
    export_response,
    safe_text,
    xlsx_response,
)

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
COLUMNS = [
    Column("Naam", itemgetter("name")),
    Column("Aantal", itemgetter("count"), "number", width=9),
    Column("Bedrag", itemgetter("amount"), "number", decimals=2),
    Column("Datum", itemgetter("day"), "date"),
    Column("Bijgewerkt", itemgetter("at"), "datetime"),
    Column("Actief", itemgetter("active"), "bool"),
]
ROWS = [
    {
        "name": "=SUM(A1:A9)",
        "count": -12,
        "amount": Decimal("-1234.5"),
        "day": dt.date(2021, 5, 19),
        "at": dt.datetime(2026, 11, 21, 22, 20, 14, tzinfo=dt.UTC),  # 23:20 in Amsterdam
        "active": True,
    },
    {"name": "Assen", "count": 15400, "amount": 0.25, "day": None, "at": None, "active": None},
]


def _csv_table(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def _looks_like_formula(text: str) -> bool:
    return text.startswith(("\t", "\r")) or text.lstrip().startswith(("=", "+", "-", "@"))


# --- the formula guard -------------------------------------------------------------------------
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_text_starting_with_a_formula_character_gets_a_single_quote(trigger):
    assert safe_text(trigger + "1+1") == "'" + trigger + "1+1"


@pytest.mark.parametrize("text", [" =1+1", "   +1", "\u00a0-1", "\n@SUM(A1)", " \t=1", "\u3000=1"])
def test_leading_whitespace_does_not_hide_a_formula(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Jan-Piet", "a=b", "'=al gequote", "", "  ", "100", "e-mail"])
def test_ordinary_text_is_left_alone(text):
    assert safe_text(text) == text


def test_control_characters_are_stripped_before_the_guard_looks():
    assert safe_text("\x01=HYPERLINK(x)") == "'=HYPERLINK(x)"
    assert safe_text("Jan\x00\x08\x0b\x0c\x1f\x7f\x85\x9f\ufffe\uffff\ud800 Jansen") == "Jan Jansen"
    assert safe_text("regel 1\nregel 2\ttab") == "regel 1\nregel 2\ttab"


def test_negative_numbers_stay_numbers_but_text_in_a_number_column_is_guarded():
    count = Column("n", lambda v: v, "number")
    assert csv_cell(count, -12) == "-12"
    assert csv_cell(Column("n", lambda v: v, "number", decimals=1), -1.25) == "-1,2"
    assert csv_cell(count, "-12") == "'-12"  # a string is text, whatever the column says
    assert csv_cell(count, True) == "True"  # a bool is no number
    assert csv_cell(count, float("nan")) == "nan"


def test_unknown_column_type_is_refused():
    with pytest.raises(ValueError, match="Unknown column type"):
        Column("x", str, "money")


# --- CSV ---------------------------------------------------------------------------------------
def test_csv_is_utf8_with_bom_semicolons_decimal_commas_and_dutch_dates():
    with translation.override("nl"):
        response = csv_response(filename="Voortgang: Drenthe / 2026", columns=COLUMNS, rows=ROWS)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="voortgang-drenthe-2026.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfNaam;Aantal;Bedrag;Datum;Bijgewerkt;Actief\r\n")
    assert _csv_table(response)[1:] == [
        ["'=SUM(A1:A9)", "-12", "-1234,50", "19-05-2021", "21-11-2026 23:20", "ja"],
        ["Assen", "15400", "0,25", "", "", ""],
    ]


def test_csv_quotes_separators_quotes_and_line_breaks_inside_a_field():
    rows = [{"name": 'Zuid; "Oost"\r\nen West'}]
    response = csv_response(filename="x", columns=COLUMNS[:1], rows=rows)
    assert _csv_table(response)[1] == ['Zuid; "Oost"\r\nen West']


def test_streamed_csv_reads_rows_only_while_sending_and_says_the_same():
    consumed = []

    def rows():
        for row in ROWS:
            consumed.append(row)
            yield row

    streamed = csv_response(filename="x", columns=COLUMNS, rows=rows(), stream=True)
    assert isinstance(streamed, StreamingHttpResponse) and consumed == []
    assert _csv_table(streamed) == _csv_table(csv_response(filename="x", columns=COLUMNS, rows=ROWS))


def test_streamed_csv_keeps_the_language_of_the_request():
    column = [Column("Actief", itemgetter("active"), "bool")]
    with translation.override("en"):
        response = csv_response(filename="x", columns=column, rows=[{"active": False}], stream=True)
    with translation.override("nl"):
        assert _csv_table(response)[1] == ["no"]


@pytest.mark.parametrize("name", ["", "???", '"; filename=evil.exe', "../../etc/passwd"])
def test_filename_is_a_plain_ascii_slug(name):
    disposition = csv_response(filename=name, columns=COLUMNS, rows=[])["Content-Disposition"]
    filename = disposition.removeprefix('attachment; filename="').removesuffix('"')
    assert disposition.startswith('attachment; filename="') and filename.endswith(".csv")
    assert all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in filename.removesuffix(".csv"))


def test_unknown_format_is_a_404():
    with pytest.raises(Http404):
        export_response(fmt="pdf", filename="x", columns=COLUMNS, rows=ROWS, sheet_title="x")


# --- XLSX --------------------------------------------------------------------------------------
def test_xlsx_has_real_numbers_and_dates_a_bold_frozen_header_autofilter_and_widths():
    with translation.override("nl"):
        response = xlsx_response(filename="Voortgang", columns=COLUMNS, rows=ROWS, sheet_title="Voort/gang: [x]")
    assert response["Content-Disposition"] == 'attachment; filename="voortgang.xlsx"'
    sheet = _sheet(response)
    assert sheet.title == "Voortgang x"
    assert [cell.value for cell in sheet[1]] == ["Naam", "Aantal", "Bedrag", "Datum", "Bijgewerkt", "Actief"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEF"]
    assert widths == [30, 9, 12, 12, 17, 10]

    name, count, amount, day, at, active = sheet[2]
    assert (name.value, name.data_type) == ("'=SUM(A1:A9)", "s")
    assert (count.value, count.data_type, count.number_format) == (-12, "n", "#,##0")
    assert (amount.value, amount.number_format) == (-1234.5, "#,##0.00")
    assert (day.value, day.is_date, day.number_format) == (dt.datetime(2021, 5, 19), True, "DD-MM-YYYY")
    assert (at.value, at.number_format) == (dt.datetime(2026, 11, 21, 23, 20), "DD-MM-YYYY HH:MM")
    assert active.value == "ja"
    assert [cell.value for cell in sheet[3]] == ["Assen", 15400, 0.25, None, None, None]


def test_xlsx_of_no_rows_is_a_header_with_its_filter():
    sheet = _sheet(xlsx_response(filename="x", columns=COLUMNS[:2], rows=iter([]), sheet_title=""))
    assert sheet.title == "Export" and sheet.max_row == 1 and sheet.auto_filter.ref == "A1:B1"


def test_xlsx_opens_with_control_characters_and_keeps_line_breaks():
    rows = [{"name": "Jan\x01 Jansen\x0b\x7f\ufffe"}, {"name": "regel 1\r\nregel 2\ttab"}]
    sheet = _sheet(xlsx_response(filename="x", columns=COLUMNS[:1], rows=rows, sheet_title="x"))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Jan Jansen",
        "regel 1\nregel 2\ttab",
    ]


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_xlsx_text_never_becomes_a_formula(trigger):
    sheet = _sheet(xlsx_response(filename="x", columns=COLUMNS[:1], rows=[{"name": trigger + "1"}], sheet_title="x"))
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'")


# --- any text, both writers --------------------------------------------------------------------
# Any character (surrogates included), with what matters here (triggers, spaces, quotes,
# separators, controls) made likely.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from([*TRIGGERS, " ", "\n", "\u00a0", "'", ";", '"', "\x00", "\x1b", "\x85", "\ufffe"]),
        st.characters(codec=None, exclude_categories=()),
        st.characters(categories=["Cs"]),  # lone surrogates, which UTF-8 cannot encode
    ),
    max_size=40,
)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=4))
def test_any_text_survives_both_writers_and_never_looks_like_a_formula(texts):
    columns = [Column(f"Kolom {i}", itemgetter(i)) for i in range(len(texts))]
    expected = [safe_text(text) for text in texts]
    assert not any(_looks_like_formula(value) for value in expected if not value.startswith("'"))

    table = _csv_table(csv_response(filename="x", columns=columns, rows=[texts]))
    assert table[1] == expected

    sheet = _sheet(xlsx_response(filename="x", columns=columns, rows=[texts], sheet_title="x"))
    cells = list(sheet[2]) if sheet.max_row > 1 else []
    read = {cell.column - 1: cell for cell in cells if cell.value is not None}
    for index, value in enumerate(expected):
        cell = read.get(index)
        assert (cell.value if cell else "") == value.replace("\r\n", "\n").replace("\r", "\n")
        assert cell is None or cell.data_type == "s"


@hypothesis_settings(max_examples=100, deadline=None)
@given(
    number=st.one_of(
        st.integers(min_value=-(10**15), max_value=10**15),
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    )
)
def test_any_number_stays_a_number_in_both_writers(number):
    columns = [Column("Getal", lambda value: value, "number", decimals=3)]
    field = _csv_table(csv_response(filename="x", columns=columns, rows=[number]))[1][0]
    assert not field.startswith("'") and float(field.replace(",", ".")) == pytest.approx(number, abs=1e-3)
    cell = _sheet(xlsx_response(filename="x", columns=columns, rows=[number], sheet_title="x"))["A2"]
    assert cell.data_type == "n" and cell.value == pytest.approx(number)
