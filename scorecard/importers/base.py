"""What every importer shares: the rows it could not use, the files it writes, its report.

Imports are incremental: a center imports each export when it arrives, into the same
output folder, and that must give the warehouse one import of everything would.

- Every output file is named after the export it comes from (`calls/anonymous_bank_
  january.csv`), so importing February never touches what January wrote. Importing an
  export again rewrites only its own files, and identical content is not rewritten at all:
  the same export twice is a no-op (the loader then sees nothing new).
- The roster (`agents/<format>_agents.csv`) is the one file every import shares: it is
  merged, never replaced. An agent keeps the earliest day any import has seen it (so it is
  valid on every day it worked, whichever month came first), with the name and team of
  that first sighting; the merge is the same in any order of imports.
- Each export has its own report in `_imports/`: `<export>.report.json` (its rows, what
  they were used for, what was unusable) and `<export>.unusable_rows.csv` (each unusable
  row with file, line, reason and detail). The loader never reads `_imports/`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from scorecard.contract import SOURCES

REPORTS_DIR = "_imports"
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
    """Every input row is used for an output (`consumed`) or reported as unusable.

    Counted per export (input file name), so that each export's report adds up alone.
    """

    input_rows: Counter = field(default_factory=Counter)  # export -> rows read
    # (export, output source) -> input rows used for it (several events can make one call)
    consumed: Counter = field(default_factory=Counter)
    unusable: list[Unusable] = field(default_factory=list)
    # output file (relative to the output folder) -> rows written
    written: Counter = field(default_factory=Counter)
    # export -> the output files it wrote
    outputs: dict[str, list[str]] = field(default_factory=dict)
    # Rows derived from several input rows (the merged roster), by output source.
    derived: Counter = field(default_factory=Counter)
    # export -> agents it names (written to the shared roster)
    agents_named: Counter = field(default_factory=Counter)

    def reasons(self, export: str | None = None) -> Counter:
        return Counter(u.reason for u in self.unusable if export in (None, u.file))

    def describe(self) -> str:
        lines = [f"input rows: {sum(self.input_rows.values())}"]
        used = Counter()
        for (_export, source), rows in self.consumed.items():
            used[source] += rows
        lines += [f"  used for {name}/: {rows}" for name, rows in sorted(used.items())]
        lines += [f"  written to {path}: {rows}" for path, rows in sorted(self.written.items())]
        lines += [
            f"  unusable, {reason}: {rows}" for reason, rows in sorted(self.reasons().items())
        ]
        lines += [f"  merged into {name}: {rows}" for name, rows in sorted(self.derived.items())]
        return "\n".join(lines)


def _cell(value: object) -> str:
    """A CSV field: ISO 8601 for times (naive: the center's local time; UTC: with Z)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def _write_if_changed(path: Path, text: str) -> None:
    """Write the file unless it already holds exactly this text (a re-import is a no-op)."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> tuple[str, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return buffer.getvalue(), count


def write_source(
    out: Path,
    source: str,
    file_name: str,
    rows: Iterable[dict],
    result: ImportResult | None = None,
    export: str | None = None,
) -> int:
    """Write rows (dicts by contract column) as one CSV of a source folder; return the count.

    With `result` and `export`, the file is recorded as that export's output.
    """
    columns = CONTRACT[source].column_names
    text, count = _csv_text(columns, ([_cell(row.get(c)) for c in columns] for row in rows))
    _write_if_changed(out / source / file_name, text)
    if result is not None and export is not None:
        relative = f"{source}/{file_name}"
        result.written[relative] = count
        result.outputs.setdefault(export, []).append(relative)
    return count


# Extensions an export's output name drops (`january.txt` → `…_january.csv`); any other
# suffix is part of the name (`queue_log.1`, how Asterisk rotates its log, stays apart).
EXPORT_EXTENSIONS = (".txt", ".xlsx", ".json", ".jsonl", ".ndjson", ".gz")


def output_name(prefix: str, export: Path) -> str:
    """The output file of one export: `<prefix>_<export name without its extension>.csv`."""
    name = export.name
    for extension in EXPORT_EXTENSIONS:
        if name.lower().endswith(extension):
            name = name[: -len(extension)]
    return f"{prefix}_{name}.csv"


def _origin_key(origin: str) -> tuple[str, int]:
    """`january.txt:17` → ("january.txt", 17), to order sightings within and across files."""
    file, _, line = origin.rpartition(":")
    return (file, int(line)) if line.isdigit() else (origin, 0)


class Roster:
    """The agents the exports name, each valid from the first day any import saw it.

    `write` merges with the roster file earlier imports left in the output folder, so an
    agent seen only in January keeps January after February is imported, and an agent
    first seen in February moves back to January when January is imported later. A
    sighting is earlier by day, then by export file and line, so the merge does not depend
    on the order of imports. The team is the first sighting's; the name is the first name
    any sighting gives (agent events name agents, contact records do not), else the id.
    """

    def __init__(self, team_id: str) -> None:
        self.team_id = team_id
        self.first_seen: dict[str, tuple[date, str, str | None]] = {}  # day, origin, team
        self.names: dict[str, tuple[tuple, str]] = {}  # agent -> (sighting key, name)
        self.named_in: dict[str, set[str]] = {}  # agent -> exports naming it

    def see(
        self,
        agent: str,
        when: date,
        origin: str,
        *,
        name: str | None = None,
        team: str | None = None,
    ) -> None:
        day = when.date() if isinstance(when, datetime) else when
        key = (day, _origin_key(origin))
        current = self.first_seen.get(agent)
        if current is None or key < (current[0], _origin_key(current[1])):
            self.first_seen[agent] = (day, origin, team)
        if name and (agent not in self.names or key < self.names[agent][0]):
            self.names[agent] = (key, name)
        self.named_in.setdefault(agent, set()).add(_origin_key(origin)[0])

    def write(
        self,
        out: Path,
        file_name: str,
        result: ImportResult,
        name: Callable[[str], str] = str.title,
    ) -> int:
        """Merge with the roster file already in `out` and write it; return its rows."""
        path = out / "agents" / file_name
        merged = {row["agent_id"]: row for row in _read_roster(path)}
        for agent, (day, origin, team) in self.first_seen.items():
            given = self.names.get(agent, (None, None))[1]
            earlier = merged.get(agent)
            if earlier is None or (day, _origin_key(origin)) < (
                date.fromisoformat(earlier["valid_from"]),
                _origin_key(earlier["source_ref"]),
            ):
                merged[agent] = {
                    "agent_id": agent, "name": name(agent), "team_id": team or self.team_id,
                    "role": "agent", "valid_from": day, "source_ref": origin,
                }  # fmt: skip
                if earlier is not None and earlier["name"] != name(agent):
                    merged[agent]["name"] = earlier["name"]  # a name an earlier import gave
            if given and merged[agent]["name"] == name(agent):
                merged[agent]["name"] = given
        for exports in self.named_in.values():
            for export in exports:
                result.agents_named[export] += 1
        rows = write_source(out, "agents", file_name, (merged[a] for a in sorted(merged)))
        result.derived[f"agents/{file_name}"] = rows
        return rows


def _read_roster(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"agent_id", "valid_from", "source_ref"} <= set(rows[0]):
        raise ImportFormatError(f"{path}: not a roster an import wrote; move it away first")
    return rows


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_reports(out: Path, fmt: str, inputs: Sequence[Path], result: ImportResult) -> list[Path]:
    """Per export: its counts (they add up to its rows) and every unusable row with its
    reason. Nothing in them depends on other exports, so they do not change when another
    export is imported before or after."""
    reports = out / REPORTS_DIR
    written = []
    for path in inputs:
        export = path.name
        consumed = {s: n for (e, s), n in sorted(result.consumed.items()) if e == export}
        report = {
            "format": fmt,
            "export": export,
            "export_sha256": sha256_of(path),
            "input_rows": result.input_rows[export],
            "consumed": consumed,
            "unusable": dict(sorted(result.reasons(export).items())),
            "written": {f: result.written[f] for f in sorted(result.outputs.get(export, []))},
            "agents_named": result.agents_named[export],
        }
        report_path = reports / f"{export}.report.json"
        _write_if_changed(report_path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        text, _count = _csv_text(
            ["file", "line", "reason", "detail"],
            ([u.file, u.line, u.reason, u.detail] for u in result.unusable if u.file == export),
        )
        _write_if_changed(reports / f"{export}.unusable_rows.csv", text)
        written.append(report_path)
    return written
