"""SQL text built in Python: the one way this project quotes a value into a statement."""

from __future__ import annotations

from pathlib import Path


def sql_literal(value: str | Path) -> str:
    """A string (or a path) as a SQL string literal: single quotes doubled."""
    return "'" + str(value).replace("'", "''") + "'"
