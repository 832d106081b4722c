"""Excel workbooks (.xlsx) in a source folder, read as the CSV files beside them are.

Centers keep attendance, QA and 360° ratings in Excel. A workbook in a source folder
contributes one sheet to that source:

1. the sheet `source.toml` names (`sheet = "考勤"`), if the folder declares one;
2. else the sheet named after the source (`attendance`), so one workbook holding a sheet
   per source can be dropped into each folder it feeds;
3. else the workbook's only sheet.

A workbook with several sheets and none of these fails, naming its sheets. The sheet's
first non-empty row is its header; every later row with a value is a record, numbered
with its Excel row. Cells become the same text a CSV file would hold (timestamps.py for
date cells and date serial numbers; numbers as written, `3.5` stays `3.5`; TRUE as
`true`), and the loader validates and quarantines that text exactly as it does a CSV's.
A record is named `<folder>/<file>!<sheet>` with its row: `attendance/考勤.xlsx!Sheet1:17`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl

from scorecard import contract
from scorecard.contract import Source
from scorecard.loading.header import MalformedFile, check_header
from scorecard.loading.timestamps import workbook_date_text

XLSX_SUFFIX = ".xlsx"  # compared case-insensitively
DATE_KINDS = (contract.TIMESTAMP, contract.DATE, contract.MONTH)
SHEET_SEPARATOR = "!"  # as Excel writes a sheet reference: 考勤.xlsx!Sheet1


@dataclass(frozen=True)
class SheetRecord:
    row: int  # the Excel row number
    texts: tuple[str | None, ...]  # one per header column, None when the cell is empty
    cells_beyond_header: int  # non-empty cells right of the header's last column

    def as_text(self) -> str:
        """The record as one CSV line (what the quarantine keeps as its raw text)."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(["" if t is None else t for t in self.texts])
        return buffer.getvalue()


@dataclass(frozen=True)
class Sheet:
    name: str
    header: list[str]
    records: list[SheetRecord]
    sha256: str  # of the header and the cell texts by row: a re-saved workbook hashes alike


def choose_sheet(sheet_names: list[str], source: Source, declared: str | None) -> str:
    """The sheet this folder loads (module docstring); MalformedFile when there is none."""
    listed = ", ".join(sheet_names)
    if declared is not None:
        if declared not in sheet_names:
            raise MalformedFile(
                f"no sheet {declared!r} (named in {source.name}/source.toml); "
                f"the workbook has {listed}"
            )
        return declared
    named = [name for name in sheet_names if name.strip().lower() == source.name]
    if named:
        return named[0]
    if len(sheet_names) == 1:
        return sheet_names[0]
    raise MalformedFile(
        f"{len(sheet_names)} sheets ({listed}) and none named {source.name}: name the "
        f'sheet to load in {source.name}/source.toml (sheet = "…") or rename it {source.name}'
    )


def _number_text(value: int | float) -> str:
    """A number cell as it reads: 4.0 is 4, 3.5 stays 3.5 (never rounded to fit)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def cell_text(value: object, kind: str, number_format: str | None, epoch: datetime) -> str | None:
    """The text of one cell in a column of the given kind; None when it is empty."""
    if kind in DATE_KINDS:
        value = workbook_date_text(value, kind, number_format, epoch)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number_text(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def read_sheet(path: Path, source: Source, declared_sheet: str | None) -> Sheet:
    """The chosen sheet's header and records as text; MalformedFile if it cannot be read."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise MalformedFile(f"not a readable .xlsx workbook ({error})") from error
    try:
        name = choose_sheet(workbook.sheetnames, source, declared_sheet)
        worksheet = workbook[name]
        if worksheet.max_row is None or worksheet.max_column is None:
            worksheet.reset_dimensions()  # written without dimensions: read to the end
        return _read_rows(worksheet.iter_rows(min_row=1), name, source, workbook.epoch)
    finally:
        workbook.close()


def _read_rows(rows, name: str, source: Source, epoch: datetime) -> Sheet:
    digest = hashlib.sha256()
    header: list[str] | None = None
    kinds: list[str] = []
    records: list[SheetRecord] = []
    for number, cells in enumerate(rows, start=1):
        values = [cell.value for cell in cells]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # Excel keeps formatted empty rows; they are no records
        if header is None:
            while values and values[-1] in (None, ""):
                values.pop()
            header = check_header(["" if v is None else str(v).strip() for v in values], source)
            kinds = [source.column(column).kind for column in header]
            digest.update(f"{number}\x1f{chr(31).join(header)}\x1e".encode())
            continue
        width = len(header)
        texts = tuple(
            cell_text(cell.value, kinds[i], getattr(cell, "number_format", None), epoch)
            for i, cell in enumerate(cells[:width])
        ) + (None,) * max(0, width - len(cells))
        beyond = sum(1 for cell in cells[width:] if cell.value not in (None, ""))
        record = SheetRecord(number, texts, beyond)
        digest.update(f"{number}\x1f{record.as_text()}\x1f{beyond}\x1e".encode())
        records.append(record)
    if header is None:
        raise MalformedFile(f"sheet {name!r} is empty: no header row")
    return Sheet(name=name, header=header, records=records, sha256=digest.hexdigest())
