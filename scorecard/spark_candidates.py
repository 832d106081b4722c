"""After a build with the Spark engine: Spark's tables in the work database.

The gate, the publication and `explain` read the work database. When Spark ran the dbt
project (`scorecard build --engine spark`, docs/scale-out.md), its build ends by writing
every table it built, through Spark, as Parquet under <warehouse>/spark-export/<schema>/
<table>/ (dbt/macros/spark_export_models.sql). Here each of those folders replaces the
table of the same name in the work database; the build then has dbt create the project's
views over them on DuckDB (dbt_runner.create_views_on_duckdb: views hold no data, so this
costs seconds), so every later step reads
exactly the values Spark computed, under the names a DuckDB build gives them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from scorecard.settings import WarehousePaths
from scorecard.sql_text import sql_literal


class SparkExportError(RuntimeError):
    """The Spark build's export is missing or incomplete: nothing is replaced."""


def exported_tables(export_dir: Path) -> dict[str, list[Path]]:
    """`schema.table` -> its Parquet files, for every table the Spark build exported."""
    if not export_dir.is_dir():
        raise SparkExportError(f"{export_dir} is missing: the Spark build exported nothing")
    tables = {}
    for table_dir in sorted(export_dir.glob("*/*")):
        if not table_dir.is_dir():
            continue
        files = sorted(table_dir.glob("*.parquet"))
        if not files:
            raise SparkExportError(f"{table_dir} holds no Parquet file: the export is incomplete")
        tables[f"{table_dir.parent.name}.{table_dir.name}"] = files
    if not tables:
        raise SparkExportError(f"{export_dir} holds no table: the Spark build exported nothing")
    return tables


def import_spark_export(work: duckdb.DuckDBPyConnection, export_dir: Path) -> list[str]:
    """Replace the work database's tables by the Spark build's export, in one transaction.

    Returns the tables replaced (`schema.table`). A view of the same name (left by a
    DuckDB build of an older project) is dropped first: the export is what the project
    builds now.
    """
    tables = exported_tables(export_dir)
    views = {
        f"{schema}.{name}"
        for schema, name in work.execute(
            "select schema_name, view_name from duckdb_views() "
            "where database_name = current_database() and not internal"
        ).fetchall()
    }
    work.execute("begin")
    try:
        for relation, files in tables.items():
            schema = relation.split(".")[0]
            work.execute(f"create schema if not exists {schema}")
            if relation in views:
                work.execute(f"drop view {relation}")
            # A list of files, not a glob: `[`, `*` or `?` in a warehouse path is no pattern.
            listed = ", ".join(sql_literal(str(path)) for path in files)
            work.execute(
                f"create or replace table {relation} as select * from read_parquet([{listed}])"
            )
        work.execute("commit")
    except Exception:
        work.execute("rollback")
        raise
    return list(tables)


def clear_spark_export(paths: WarehousePaths) -> None:
    """Before a Spark build: no table of an older build may be taken for tonight's."""
    shutil.rmtree(paths.spark_export, ignore_errors=True)
