"""Tables held as columns, and the CSV writer.

The large sources (calls, agent_states) stay numpy arrays until they are written, and are
formatted chunk by chunk: a million calls would otherwise be tens of millions of Python
strings held at once. Every column type formats a slice of rows to a list of str.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from scorecard.contract import ORIGIN, Source
from scorecard.generate.timeline import OFFSET_SUFFIX, Period, format_local, format_utc

CHUNK_ROWS = 200_000
# Identifier formats: prefix and zero-padded width of the running number.
ID_FORMATS = {
    "calls": ("CL", 9),
    "qa_evaluations": ("QA", 7),
    "sales": ("SO", 9),
    "return_requests": ("RR", 7),
    "surveys": ("SV", 9),
    "complaints": ("CP", 6),
    "adjustments": ("ADJ", 6),
}


def format_id(source: str, number: int) -> str:
    prefix, width = ID_FORMATS[source]
    return f"{prefix}{number:0{width}d}"


class Column(Protocol):
    def __len__(self) -> int: ...

    def text(self, start: int, stop: int) -> list[str]: ...


@dataclass
class Texts:
    """Ready-made strings (small sources)."""

    values: Sequence[str]

    def __len__(self) -> int:
        return len(self.values)

    def text(self, start: int, stop: int) -> list[str]:
        return list(self.values[start:stop])


@dataclass
class Codes:
    """Small integer codes into a label tuple; code -1 is written as an empty field."""

    codes: np.ndarray
    labels: Sequence[str]

    def __len__(self) -> int:
        return len(self.codes)

    def text(self, start: int, stop: int) -> list[str]:
        labels = np.array([*self.labels, ""], dtype=object)
        return labels[self.codes[start:stop]].tolist()


@dataclass
class Ints:
    values: np.ndarray
    blank: np.ndarray | None = None  # bool: write an empty field

    def __len__(self) -> int:
        return len(self.values)

    def text(self, start: int, stop: int) -> list[str]:
        out = self.values[start:stop].astype(str)
        if self.blank is not None:
            out = np.where(self.blank[start:stop], "", out)
        return out.tolist()


@dataclass
class Ids:
    """`<prefix><zero-padded number>`, e.g. CL000000001; number 0 is written empty."""

    prefix: str
    width: int
    numbers: np.ndarray

    def __len__(self) -> int:
        return len(self.numbers)

    def text(self, start: int, stop: int) -> list[str]:
        fmt = f"{self.prefix}{{:0{self.width}d}}"
        return [fmt.format(n) if n else "" for n in self.numbers[start:stop].tolist()]


@dataclass
class Stamps:
    """Local seconds as ISO text: local without offset, UTC with `Z`, or local `+08:00`."""

    seconds: np.ndarray
    utc: bool = False
    blank: np.ndarray | None = None  # bool: write an empty field (e.g. answered_at)
    offset_form: np.ndarray | None = None  # bool: local time with an explicit +08:00

    def __len__(self) -> int:
        return len(self.seconds)

    def text(self, start: int, stop: int) -> list[str]:
        chunk = self.seconds[start:stop]
        out = format_utc(chunk) if self.utc else format_local(chunk)
        if self.offset_form is not None:
            offset = self.offset_form[start:stop]
            out = out.astype(f"U{out.dtype.itemsize // 4 + len(OFFSET_SUFFIX)}")
            out[offset] = np.char.add(out[offset], OFFSET_SUFFIX)
        if self.blank is not None:
            out[self.blank[start:stop]] = ""
        return out.tolist()


@dataclass
class Table:
    """One source's rows in file order; `month` (index into the period) is non-decreasing."""

    source: Source
    columns: dict[str, Column]
    month: np.ndarray

    def __post_init__(self) -> None:
        # The generator is the original export: it has no importer's reference to write.
        if ORIGIN.name in self.source.column_names and ORIGIN.name not in self.columns:
            self.columns[ORIGIN.name] = Texts([""] * len(self.month))
        missing = [c for c in self.source.column_names if c not in self.columns]
        if missing or len(self.columns) != len(self.source.columns):
            raise ValueError(f"{self.source.name}: columns do not match the contract")
        if len(self.month) and np.any(np.diff(self.month) < 0):
            raise ValueError(f"{self.source.name}: rows are not in month order")

    def __len__(self) -> int:
        return len(self.month)

    def month_slice(self, month: int) -> tuple[int, int]:
        lo = int(np.searchsorted(self.month, month, side="left"))
        hi = int(np.searchsorted(self.month, month, side="right"))
        return lo, hi

    def rows(self, start: int, stop: int) -> list[tuple[str, ...]]:
        cols = [self.columns[name].text(start, stop) for name in self.source.column_names]
        return list(zip(*cols, strict=True))

    def row(self, index: int) -> list[str]:
        return list(self.rows(index, index + 1)[0])


def small_table(source: Source, rows: list[list[str]], months: Sequence[int]) -> Table:
    """A table from Python rows (in contract column order, without the importer's
    `source_ref`), stably sorted by month."""
    order = sorted(range(len(rows)), key=lambda i: months[i])
    rows = [rows[i] for i in order]
    names = [name for name in source.column_names if name != ORIGIN.name]
    columns: dict[str, Column] = {name: Texts([r[k] for r in rows]) for k, name in enumerate(names)}
    return Table(source, columns, np.array([months[i] for i in order], dtype=np.int64))


def csv_line(fields: Sequence[str]) -> str:
    """One CSV line exactly as the writer would write it (quoting where needed)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    return buffer.getvalue()


@dataclass
class Insertion:
    """A pre-formatted line placed before data row `position` of a file."""

    position: int
    line: str
    kind: str
    line_number: int = field(default=0)  # filled in when written


def write_csv(
    path: Path,
    table: Table,
    start: int,
    stop: int,
    insertions: Sequence[Insertion] = (),
) -> int:
    """Write rows [start, stop) of `table` plus insertions; returns data lines written.

    Sets each insertion's physical line number (header = line 1). Fields never contain
    line breaks, so one row is one physical line.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    total = stop - start
    for ins in insertions:
        ins.position = min(max(ins.position, 0), total)
    pending = sorted(insertions, key=lambda ins: ins.position)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.source.column_names)
        cursor = 0  # data rows of the table written so far
        k = 0
        while cursor < total or k < len(pending):
            next_insert = pending[k].position if k < len(pending) else total
            if next_insert <= cursor:
                ins = pending[k]
                ins.line_number = written + 2
                handle.write(ins.line)
                written += 1
                k += 1
                continue
            upto = min(next_insert, total, cursor + CHUNK_ROWS)
            writer.writerows(table.rows(start + cursor, start + upto))
            written += upto - cursor
            cursor = upto
    return written


def file_name(source: Source, period: Period, month: int) -> str:
    return f"{source.name}/{source.name}_{period.months[month]}.csv"
