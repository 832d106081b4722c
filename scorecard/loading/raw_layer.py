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

RAW_DIR = "raw"
SCHEMA_FILE = "schema.parquet"
# raw table -> its load id column
TABLES = {
    "load_log": "load_id",
    "quarantine": "load_id",
    **{source.name: "_load_id" for source in SOURCES},
}


def load_file_name(load_id: int) -> str:
    return f"load-{load_id:09d}.parquet"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


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
        return cls(Path(row[0]).resolve().parent / RAW_DIR)

    def _copy(self, conn: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")  # hidden from readers of the folder
        conn.execute(f"copy ({query}) to {_sql_text(str(temporary))} (format parquet)")
        temporary.replace(path)

    def write_load(self, conn: duckdb.DuckDBPyConnection, load_id: int, source: str) -> None:
        """The rows load `load_id` added to raw.<source>, raw.quarantine and raw.load_log."""
        for table in ("load_log", "quarantine", source):
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

    def ensure_schemas(self, conn: duckdb.DuckDBPyConnection) -> None:
        """`schema.parquet` (no rows) for every raw table that has no file yet."""
        for table in TABLES:
            folder = self.root / table
            if folder.is_dir() and any(folder.glob("*.parquet")):
                continue
            self._copy(conn, f"select * from raw.{table} limit 0", folder / SCHEMA_FILE)
