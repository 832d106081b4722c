"""Reading the publication record: the archive's log, and any table as of a publication.

    <warehouse>/publications/000007/   one directory per publication (never changed once
        publication.json               renamed into place): its log entry, the months it
        <table>.parquet                published of every month-keyed table, the shared
                                       tables (dims, load_log) and restatement differences

For every month the rows come from the latest publication that published that month, so
reading "as of publication P" is the same assembly restricted to publications up to P.
Writing the archive and the published files: publisher.py.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from scorecard.publishing.plan import PublishedMonth, latest_by_month
from scorecard.publishing.tables import PublishedTables, published_tables
from scorecard.settings import WarehousePaths
from scorecard.sql_text import sql_literal

ENTRY_FILE = "publication.json"

# Written by every publication (empty unless it is a restatement); published as a union.
# Difference table -> the month-keyed table it compares (changes.py).
DIFF_TABLES = {
    "restatement_indicator_diff": "mart_indicator_scores",
    "restatement_score_diff": "mart_agent_scores",
}

LOG_COLUMNS = {
    "publication_id": "integer",
    "published_at": "timestamptz",
    "as_of": "date",
    "months": "varchar[]",
    "provisional_months": "varchar[]",
    "final_months": "varchar[]",
    "restated_month": "varchar",
    "restatement_reason": "varchar",
    "input_file_hashes": "varchar[]",
    "code_version": "varchar",
    "gate_result": "varchar",
    "row_counts": "json",
    "last_load_id": "bigint",
    "run_id": "varchar",
    "schemes_from": "varchar",  # the warehouse's --schemes-from month (issue 14), if set
}


def month_list(months: Sequence[str]) -> str:
    return ", ".join(f"date '{m}-01'" for m in months)


class PublicationArchive:
    """The committed publications of one warehouse, read-only.

    `tables` defaults to the models the dbt project marks as published (tables.py).
    """

    def __init__(self, warehouse_dir: Path, tables: PublishedTables | None = None) -> None:
        self.warehouse_dir = warehouse_dir
        paths = WarehousePaths(warehouse_dir)
        self.root = paths.publication_archive
        self.published_database = paths.published_database
        self.published_parquet = paths.published_parquet
        self._tables = tables
        self._entries: dict[str, dict] = {}  # committed entries never change: read each once

    @property
    def tables(self) -> PublishedTables:
        if self._tables is None:
            self._tables = published_tables()
        return self._tables

    def log(self, up_to: int | None = None) -> list[dict]:
        """Every committed publication's entry, oldest first."""
        if not self.root.is_dir():
            return []
        for entry_dir in self.root.iterdir():
            if entry_dir.name.isdigit() and entry_dir.name not in self._entries:
                text = (entry_dir / ENTRY_FILE).read_text(encoding="utf-8")
                self._entries[entry_dir.name] = json.loads(text)
        entries = sorted(self._entries.values(), key=lambda e: e["publication_id"])
        return [e for e in entries if up_to is None or e["publication_id"] <= up_to]

    def latest_by_month(self, up_to: int | None = None) -> dict[str, PublishedMonth]:
        return latest_by_month(self.log(up_to))

    def last_load_id(self) -> int:
        """The newest file load any publication was built from (0 before the first).

        A recreated work database numbers its loads after this, so "rows loaded since
        publication P" keeps its meaning."""
        return max((e["last_load_id"] for e in self.log()), default=0)

    def entry_dir(self, publication_id: int) -> Path:
        return self.root / f"{publication_id:06d}"

    def current_publication_id(self) -> int | None:
        """The publication the published files show (the Parquet symlink names it)."""
        if not self.published_parquet.is_symlink() or not self.published_database.exists():
            return None
        target = os.readlink(self.published_parquet)
        return int(Path(target).name) if Path(target).name.isdigit() else None

    def monthly_sql(
        self, table: str, up_to: int | None = None, months: Sequence[str] | None = None
    ) -> str | None:
        """SQL over the archive: each month's rows from its latest publication up to `up_to`."""
        latest = self.latest_by_month(up_to)
        by_publication: dict[int, list[str]] = {}
        for month, published in sorted(latest.items()):
            if months is None or month in months:
                by_publication.setdefault(published.publication_id, []).append(month)
        parts = [
            f"select * from read_parquet({sql_literal(self.entry_dir(pid) / f'{table}.parquet')}) "
            f"where month in ({month_list(ms)})"
            for pid, ms in sorted(by_publication.items())
            if (self.entry_dir(pid) / f"{table}.parquet").exists()
        ]
        return " union all by name ".join(parts) or None

    def shared_sql(self, table: str, up_to: int | None) -> str | None:
        for entry in reversed(self.log(up_to)):
            path = self.entry_dir(entry["publication_id"]) / f"{table}.parquet"
            if path.exists():
                return f"select * from read_parquet({sql_literal(path)})"
        return None

    def diff_sql(self, table: str, up_to: int | None) -> str | None:
        paths = [self.entry_dir(e["publication_id"]) / f"{table}.parquet" for e in self.log(up_to)]
        paths = [p for p in paths if p.exists()]
        if not paths:
            return None
        return f"select * from read_parquet([{', '.join(sql_literal(p) for p in paths)}])"

    def assemble(self, conn: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[str]:
        """Create the published tables in `conn` as of publication `up_to` (default: latest)."""
        tables = []
        sources = (
            [(t, self.monthly_sql(t, up_to)) for t in self.tables.monthly]
            + [(t, self.shared_sql(t, up_to)) for t in self.tables.shared]
            + [(t, self.diff_sql(t, up_to)) for t in DIFF_TABLES]
        )
        for table, sql in sources:
            if sql is not None:
                conn.execute(f"create or replace table main.{table} as {sql}")
                tables.append(table)
        columns = ", ".join(f"{name} {kind}" for name, kind in LOG_COLUMNS.items())
        conn.execute(f"create or replace table main.publication_log ({columns})")
        for entry in self.log(up_to):
            conn.execute(
                f"insert into main.publication_log values ({', '.join('?' * len(LOG_COLUMNS))})",
                [log_row(entry)[name] for name in LOG_COLUMNS],
            )
        return [*tables, "publication_log"]


def log_row(entry: Mapping) -> dict:
    """A log entry (publication.json) as a row of the published publication_log."""
    statuses = entry["statuses"]
    return {
        "publication_id": entry["publication_id"],
        "published_at": entry["published_at"],
        "as_of": entry["as_of"],
        "months": sorted(statuses),
        "provisional_months": sorted(m for m, s in statuses.items() if s == "provisional"),
        "final_months": sorted(m for m, s in statuses.items() if s == "final"),
        "restated_month": entry.get("restated_month"),
        "restatement_reason": entry.get("restatement_reason"),
        "input_file_hashes": entry["input_files"],
        "code_version": entry["code_version"],
        "gate_result": json.dumps(entry["gate"], ensure_ascii=False),
        "row_counts": json.dumps(entry["row_counts"]),
        "last_load_id": entry["last_load_id"],
        "run_id": entry["run_id"],
        "schemes_from": entry.get("schemes_from"),
    }
