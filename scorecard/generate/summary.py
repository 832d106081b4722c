"""What a generation run wrote: per-file row counts and the injected bad rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "_generated.json"


@dataclass(frozen=True)
class BadRow:
    file: str  # relative to the output directory, e.g. "calls/calls_2026-09.csv"
    line: int  # physical line, header = 1
    kind: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "kind": self.kind}


@dataclass
class GenerationSummary:
    out_dir: Path
    arguments: dict[str, Any]
    files: dict[str, int] = field(default_factory=dict)  # relative path -> data rows
    bad_rows: list[BadRow] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.files.values())

    def rows(self, source: str) -> int:
        """Data rows over all files of one source (bad rows included)."""
        return sum(n for path, n in self.files.items() if path.split("/")[0] == source)

    def bad_in(self, path: str) -> int:
        return sum(1 for b in self.bad_rows if b.file == path)

    def manifest(self) -> dict[str, Any]:
        return {
            "arguments": self.arguments,
            "files": dict(sorted(self.files.items())),
            "bad_rows": [
                b.as_dict() for b in sorted(self.bad_rows, key=lambda b: (b.file, b.line))
            ],
            "totals": {
                "files": len(self.files),
                "rows": self.total_rows,
                "bad_rows": len(self.bad_rows),
            },
        }

    def describe(self) -> str:
        width = max([len("file"), *(len(p) for p in self.files)])
        lines = [f"{'file':<{width}}  {'rows':>9}  {'bad':>4}"]
        for path, rows in sorted(self.files.items()):
            lines.append(f"{path:<{width}}  {rows:>9,}  {self.bad_in(path):>4}")
        total = f"total ({len(self.files)} files)"
        lines.append(f"{total:<{width}}  {self.total_rows:>9,}  {len(self.bad_rows):>4}")
        lines.append(f"written to {self.out_dir} (manifest: {MANIFEST_NAME})")
        return "\n".join(lines)
