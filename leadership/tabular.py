"""The one writer of tables for spreadsheets: CSV streamed line by line, XLSX row by row.

Every export goes through here, so every cell is neutralised the same way (a spreadsheet runs
text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula: OWASP "CSV
injection") and every moment is written in one format, in UTC. It lives in leadership, the
bottom floor, so that every app's exports can use it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import IO, Any, Protocol

from django.http import StreamingHttpResponse

from .xlsx import (
    BOLD,
    CLOCK,
    DAY,
    MOMENT,
    MONEY,
    XlsxPackage,
    column_letters,
    number_cell,
    row_xml,
    text_cell,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# One format for every moment in every export: UTC, to the minute, saying so in the cell.
DATETIME_FORMAT = "%Y-%m-%d %H:%M UTC"
DATE_FORMAT = "%Y-%m-%d"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_TIME_FORMAT = "hh:mm"
MONEY_FORMAT = "#,##0.00"
PROGRESS_EVERY = 500


class Sheet(Protocol):
    """What `xlsx_write` reads from each sheet it is given (read only, so a dataclass with lists fits)."""

    @property
    def title(self) -> str: ...
    @property
    def header(self) -> Sequence[str]: ...
    @property
    def rows(self) -> Iterable[Sequence[Any]]: ...
    @property
    def main(self) -> bool: ...


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with an apostrophe; numbers pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def utc_wall_time(moment: datetime) -> datetime:
    """The moment as a naive UTC datetime (a naive one is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _identity(value: Any) -> Any:
    return value


def csv_moment(moment: datetime) -> str:
    """A moment as CSV text, "YYYY-MM-DD HH:MM UTC" (`DATETIME_FORMAT`), by `isoformat`: a report has
    two moments a row and strftime after a conversion to UTC was a fifth of a 100k-row CSV."""
    if moment.utcoffset():  # aware and not UTC already (a naive moment is taken to be UTC)
        moment = moment.astimezone(UTC)
    return moment.isoformat(" ", "minutes")[:16] + " UTC"


def csv_date(day: date) -> str:
    return day.isoformat()  # DATE_FORMAT


def csv_cell(value: Any) -> Any:
    """One value as CSV text: empty for None, yes/no, moments in the one format, text neutralised."""
    # The common exact types first, by one dict lookup: a 100k-row report has two million cells.
    convert = _CSV_BY_TYPE.get(type(value))
    if convert is not None:
        return convert(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, Decimal, float)):
        return value
    if isinstance(value, datetime):
        return csv_moment(value)
    if isinstance(value, date):
        return csv_date(value)
    return neutralise(str(value))


# Written as they are by the csv module; every other type goes through a converter.
_CSV_AS_IS = frozenset({int, Decimal, float})
_CSV_BY_TYPE: dict[type, Any] = {
    type(None): lambda value: "",
    bool: lambda value: "yes" if value else "no",
    **dict.fromkeys(_CSV_AS_IS, _identity),
    str: neutralise,
    datetime: csv_moment,
    date: csv_date,
}


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield the CSV one line at a time (with a BOM so spreadsheets read UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([neutralise(str(label)) for label in header])
    as_is, convert = _CSV_AS_IS, _CSV_BY_TYPE.get
    for row in rows:
        # csv_cell inlined: a function call less for each of the two million cells of a large report.
        yield writer.writerow(
            [value if (kind := type(value)) in as_is else convert(kind, csv_cell)(value) for value in row]
        )


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A download that streams the CSV, so memory stays flat whatever the number of rows."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Excel's 1900 system counts days from 1899-12-31 and takes 1900 for a leap year: one day more
# from March 1900 on. Numbers are written as XlsxWriter wrote them (16 significant digits), so
# a file reads back the same as before the change of writer.
EXCEL_EPOCH = datetime(1899, 12, 31)
SECONDS_PER_DAY = 86400.0


def excel_serial(moment: datetime) -> str:
    delta = moment - EXCEL_EPOCH
    days = delta.days + (delta.seconds + delta.microseconds / 1e6) / SECONDS_PER_DAY
    return f"{days + 1 if days > 59 else days:.16G}"


def _xlsx_cells(letters: list[str], number: int, row: Sequence[Any]) -> Iterator[str]:
    """One row's cells: text always as text (never a formula), numbers and moments formatted."""
    at = str(number)
    for column, value in enumerate(row):
        if value is None:
            continue
        ref = letters[column] + at
        kind = type(value)
        if kind is str:
            yield text_cell(ref, neutralise(value))
        elif kind is int:
            yield number_cell(ref, str(value))
        elif kind is Decimal:
            yield number_cell(ref, f"{float(value):.16G}", MONEY)
        elif kind is bool:
            yield text_cell(ref, "yes" if value else "no")
        elif isinstance(value, datetime):
            # Excel has no time zones: UTC wall time (the header says so).
            yield number_cell(ref, excel_serial(utc_wall_time(value)), MOMENT)
        elif isinstance(value, date):
            yield number_cell(ref, excel_serial(datetime(value.year, value.month, value.day)), DAY)
        elif isinstance(value, time):
            seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
            yield number_cell(ref, f"{seconds / SECONDS_PER_DAY:.16G}", CLOCK)
        elif isinstance(value, (int, float)):
            yield number_cell(ref, f"{value:.16G}")
        else:
            yield text_cell(ref, neutralise(str(value)))


def _xlsx_rows(spec: Sheet, counted: list[int], progress: Callable[[int], None] | None) -> Iterator[str]:
    """The sheet's rows as XML, the bold header first; counts the data rows into counted[0]."""
    letters = column_letters(max(len(spec.header), 26))
    if spec.header:
        yield row_xml(
            1,
            [
                text_cell(f"{letters[i]}1", neutralise(str(label)), BOLD)
                for i, label in enumerate(spec.header)
            ],
        )
    count = 0
    for count, row in enumerate(spec.rows, start=1):
        if len(row) > len(letters):
            letters = column_letters(len(row))
        if cells := list(_xlsx_cells(letters, count + 1, row)):  # an empty row is no element
            yield row_xml(count + 1, cells)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    counted[0] = count


def xlsx_write(
    target: str | IO[bytes], sheets: Iterable[Sheet], *, progress: Callable[[int], None] | None = None
) -> int:
    """Write the sheets to target row by row; returns the number of rows of the main sheet.

    Streamed through `leadership.xlsx`: each batch of rows is deflated into the file as it
    comes, so memory stays flat; a 100k-row award report takes a fraction of XlsxWriter's time.
    """
    package = XlsxPackage(
        target,
        formats={
            "money": MONEY_FORMAT,
            "moment": XLSX_DATETIME_FORMAT,
            "day": XLSX_DATE_FORMAT,
            "clock": XLSX_TIME_FORMAT,
        },
    )
    main_rows = 0
    try:
        for spec in sheets:
            counted = [0]
            package.sheet(spec.title, _xlsx_rows(spec, counted, progress if spec.main else None))
            if spec.main:
                main_rows = counted[0]
    finally:
        package.close()
    return main_rows
