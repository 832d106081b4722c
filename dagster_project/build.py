"""`scorecard build`: the Dagster job, executed in this process, with a readable summary."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from dagster import DagsterInstance

from dagster_project.definitions import build_definitions
from dagster_project.jobs import SCORECARD_JOB_NAME
from dagster_project.resources import WarehouseResource, dbt_executable, dbt_vars
from dagster_project.settings import DBT_PROJECT_DIR, Settings
from dagster_project.summary import print_summary

_LOG_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def run_dbt(warehouse_dir: Path, args: list[str]) -> int:
    """Run dbt on a warehouse's work database, adding the vars a build passes."""
    env = Settings.from_env(warehouse_dir)
    if "--vars" not in args and args and not args[0].startswith("-"):
        args = [*args, "--vars", json.dumps(dbt_vars(env.timezone))]
    process_env = {**os.environ, "SCORECARD_DUCKDB_PATH": str(env.work_database)}
    return subprocess.call([dbt_executable(), *args], cwd=DBT_PROJECT_DIR, env=process_env)


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
        print_summary(
            env.work_database,
            env.warehouse_dir / "dbt_target" / "run_results.json",
            result.run_id,
            result.success,
        )
    if not result.success:
        for event in result.get_step_failure_events():
            error = event.step_failure_data.error
            detail = event.step_failure_data.user_failure_data
            message = detail.description if detail and detail.description else error.message
            print(f"FAILED {event.step_key}: {message.strip()}", file=sys.stderr)
        return 1
    print(f"Work database: {env.work_database}")
    return 0
