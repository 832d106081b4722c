"""`scorecard build`: the Dagster job, executed in this process, with a readable summary."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from dagster import DagsterInstance

from dagster_project.definitions import build_definitions
from dagster_project.jobs import SCORECARD_JOB_NAME
from dagster_project.resources import WarehouseResource, dbt_executable, dbt_vars
from dagster_project.settings import DBT_PROJECT_DIR, Settings

_LOG_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def load_summary(work_database: Path, batch_id: str) -> list[tuple]:
    """(file, status, read, loaded, duplicates, quarantined, reasons or error) of one run."""
    with duckdb.connect(str(work_database), read_only=True) as conn:
        return conn.execute(
            "select file_path, status, rows_read, rows_loaded, rows_duplicate, rows_quarantined, "
            "case when status = 'loaded' then quarantine_reasons else error end "
            "from raw.load_log where batch_id = ? order by load_id",
            [batch_id],
        ).fetchall()


def staged_counts(work_database: Path) -> list[tuple[str, int]]:
    """Rows in each staging model: what the build made available downstream."""
    with duckdb.connect(str(work_database), read_only=True) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'staging' order by table_name"
            ).fetchall()
        ]
        return [
            (name, conn.execute(f'select count(*) from staging."{name}"').fetchone()[0])
            for name in names
        ]


def dbt_outcome(run_results: Path, work_database: Path) -> tuple[dict[str, int], list[str]]:
    """Counts of dbt node statuses, and lines for each node that did not pass.

    A failed test that stores its failures (the scheme validations do) also shows its
    first rows, which say what is wrong with the seed.
    """
    if not run_results.exists():
        return {}, []
    results = json.loads(run_results.read_text())["results"]
    counts: dict[str, int] = {}
    problems = []
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
        if result["status"] in ("success", "pass", "skipped"):
            continue
        message = " ".join((result.get("message") or "").strip().splitlines())[:300]
        problems.append(f"{result['status']}: {result['unique_id']}: {message}")
        if result["status"] == "fail" and result.get("relation_name"):
            problems += [
                f"    {row}" for row in failing_rows(work_database, result["relation_name"])
            ]
    return counts, problems


def failing_rows(work_database: Path, relation: str, limit: int = 5) -> list[str]:
    with duckdb.connect(str(work_database), read_only=True) as conn:
        cursor = conn.execute(f"select * from {relation} limit {limit}")
        names = [column[0] for column in cursor.description]
        return [
            ", ".join(f"{n}={v}" for n, v in zip(names, row, strict=True) if v is not None)
            for row in cursor.fetchall()
        ]


# A glance at the wide fact for the demo; columns absent from the catalog are left out.
PREVIEW_COLUMNS = (
    "agent_id",
    "month",
    "team_id",
    "role",
    "calls_handled",
    "aht_seconds",
    "answer_rate",
    "fcr_rate",
    "qa_avg_score",
    "csat_rate",
    "attendance_days",
    "cpi_score",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.3f}"
    return str(value)


def agent_monthly_preview(work_database: Path, limit: int = 5) -> str:
    """The first rows of marts.fct_agent_monthly as an aligned text table."""
    with duckdb.connect(str(work_database), read_only=True) as conn:
        existing = {
            name
            for (name,) in conn.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = 'fct_agent_monthly'"
            ).fetchall()
        }
        columns = [c for c in PREVIEW_COLUMNS if c in existing]
        if not columns:
            return ""
        rows = conn.execute(
            f"select {', '.join(columns)} from marts.fct_agent_monthly "
            f"where calls_handled > 0 order by month, agent_id limit {limit}"
            if "calls_handled" in existing
            else f"select {', '.join(columns)} from marts.fct_agent_monthly limit {limit}"
        ).fetchall()
    return _text_table(columns, rows)


DEMO_SCHEME = "call_center_kpi_cpi"


def ranking_preview(work_database: Path, scheme_id: str = DEMO_SCHEME, limit: int = 5) -> str:
    """The top of the latest month's ranking under one scheme, as a text table."""
    with duckdb.connect(str(work_database), read_only=True) as conn:
        if not conn.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'mart_agent_scores'"
        ).fetchone()[0]:
            return ""
        cursor = conn.execute(
            "select month, rank_in_center as rank, agent_id, team_id, "
            "round(kpi_points, 1) as kpi, round(cpi_points, 1) as cpi, "
            "round(total_score, 2) as total, grade, bonus_amount "
            "from marts.mart_agent_scores "
            "where scheme_id = ? and eligible "
            "and month = (select max(month) from marts.mart_agent_scores where scheme_id = ?) "
            f"order by rank_in_center, agent_id limit {limit}",
            [scheme_id, scheme_id],
        )
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    return _text_table(columns, rows)


def _text_table(columns: list[str], rows: list[tuple]) -> str:
    cells = [columns] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in cells
    )


def run_dbt(warehouse_dir: Path, args: list[str]) -> int:
    """Run dbt on a warehouse's work database, adding the vars a build passes."""
    env = Settings.from_env(warehouse_dir)
    if "--vars" not in args and args and not args[0].startswith("-"):
        args = [*args, "--vars", json.dumps(dbt_vars(env.timezone))]
    process_env = {**os.environ, "SCORECARD_DUCKDB_PATH": str(env.work_database)}
    return subprocess.call([dbt_executable(), *args], cwd=DBT_PROJECT_DIR, env=process_env)


def format_summary(rows: list[tuple]) -> str:
    header = ("file", "status", "read", "loaded", "dupes", "quarantined", "detail")
    table = [header, *[tuple("" if v is None else str(v) for v in row) for row in rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    lines = []
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        detail = "" if row[-1] in ("{}", "") else row[-1]
        lines.append("  ".join(cells) + ("  " + detail if detail else ""))
    return "\n".join(lines)


def run_build(input_dir: Path, warehouse_dir: Path) -> int:
    if not input_dir.is_dir():
        print(f"scorecard build: input directory {input_dir} does not exist", file=sys.stderr)
        return 2
    env = Settings.from_env(warehouse_dir)
    warehouse = WarehouseResource(
        input_dir=str(input_dir.resolve()),
        warehouse_dir=str(env.warehouse_dir),
        timezone=env.timezone,
        customer_salt=env.customer_salt,
    )
    job = build_definitions(warehouse).resolve_job_def(SCORECARD_JOB_NAME)
    # Dagster's step log (progress) goes to stderr; dbt's per-node output to a log file.
    log_dir = env.warehouse_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    build_log = log_dir / f"build-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.log"
    print(f"Building {input_dir} into {env.warehouse_dir} (dbt output: {build_log})")
    with (
        build_log.open("w") as log,
        contextlib.redirect_stdout(log),
        DagsterInstance.ephemeral() as instance,
    ):
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config=_LOG_CONFIG
        )
    if env.work_database.exists():
        rows = load_summary(env.work_database, result.run_id)
        print(f"Loaded files (batch {result.run_id}):")
        print(format_summary(rows) if rows else "  nothing new to load")
    counts, problems = dbt_outcome(
        env.warehouse_dir / "dbt_target" / "run_results.json", env.work_database
    )
    if counts:
        print("dbt build: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    for problem in problems:
        print("  " + problem)
    if not result.success:
        for event in result.get_step_failure_events():
            error = event.step_failure_data.error
            detail = event.step_failure_data.user_failure_data
            message = detail.description if detail and detail.description else error.message
            print(f"FAILED {event.step_key}: {message.strip()}", file=sys.stderr)
        return 1
    print("Staged rows:")
    for name, count in staged_counts(env.work_database):
        print(f"  {name:<45} {count:>10,}")
    preview = agent_monthly_preview(env.work_database)
    if preview:
        print("fct_agent_monthly (first rows):")
        print(preview)
    ranking = ranking_preview(env.work_database)
    if ranking:
        print(f"Ranking under {DEMO_SCHEME} (top of the latest month):")
        print(ranking)
    print(f"Work database: {env.work_database}")
    return 0
