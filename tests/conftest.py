"""Shared helpers: write small hand-made exports and load them into a fresh warehouse."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from scorecard.loading.loader import FileLoad, load_sources
from scorecard.settings import Settings

ROSTER_HEADER = "agent_id,name,team_id,role,site,hire_date,leave_date,valid_from"
ROSTER_ROWS = [
    "A1,王芳,T01,agent,Beijing,2026-01-01,,2026-01-01",
    "A2,李强,T01,team_lead,Beijing,2026-01-01,,2026-01-01",
    "Q1,张敏,T01,qa_inspector,Beijing,2026-01-01,,2026-01-01",
]
CALLS_HEADER = (
    "call_id,agent_id,queue,direction,customer_id,offered_at,answered_at,ended_at,"
    "talk_seconds,hold_seconds,acw_seconds,disposition"
)


def write_export(
    path: Path, header: str, rows: list[str], *, bom: bool = False, crlf: bool = False
) -> Path:
    """Write a CSV export exactly as given (byte-level control over BOM and line ends)."""
    newline = "\r\n" if crlf else "\n"
    text = newline.join([header, *rows]) + newline
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


class Warehouse:
    """A throw-away warehouse with an input directory, loaded by the real loader."""

    def __init__(self, root: Path) -> None:
        self.input_dir = root / "input"
        self.settings = Settings(warehouse_dir=root / "warehouse")
        self.settings.warehouse_dir.mkdir(parents=True)
        self.batches = 0
        write_export(self.input_dir / "agents" / "agents.csv", ROSTER_HEADER, ROSTER_ROWS)

    def load(
        self,
        sources: list[str] | None = None,
        as_of: date | None = None,
        progress: Callable[[str], None] = lambda _message: None,
    ) -> list[FileLoad]:
        """Load the given sources (all by default), always with the roster they refer to.

        as_of: the day the run takes as today (default: today in the center's zone).
        """
        self.batches += 1
        if sources is not None:
            sources = ["agents", *sources]
        with duckdb.connect(str(self.settings.work_database)) as conn:
            return load_sources(
                conn,
                self.input_dir,
                self.settings,
                f"batch-{self.batches}",
                sources,
                progress=progress,
                as_of=as_of,
            )

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.settings.work_database), read_only=True) as conn:
            return conn.execute(sql, params or []).fetchall()


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    yield Warehouse(tmp_path)
