"""The one writer of tables for spreadsheets: CSV streamed line by line, XLSX in write-only mode.

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
from typing import IO, TYPE_CHECKING, Any, Protocol

from django.http import StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# One format for every moment in every export: UTC, to the minute, saying so in the cell.
DATETIME_FORMAT = "%Y-%m-%d %H:%M UTC"
DATE_FORMAT = "%Y-%m-%d"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
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


def csv_cell(value: Any) -> Any:
    """One value as CSV text: empty for None, yes/no, moments in the one format, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, Decimal, float)):
        return value
    if isinstance(value, datetime):
        return utc_wall_time(value).strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    return neutralise(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield the CSV one line at a time (with a BOM so spreadsheets read UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([neutralise(str(label)) for label in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A download that streams the CSV, so memory stays flat whatever the number of rows."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _formatted(sheet: WriteOnlyWorksheet, value: Any, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return _formatted(sheet, value, MONEY_FORMAT)
    if isinstance(value, datetime):
        # Excel has no time zones: write UTC wall time (the header says so).
        return _formatted(sheet, utc_wall_time(value), XLSX_DATETIME_FORMAT)
    if isinstance(value, date):
        return _formatted(sheet, value, XLSX_DATE_FORMAT)
    if isinstance(value, time):
        return value
    return neutralise(str(value))


def _bold_header(sheet: WriteOnlyWorksheet, header: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=neutralise(str(label)))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def xlsx_write(
    target: str | IO[bytes], sheets: Iterable[Sheet], *, progress: Callable[[int], None] | None = None
) -> int:
    """Write the sheets to target in write-only mode; returns the number of rows of the main sheet."""
    workbook = Workbook(write_only=True)
    main_rows = 0
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title[:31])
        sheet.append(_bold_header(sheet, spec.header))
        count = 0
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
            count += 1
            if spec.main and progress and count % PROGRESS_EVERY == 0:
                progress(count)
        if spec.main:
            main_rows = count
    workbook.save(target)
    return main_rows
