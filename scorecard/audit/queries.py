"""Reading query results as plain rows, for explain and the report."""

from __future__ import annotations

import duckdb


def records(conn: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """Every row of a query as a dict by column name."""
    cursor = conn.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
