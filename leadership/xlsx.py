"""A streaming XLSX package: sheets of rows in, a workbook out, in flat memory.

Only what the exports need (`leadership.tabular.xlsx_write` decides what each value becomes):
text written inline (never shared strings, never a formula), numbers, and five cell styles —
plain, bold (the header), money, moment, date and time. Each sheet's XML is built a batch of
rows at a time and deflated into the ZIP as it comes, so memory does not grow with the rows.
XlsxWriter took ~7 µs a cell through its general-purpose API (a 100k-row award report in
11 s, three quarters of it there); a row here is one join of prepared strings.

The package holds the parts Excel, LibreOffice and openpyxl need: content types, the package
and workbook relationships, the workbook, the styles and one part per sheet.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO
from xml.sax.saxutils import quoteattr

# Cell style indexes (cellXfs in STYLES).
PLAIN, BOLD, MONEY, MOMENT, DAY, CLOCK = range(6)
MAX_TEXT = 32767  # Excel's limit on the characters of one cell
ROWS_PER_WRITE = 500
SHEET_NAME_MAX = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

STYLES = f"""{_HEAD}<styleSheet xmlns="{_MAIN}">
<numFmts count="4"><numFmt numFmtId="164" formatCode="{{money}}"/><numFmt numFmtId="165" formatCode="{{moment}}"/><numFmt numFmtId="166" formatCode="{{day}}"/><numFmt numFmtId="167" formatCode="{{clock}}"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

# What XML text cannot hold as it is: markup, control characters (written as Excel's _xHHHH_)
# and a literal _xHHHH_ (which Excel would read as such an escape).
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")
_LITERAL_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def xml_text(value: str) -> str:
    """Text as the content of an inline string: escaped, cut at Excel's cell limit."""
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _LITERAL_ESCAPE.sub(r"_x005F\1", value)
    return _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", value)


def column_letters(count: int) -> list[str]:
    """A, B, …, Z, AA, … for the first `count` columns."""
    letters = []
    for index in range(count):
        name, number = "", index + 1
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def sheet_name(title: str, taken: set[str]) -> str:
    """A name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _SHEET_NAME_FORBIDDEN.sub(" ", title).strip("'")[:SHEET_NAME_MAX] or "Sheet"
    name, number = base, 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(name.lower())
    return name


class XlsxPackage:
    """Write sheets one after the other with `sheet(title, rows)`; `close()` finishes the package.

    Rows come as XML (`row_xml` of `text_cell`s and `number_cell`s): `leadership.tabular`
    decides what each value becomes.
    """

    def __init__(self, target: str | IO[bytes], *, formats: dict[str, str]) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.formats = {name: quoteattr(code)[1:-1] for name, code in formats.items()}
        self.names: list[str] = []
        self._taken: set[str] = set()

    def sheet(self, title: str, rows: Iterable[str]) -> None:
        """One sheet from rows of XML (`<row …>…</row>`, as `row_xml` makes them)."""
        self.names.append(sheet_name(title, self._taken))
        part = f"xl/worksheets/sheet{len(self.names)}.xml"
        with self.zip.open(part, "w") as out:
            out.write(f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetData>'.encode())
            for batch in _batches(rows, ROWS_PER_WRITE):
                out.write("".join(batch).encode())
            out.write(b"</sheetData></worksheet>")

    def close(self) -> None:
        sheets = range(1, len(self.names) + 1)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>' for n in sheets
        )
        self.zip.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self.zip.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
            for n, name in zip(sheets, self.names, strict=True)
        )
        self.zip.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{entries}</sheets></workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in sheets
        )
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{links}'
            f'<Relationship Id="rId{len(self.names) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        self.zip.writestr("xl/styles.xml", STYLES.format(**self.formats))
        self.zip.close()


def _batches(rows: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def text_cell(ref: str, text: str, style: int = PLAIN) -> str:
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{xml_text(text)}</t></is></c>'


def number_cell(ref: str, number: str, style: int = PLAIN) -> str:
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled}><v>{number}</v></c>'


def row_xml(number: int, cells: Sequence[str]) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'
