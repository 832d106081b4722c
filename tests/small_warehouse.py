"""A work database written by hand with the relations publication reads, no dbt build.

For publication scenarios (archive, swap, restatement differences, held months) where the
build is not what is under test: a few agents and months, a few columns per table, in a
second instead of a build's minute.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from scorecard.publishing.tables import published_tables

# Published table -> its columns besides month (every month-keyed table has `month date`).
COLUMNS = {
    "fct_agent_monthly": "agent_id varchar, calls_handled integer",
    "fct_indicator_monthly": "entity_id varchar, grain varchar, indicator_code varchar, "
    "value decimal(18, 4)",
    "mart_indicator_scores": "scheme_id varchar, agent_id varchar, rule_id varchar, "
    "indicator_code varchar, value decimal(18, 4), points decimal(18, 2)",
    "mart_agent_scores": "scheme_id varchar, agent_id varchar, total_score decimal(18, 2), "
    "grade varchar, rank_in_center integer",
    "mart_team_scores": "scheme_id varchar, team_id varchar, agents integer",
    "mart_pay_items": "scheme_id varchar, agent_id varchar, item varchar, amount decimal(18, 2)",
    "mart_agent_flags": "scheme_id varchar, agent_id varchar, flag varchar",
    "dim_agent": "agent_id varchar, name varchar, team_id varchar",
    "dim_scheme": "scheme_id varchar, version integer",
    "dim_scheme_rule": "scheme_id varchar, version integer, rule_id varchar",
    "load_log": "load_id bigint, source_file varchar, file_hash varchar, load_status varchar",
}
AGENTS = ("A1", "A2")
SCHEME = "demo"


def small_warehouse(warehouse: Path, months: Sequence[str] = ("2026-01",)) -> Path:
    """warehouse/work.duckdb: every published relation, two agents' calls and scores in
    each month, loaded by load 1 (one calls file)."""
    warehouse.mkdir(parents=True, exist_ok=True)
    tables = published_tables()
    with duckdb.connect(str(warehouse / "work.duckdb")) as work:
        work.execute("create schema marts; create schema staging; create schema intermediate")
        for name, relation in {**tables.monthly, **tables.shared}.items():
            month = "month date, " if name in tables.monthly else ""
            work.execute(f"create table {relation} ({month}{COLUMNS[name]})")
        work.execute(
            "create table intermediate.int_source_rows__daily "
            "(month date, load_id bigint, source_name varchar, row_count bigint)"
        )
        work.execute(
            "insert into staging.stg_warehouse__load_log "
            "values (1, 'calls/calls.csv', 'hash-1', 'loaded')"
        )
        for agent in AGENTS:
            work.execute("insert into marts.dim_agent values (?, ?, 'T01')", [agent, agent])
        work.execute(f"insert into marts.dim_scheme values ('{SCHEME}', 1)")
        work.execute(f"insert into marts.dim_scheme_rule values ('{SCHEME}', 1, 'R1')")
        for month in months:
            for rank, agent in enumerate(AGENTS, start=1):
                calls = 10 * rank
                add_month_rows(work, month, agent, calls, total=80 + rank, rank=rank)
            work.execute(
                "insert into intermediate.int_source_rows__daily values (?, 1, 'calls', ?)",
                [f"{month}-01", 10 * sum(range(1, len(AGENTS) + 1))],
            )
    return warehouse


def add_month_rows(
    work: duckdb.DuckDBPyConnection, month: str, agent: str, calls: int, total: float, rank: int
) -> None:
    day = f"{month}-01"
    work.execute("insert into marts.fct_agent_monthly values (?, ?, ?)", [day, agent, calls])
    work.execute(
        "insert into marts.fct_indicator_monthly values (?, ?, 'agent', 'calls_handled', ?)",
        [day, agent, calls],
    )
    work.execute(
        "insert into marts.mart_indicator_scores values (?, ?, ?, 'R1', 'calls_handled', ?, ?)",
        [day, SCHEME, agent, calls, total],
    )
    work.execute(
        "insert into marts.mart_agent_scores values (?, ?, ?, ?, 'B', ?)",
        [day, SCHEME, agent, total, rank],
    )
    work.execute(
        "insert into marts.mart_pay_items values (?, ?, ?, 'grade_bonus', 100)",
        [day, SCHEME, agent],
    )


def late_calls(warehouse: Path, month: str, agent: str, calls: int) -> None:
    """A second load (load 2) adds `calls` answered calls of `month` for `agent`: its
    calls, the calls-handled rule and the total move by as many."""
    with duckdb.connect(str(warehouse / "work.duckdb")) as work:
        work.execute(
            "insert into staging.stg_warehouse__load_log "
            "values (2, 'calls/late.csv', 'hash-2', 'loaded')"
        )
        work.execute(
            "insert into intermediate.int_source_rows__daily values (?, 2, 'calls', ?)",
            [f"{month}-01", calls],
        )
        for table, column in (
            ("fct_agent_monthly", "calls_handled"),
            ("fct_indicator_monthly", "value"),
        ):
            key = "agent_id" if table == "fct_agent_monthly" else "entity_id"
            work.execute(
                f"update marts.{table} set {column} = {column} + ? where {key} = ? and month = ?",
                [calls, agent, f"{month}-01"],
            )
        work.execute(
            "update marts.mart_indicator_scores set value = value + ?, points = points + ? "
            "where agent_id = ? and month = ?",
            [calls, calls, agent, f"{month}-01"],
        )
        work.execute(
            "update marts.mart_agent_scores set total_score = total_score + ? "
            "where agent_id = ? and month = ?",
            [calls, agent, f"{month}-01"],
        )
