"""DDL of the raw layer, derived from the contract.

`raw.<source>` holds every version of every valid row (append-only, superseded rows stay
queryable); `raw.quarantine` holds rows that violate the contract; `raw.load_log` holds
one row per file and load attempt.
"""

from __future__ import annotations

import duckdb

from scorecard import contract
from scorecard.contract import LINEAGE_COLUMNS, SOURCES, Source

SQL_TYPES = {
    contract.TEXT: "varchar",
    contract.ENUM: "varchar",
    contract.TIMESTAMP: "timestamp",  # UTC
    contract.DATE: "date",
    contract.MONTH: "date",  # first day of the month
    contract.INTEGER: "bigint",
    contract.NUMBER: "double",
    contract.MONEY: "decimal(18, 2)",
    contract.BOOLEAN: "boolean",
}

LOAD_LOG_DDL = """
create table if not exists raw.load_log (
    load_id bigint primary key,
    batch_id varchar not null,
    source varchar not null,
    file_path varchar not null,
    file_hash varchar,
    file_bytes bigint,
    status varchar not null,  -- loaded | skipped | failed
    error varchar,
    rows_read bigint,
    rows_loaded bigint,
    rows_duplicate bigint,
    rows_superseding bigint,
    rows_quarantined bigint,
    quarantine_reasons varchar,  -- JSON object: reason -> count
    line_numbers_exact boolean,
    started_at timestamp not null,
    finished_at timestamp,
    encoding varchar,  -- a CSV file's: utf-8 | gb18030 (NULL for a workbook sheet)
    sheet varchar,  -- the workbook sheet loaded (NULL for a CSV file)
    -- size:mtime_ns:ctime_ns:inode:device of a CSV file before it was read (loader.py,
    -- _stat_signature); NULL when not trusted. The next build skips hashing a file
    -- whose signature is unchanged.
    file_signature varchar
)
"""
# Columns load_log gained after warehouses already existed: added on the next load.
LOAD_LOG_ADDED_COLUMNS = (
    ("encoding", "varchar"),
    ("sheet", "varchar"),
    ("file_signature", "varchar"),
)

QUARANTINE_DDL = """
create table if not exists raw.quarantine (
    load_id bigint not null,
    batch_id varchar not null,
    source varchar not null,
    source_file varchar not null,
    file_hash varchar not null,
    line_number bigint,
    reason varchar not null,
    field varchar,
    message varchar not null,
    raw_text varchar,
    quarantined_at timestamp not null
)
"""


def raw_columns(source: Source) -> list[tuple[str, str]]:
    """(name, SQL type) of a raw table: contract columns as stored, then lineage."""
    typed = [(c.stored_name, SQL_TYPES[c.kind]) for c in source.columns]
    return typed + list(LINEAGE_COLUMNS)


# Computed on read rather than stored: a unique string per row is costly to write.
ROW_KEY_DEFINITION = "as (left(_file_hash, 16) || ':' || cast(_line_number as varchar)) virtual"


def raw_table_ddl(source: Source) -> str:
    columns = ",\n    ".join(
        f'"{name}" {sql_type}' + (f" {ROW_KEY_DEFINITION}" if name == "_row_key" else "")
        for name, sql_type in raw_columns(source)
    )
    return f"create table if not exists raw.{source.name} (\n    {columns}\n)"


def ensure_raw_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and every raw table if they do not exist yet, and add the
    columns a table gained after the warehouse was created (rows load by name).

    Every source's load calls it: what exists is read once, and only what is missing is
    created (a statement per table and column took half a second a night at L)."""
    conn.execute("create schema if not exists raw")
    tables = {name for (name,) in conn.execute(_RAW_TABLES_SQL).fetchall()}
    for table, ddl in (
        ("load_log", LOAD_LOG_DDL),
        ("quarantine", QUARANTINE_DDL),
        *((source.name, raw_table_ddl(source)) for source in SOURCES),
    ):
        if table not in tables:
            conn.execute(ddl)
    present = set(conn.execute(_RAW_COLUMNS_SQL).fetchall())
    wanted = [("load_log", name, sql_type) for name, sql_type in LOAD_LOG_ADDED_COLUMNS]
    for source in SOURCES:
        wanted += [(source.name, name, t) for name, t in raw_columns(source) if name != "_row_key"]
    for table, name, sql_type in wanted:
        if (table, name) not in present:
            conn.execute(f'alter table raw.{table} add column "{name}" {sql_type}')


_RAW_TABLES_SQL = "select table_name from information_schema.tables where table_schema = 'raw'"
_RAW_COLUMNS_SQL = (
    "select table_name, column_name from information_schema.columns where table_schema = 'raw'"
)
