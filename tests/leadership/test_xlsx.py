"""The streaming XLSX package: a workbook every reader opens, with text, numbers and moments as written."""

import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace
from xml.etree import ElementTree

import openpyxl
import pytest

from leadership.tabular import (
    MONEY_FORMAT,
    XLSX_DATE_FORMAT,
    XLSX_DATETIME_FORMAT,
    XLSX_TIME_FORMAT,
    xlsx_write,
)
from leadership.xlsx import MAX_TEXT, column_letters, sheet_name, xml_text


def _sheet(title, header, rows, main=False):
    return SimpleNamespace(title=title, header=header, rows=rows, main=main)


def _written(*sheets) -> tuple[bytes, int]:
    target = io.BytesIO()
    count = xlsx_write(target, sheets)
    return target.getvalue(), count


def test_text_is_escaped_for_xml_and_for_excel():
    assert xml_text("plain words") == "plain words"
    assert xml_text("Tom & Jerry <b>") == "Tom &amp; Jerry &lt;b&gt;"
    assert xml_text("bell\x07tab\tline\n") == "bell_x0007_tab\tline\n"
    # A literal escape sequence stays literal: Excel would read _x0041_ as "A".
    assert xml_text("id_x0041_") == "id_x005F_x0041_"
    assert len(xml_text("x" * (MAX_TEXT + 10))) == MAX_TEXT


def test_column_letters_and_sheet_names():
    letters = column_letters(60)
    assert letters[:3] == ["A", "B", "C"] and letters[25:28] == ["Z", "AA", "AB"] and letters[51] == "AZ"
    taken: set[str] = set()
    assert sheet_name("Awards [2026]: a/b", taken) == "Awards  2026   a b"
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert sheet_name("awards  2026   a b", taken) == "awards  2026   a b (2)"


def test_every_part_is_well_formed_and_the_package_names_each_sheet():
    data, _ = _written(_sheet("One", ["a"], [[1]], main=True), _sheet("Two", ["b"], [["x"]]))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        names = set(package.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml"} <= names
        assert {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= names
        for name in names:
            ElementTree.fromstring(package.read(name))  # noqa: S314 - the test's own file
        assert b"sheet2.xml" in package.read("[Content_Types].xml")


def test_cells_read_back_with_their_types_formats_and_the_bold_header():
    wide = list(range(30))
    rows = [
        ["Tom & Jerry <b>", "=SUM(A1)", "ring\x07", 42, 2.5, Decimal("1234.50"), True, False],
        [datetime(2026, 3, 1, 11, 30), date(2026, 3, 1), time(9, 15), None, "  padded  "],
        [],
        wide,
    ]
    data, count = _written(
        _sheet("Main", ["Text", "-Formula"], rows, main=True), _sheet("Other", [], [["o"]])
    )
    assert count == 4
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Main", "Other"]
    sheet = book["Main"]
    assert [cell.value for cell in sheet[1]][:3] == ["Text", "'-Formula", None] and sheet["A1"].font.b
    assert not sheet["A2"].font.b
    assert [cell.value for cell in sheet[2]][:9] == [
        "Tom & Jerry <b>",
        "'=SUM(A1)",
        "ring_x0007_",  # Excel's escape for a control character, which Excel shows as the character
        42,
        2.5,
        1234.5,
        "yes",
        "no",
        None,
    ]
    assert sheet["B2"].data_type == "s" and sheet["F2"].number_format == MONEY_FORMAT
    moment, day, clock, empty, padded = sheet[3][:5]
    assert moment.value == datetime(2026, 3, 1, 11, 30) and moment.number_format == XLSX_DATETIME_FORMAT
    assert day.value == datetime(2026, 3, 1) and day.number_format == XLSX_DATE_FORMAT
    assert clock.value == time(9, 15) and clock.number_format == XLSX_TIME_FORMAT
    assert empty.value is None and padded.value == "  padded  "
    assert all(cell.value is None for cell in sheet[4])  # the empty row keeps its place
    assert sheet["AD5"].value == 29
    assert (book["Other"]["A1"].value, book["Other"]["A2"].value) == (None, "o")  # no header, row 1 empty


def test_a_failing_row_source_still_closes_the_file():
    def rows():
        yield [1]
        raise RuntimeError("database gone")

    target = io.BytesIO()
    with pytest.raises(RuntimeError):
        xlsx_write(target, [_sheet("Main", ["a"], rows(), main=True)])
    assert zipfile.ZipFile(io.BytesIO(target.getvalue())).testzip() is None
