"""Deliver generated exports as a center would have them on a given day.

Tests and the benchmark move a warehouse's as-of day through a month: the exports of that
day hold the rows dated up to it (month-to-date files grow from one delivery to the next).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

from scorecard.contract import SOURCES_BY_NAME


def _first_day(text: str) -> str:
    """The ISO day a generated date, timestamp or month YYYY-MM begins on (sorts as dates)."""
    return text[:10] if len(text) >= 10 else f"{text}-01"


def _field(line: str, position: int) -> str:
    """Field `position` of one CSV line (the generator never writes a line break in a field)."""
    if '"' not in line:  # nearly every line: a plain split, not the csv module
        return line.rstrip("\n").split(",")[position]
    return next(csv.reader([line]))[position]


def deliver_exports(
    generated: Path, input_dir: Path, as_of: str, *, link_whole_files: bool = False
) -> None:
    """Write the exports a center would have on day `as_of`: each generated CSV with the rows
    dated up to that day (month-to-date files grow from one delivery to the next).

    A build quarantines rows dated after its as-of day, so a test that moves its as-of day
    through a month delivers the month's data as it would have arrived. The roster, which
    no date limits, is delivered whole. Files of the input that were not generated (a late
    delivery written by a test) are left alone.

    Lines are copied as they are, one at a time: a year of a 1,000-agent center is ~14 GB of
    CSV, which neither fits in lists of rows nor should be re-quoted on the way.

    link_whole_files: a file with no row after `as_of` becomes a hard link to the generated
    one instead of a copy (the benchmark: a second 12 GB of CSV at 1,000 agents × 12 months
    is disk the build needs for spilling). Only for inputs nobody edits in place: writing
    into a linked file would change the generated one.
    """
    for path in sorted(generated.glob("*/*.csv")):
        source = SOURCES_BY_NAME[path.parent.name]
        target = input_dir / path.relative_to(generated)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # never write through a link made by an earlier call
        if link_whole_files and all(day <= as_of for _, day in _dated_lines(path, source.dated_by)):
            os.link(path, target)
            continue
        with target.open("w", encoding="utf-8", newline="") as output:
            output.writelines(
                line for line, day in _dated_lines(path, source.dated_by) if day <= as_of
            )


def _dated_lines(path: Path, dated_by: str | None) -> Iterator[tuple[str, str]]:
    """Each line of a generated file with the ISO day it is dated; the header and every line
    of an undated file (the roster) with "" (before any day, so always delivered)."""
    with path.open(encoding="utf-8", newline="") as lines:
        header = next(lines)
        yield header, ""
        if dated_by is None:
            yield from ((line, "") for line in lines)
            return
        position = next(csv.reader([header])).index(dated_by)
        yield from ((line, _first_day(_field(line, position))) for line in lines)
