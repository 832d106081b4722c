"""What every importer shares: the rows it could not use, the files it writes, its report."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from dagster_project.contract import SOURCES

REPORT_NAME = "_import_report.json"
UNUSABLE_NAME = "_unusable_rows.csv"
CONTRACT = {source.name: source for source in SOURCES}


class ImportFormatError(ValueError):
    """The input is not the format asked for (wrong header, unreadable file)."""


@dataclass(frozen=True)
class Unusable:
    file: str
    line: int
    reason: str
    detail: str = ""


@dataclass
class ImportResult:
    """Every input row is used for an output (`consumed`) or reported as unusable."""

    input_rows: int = 0
    written: Counter = field(default_factory=Counter)  # output source -> rows
    unusable: list[Unusable] = field(default_factory=list)
    # Rows of the output derived from several input rows (agents from call records).
    derived: Counter = field(default_factory=Counter)
    # Input rows used, by the output they went into (several events can make one call).
    consumed: Counter = field(default_factory=Counter)

    def reasons(self) -> Counter:
        return Counter(u.reason for u in self.unusable)

    def describe(self) -> str:
        lines = [f"input rows: {self.input_rows}"]
        lines += [f"  used for {name}/: {rows}" for name, rows in sorted(self.consumed.items())]
        lines += [f"  written to {name}/: {rows}" for name, rows in sorted(self.written.items())]
        lines += [
            f"  unusable, {reason}: {rows}" for reason, rows in sorted(self.reasons().items())
        ]
        lines += [f"  derived {name}/: {rows}" for name, rows in sorted(self.derived.items())]
        return "\n".join(lines)


def _cell(value: object) -> str:
    """A CSV field: ISO 8601 for times (naive: the center's local time; UTC: with Z)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def write_source(out: Path, source: str, file_name: str, rows: Iterable[dict]) -> int:
    """Write rows (dicts by contract column) as one CSV of a source folder; return the count."""
    columns = CONTRACT[source].column_names
    path = out / source / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            count += 1
    return count


class Roster:
    """The agents an export names, each valid from the first time it is seen there."""

    def __init__(self, team_id: str) -> None:
        self.team_id = team_id
        self.first_seen: dict[str, tuple[date, str]] = {}

    def see(self, agent: str, when: date, origin: str) -> None:
        day = when.date() if isinstance(when, datetime) else when
        if agent not in self.first_seen or day < self.first_seen[agent][0]:
            self.first_seen[agent] = (day, origin)

    def write(self, out: Path, file_name: str, name=str.title) -> int:
        rows = [
            {"agent_id": agent, "name": name(agent), "team_id": self.team_id, "role": "agent",
             "valid_from": day, "source_ref": origin}
            for agent, (day, origin) in sorted(self.first_seen.items())
        ]  # fmt: skip
        return write_source(out, "agents", file_name, rows)


def write_report(out: Path, fmt: str, inputs: Sequence[Path], result: ImportResult) -> None:
    """The counts (they add up to the input rows) and every unusable row with its reason."""
    out.mkdir(parents=True, exist_ok=True)
    report = {
        "format": fmt,
        "inputs": [str(p) for p in inputs],
        "input_rows": result.input_rows,
        "consumed": dict(result.consumed),
        "written": dict(result.written),
        "unusable": dict(result.reasons()),
        "derived": dict(result.derived),
    }
    (out / REPORT_NAME).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    with (out / UNUSABLE_NAME).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "line", "reason", "detail"])
        for u in result.unusable:
            writer.writerow([u.file, u.line, u.reason, u.detail])
