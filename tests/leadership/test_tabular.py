"""The one table writer: cells a spreadsheet would run are neutralised, moments have one format in UTC."""

import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import openpyxl

from leadership.tabular import (
    DATETIME_FORMAT,
    MONEY_FORMAT,
    XLSX_DATE_FORMAT,
    XLSX_DATETIME_FORMAT,
    csv_cell,
    csv_lines,
    csv_response,
    neutralise,
    xlsx_write,
)

PARIS_NOON = datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_formula_starts_are_neutralised_and_plain_text_and_numbers_are_not():
    for text in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1"):
        assert neutralise(text) == "'" + text
    assert neutralise("Lyon") == "Lyon"
    assert neutralise(-5) == -5 and neutralise(Decimal("-1.50")) == Decimal("-1.50")


def test_csv_cells_write_moments_in_utc_in_the_one_format():
    assert DATETIME_FORMAT == "%Y-%m-%d %H:%M UTC"
    assert csv_cell(PARIS_NOON) == "2026-03-01 11:00 UTC"
    assert csv_cell(datetime(2026, 3, 1, 11, 0, tzinfo=timezone(timedelta(0)))) == "2026-03-01 11:00 UTC"
    assert csv_cell(date(2026, 3, 1)) == "2026-03-01"
    assert csv_cell(datetime(2026, 3, 1, 11, 0, 59, 999)) == "2026-03-01 11:00 UTC"  # naive: taken as UTC


def test_csv_lines_write_every_kind_of_cell_as_csv_cell_does():
    """The line writer inlines csv_cell for speed: both must give the same text for every kind of value."""

    class Label(str):
        pass

    row = [
        None,
        True,
        False,
        7,
        Decimal("-1.50"),
        0.25,
        "=x",
        Label("+y"),
        PARIS_NOON,
        date(2026, 3, 1),
        b"z",
    ]
    expected = list(csv_lines([], [[csv_cell(value) for value in row]]))[1]
    assert list(csv_lines([], [row]))[1] == expected
    assert expected == ",yes,no,7,-1.50,0.25,'=x,'+y,2026-03-01 11:00 UTC,2026-03-01,b'z'\r\n"


def test_csv_cells_for_empty_yes_no_and_numbers():
    assert csv_cell(None) == ""
    assert (csv_cell(True), csv_cell(False)) == ("yes", "no")
    assert csv_cell(-3) == -3 and csv_cell(-0.25) == -0.25
    assert csv_cell("-2+3") == "'-2+3"


def test_csv_lines_start_with_a_bom_and_neutralise_the_header():
    lines = list(csv_lines(["=Name", "When"], [["=evil()", PARIS_NOON]]))
    assert lines[0] == "\ufeff'=Name,When\r\n"
    assert lines[1] == "'=evil(),2026-03-01 11:00 UTC\r\n"


def test_csv_response_streams_a_named_attachment():
    response = csv_response("out.csv", ["A"], iter([["@x"]]))
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="out.csv"'
    assert b"".join(response.streaming_content).decode("utf-8-sig") == "A\r\n'@x\r\n"


def test_xlsx_cells_neutralise_text_and_format_moments_as_utc():
    target = io.BytesIO()
    sheet = SimpleNamespace(
        title="Main",
        header=["=Head"],
        rows=[["+1", PARIS_NOON, date(2026, 3, 1), None, Decimal("10.50"), True]],
        main=True,
    )
    assert xlsx_write(target, [sheet]) == 1
    target.seek(0)
    rows = list(openpyxl.load_workbook(target)["Main"].iter_rows())
    assert rows[0][0].value == "'=Head"
    text, moment, day, empty, money, flag = rows[1]
    assert text.value == "'+1" and text.data_type == "s"
    assert moment.value == datetime(2026, 3, 1, 11, 0) and moment.number_format == XLSX_DATETIME_FORMAT
    assert day.number_format == XLSX_DATE_FORMAT
    assert money.value == 10.5 and money.number_format == MONEY_FORMAT
    assert (flag.value, empty.value) == ("yes", None)
