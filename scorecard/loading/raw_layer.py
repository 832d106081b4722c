"""The raw layer as Parquet, the record both engines read (docs/scale-out.md).

Beside the work database, under `<warehouse>/raw/`, the loader writes each load's rows:

    raw/<source>/load-<load_id>.parquet      the rows the load added to raw.<source>
    raw/quarantine/load-<load_id>.parquet    the rows it quarantined
    raw/load_log/load-<load_id>.parquet      its raw.load_log row

one file per source and load (a load adds rows to one source only), written as the load
commits. A table no load has written to yet gets `schema.parquet`, its columns and no rows,
so a reader of the folder always finds the table's schema. DuckDB keeps reading its own
raw tables (nothing changes for the user); dbt on Spark reads these folders as the raw
source tables (scorecard/spark/). The files hold what raw.* holds (customer ids only as
salted hashes), and are private like the work database.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from scorecard.contract import SOURCES
from scorecard.settings import WarehousePaths
from scorecard.sql_text import sql_literal

SCHEMA_FILE = "schema.parquet"
# raw table -> its load id column
TABLES = {
    "load_log": "load_id",
    "quarantine": "load_id",
    **{source.name: "_load_id" for source in SOURCES},
}


def load_file_name(load_id: int) -> str:
    return f"load-{load_id:09d}.parquet"


class RawLayer:
    """Writes the Parquet copy of the raw tables under `root` (`<warehouse>/raw`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def beside(cls, conn: duckdb.DuckDBPyConnection) -> RawLayer | None:
        """The raw layer of the warehouse whose work database `conn` opened; None for an
        in-memory database (tests that load into memory have no warehouse)."""
        row = conn.execute(
            "select path from duckdb_databases() where database_name = current_database()"
        ).fetchone()
        if not row or not row[0]:
            return None
        return cls(WarehousePaths(Path(row[0]).resolve().parent).raw_layer)

    def _copy(self, conn: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")  # hidden from readers of the folder
        conn.execute(f"copy ({query}) to {sql_literal(str(temporary))} (format parquet)")
        temporary.replace(path)

    def write_load(self, conn: duckdb.DuckDBPyConnection, load_id: int, source: str) -> None:
        """The rows load `load_id` added to raw.<source>, raw.quarantine and raw.load_log.

        The load_log file is written last: it marks the load's copy complete (reconcile).
        """
        for table in (source, "quarantine", "load_log"):
            column = TABLES.get(table)
            if column is None:
                continue
            count = conn.execute(
                f"select count(*) from raw.{table} where {column} = ?", [load_id]
            ).fetchone()[0]
            if count:
                self._copy(
                    conn,
                    f"select * from raw.{table} where {column} = {int(load_id)}",
                    self.root / table / load_file_name(load_id),
                )
        self.ensure_schemas(conn)

    def reconcile(self, conn: duckdb.DuckDBPyConnection) -> tuple[int, int]:
        """Make the copy hold exactly the committed loads, after a run that died mid-load.

        A load writes its files just before its transaction commits: a run killed between
        the two leaves files of a load the work database never kept (the next load reuses
        its id), and one killed during the writing leaves a committed load without its
        files. Both would make Spark read other rows than DuckDB. Returns (files removed,
        loads written again); called before every load step.
        """
        committed = dict(conn.execute("select load_id, source from raw.load_log").fetchall())
        removed = 0
        for table in TABLES:
            for path in (self.root / table).glob("load-*.parquet"):
                if int(path.stem.removeprefix("load-")) not in committed:
                    path.unlink()
                    removed += 1
        incomplete = [
            load_id
            for load_id in sorted(committed)
            if not (self.root / "load_log" / load_file_name(load_id)).exists()
        ]
        for load_id in incomplete:
            self.write_load(conn, load_id, committed[load_id])
        return removed, len(incomplete)

    def ensure_schemas(self, conn: duckdb.DuckDBPyConnection) -> None:
        """`schema.parquet` (no rows) for every raw table that has no file yet."""
        for table in TABLES:
            folder = self.root / table
            if folder.is_dir() and any(folder.glob("*.parquet")):
                continue
            self._copy(conn, f"select * from raw.{table} limit 0", folder / SCHEMA_FILE)
