"""Deliver generated exports as a center would have them on a given day.

Tests and the benchmark move a warehouse's as-of day through a month: the exports of that
day hold the rows dated up to it (month-to-date files grow from one delivery to the next).
"""

from __future__ import annotations

import csv
from pathlib import Path

from scorecard.contract import SOURCES_BY_NAME


def _first_day(text: str) -> str:
    """The ISO day a generated date, timestamp or month YYYY-MM begins on (sorts as dates)."""
    return text[:10] if len(text) >= 10 else f"{text}-01"


def deliver_exports(generated: Path, input_dir: Path, as_of: str) -> None:
    """Write the exports a center would have on day `as_of`: each generated CSV with the rows
    dated up to that day (month-to-date files grow from one delivery to the next).

    A build quarantines rows dated after its as-of day, so a test that moves its as-of day
    through a month delivers the month's data as it would have arrived. The roster, which
    no date limits, is delivered whole. Files of the input that were not generated (a late
    delivery written by a test) are left alone.
    """
    for path in sorted(generated.glob("*/*.csv")):
        source = SOURCES_BY_NAME[path.parent.name]
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header, body = rows[0], rows[1:]
        if source.dated_by is not None:
            position = header.index(source.dated_by)
            body = [row for row in body if _first_day(row[position]) <= as_of]
        target = input_dir / path.relative_to(generated)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([header, *body])
