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
    sheet varchar  -- the workbook sheet loaded (NULL for a CSV file)
)
"""
# Columns load_log gained after warehouses already existed: added on the next load.
LOAD_LOG_ADDED_COLUMNS = (("encoding", "varchar"), ("sheet", "varchar"))

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
    """Create the raw schema and every raw table if they do not exist yet."""
    conn.execute("create schema if not exists raw")
    conn.execute(LOAD_LOG_DDL)
    for name, sql_type in LOAD_LOG_ADDED_COLUMNS:
        conn.execute(f"alter table raw.load_log add column if not exists {name} {sql_type}")
    conn.execute(QUARANTINE_DDL)
    for source in SOURCES:
        conn.execute(raw_table_ddl(source))
        # A warehouse created before a contract column was added gains it (rows load by name).
        for name, sql_type in raw_columns(source):
            if name != "_row_key":
                conn.execute(
                    f'alter table raw.{source.name} add column if not exists "{name}" {sql_type}'
                )
