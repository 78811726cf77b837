"""Writers for CSV (streamed line by line) and XLSX (openpyxl write-only), with formula neutralisation."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"
PROGRESS_EVERY = 500


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with an apostrophe; numbers pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(value if isinstance(value, (int, Decimal)) else str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield the CSV one line at a time (with a BOM so spreadsheets read UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([neutralise(str(h)) for h in header])
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in row])


def _xlsx_cell(sheet, value: Any):
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    if isinstance(value, datetime):
        # Excel has no time zones: write UTC wall time (the header says so).
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or isinstance(value, (int, float)):
        return value
    if hasattr(value, "isoformat"):
        return value
    return neutralise(str(value))


def xlsx_write(
    target: str | IO[bytes], sheets: Iterable[Any], *, progress: Callable[[int], None] | None = None
) -> int:
    """Write sheets (title, header, rows) to target in write-only mode; returns the rows of the main sheet."""
    workbook = Workbook(write_only=True)
    main_rows = 0
    for sheet_spec in sheets:
        sheet = workbook.create_sheet(title=sheet_spec.title[:31])
        bold = []
        for label in sheet_spec.header:
            cell = WriteOnlyCell(sheet, value=neutralise(str(label)))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        count = 0
        for row in sheet_spec.rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
            count += 1
            if sheet_spec.main and progress and count % PROGRESS_EVERY == 0:
                progress(count)
        if sheet_spec.main:
            main_rows = count
    workbook.save(target)
    return main_rows
