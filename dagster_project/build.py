"""`scorecard build` and `scorecard restate`: the Dagster job, executed in this process."""

from __future__ import annotations

import contextlib
import sys
from datetime import UTC, datetime
from pathlib import Path

from dagster import DagsterInstance

from dagster_project.console import quiet_execution_plan_notices
from dagster_project.definitions import build_definitions
from dagster_project.jobs import SCORECARD_JOB_NAME
from dagster_project.partitions import FIRST_MONTH, month_partitions, range_tags
from dagster_project.resources import WarehouseResource
from dagster_project.run_parameters import RunParameters, run_config
from scorecard.dbt_runner import dbt_engine
from scorecard.publishing.plan import PlanError, plan_publication
from scorecard.settings import DEMO_CUSTOMER_SALT, Settings
from scorecard.summary import print_outcome, print_summary
from scorecard.warehouse_settings import write_schemes_from
from scorecard.work_area import private_file


def _warehouse(
    input_dir: Path | None,
    warehouse_dir: Path,
    csv_encoding: str | None = None,
    engine: str | None = None,
) -> WarehouseResource:
    return WarehouseResource(
        input_dir=str(input_dir.resolve()) if input_dir else "",
        warehouse_dir=str(Settings.from_env(warehouse_dir).warehouse_dir),
        csv_encoding=csv_encoding or "",
        engine=engine or "",
    )


def engine_problem(settings: Settings) -> str | None:
    """Why the settings' engine cannot run here (None when it can), before any step."""
    try:
        dbt_engine(settings)
    except RuntimeError as error:
        return str(error)
    return None


def warn_about_demo_salt(settings: Settings) -> None:
    """Once per run: customer ids hashed with a public salt can be re-identified."""
    if settings.customer_salt == DEMO_CUSTOMER_SALT:
        print(
            "warning: customer ids are hashed with the public demo salt; production needs its "
            "own secret SCORECARD_CUSTOMER_SALT",
            file=sys.stderr,
        )


def run_job(
    warehouse: WarehouseResource,
    parameters: RunParameters,
    months: tuple[str, str],
    verbose: bool = False,
) -> int:
    """Execute the scorecard job for a range of months; print what it did; exit code."""
    settings = warehouse.settings
    warn_about_demo_salt(settings)
    job = build_definitions(warehouse).resolve_job_def(SCORECARD_JOB_NAME)
    # Dagster's step log (progress) goes to stderr; dbt's per-node output to a log file,
    # private like the rest of the work area (work_area.py).
    paths = settings.paths
    log_dir = paths.logs
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    started_at = datetime.now(UTC)
    build_log = log_dir / f"build-{started_at:%Y%m%dT%H%M%SZ}.log"
    source = warehouse.input_dir or "no new input"
    print(f"Building {source} into {settings.warehouse_dir} (dbt output: {build_log})")
    if settings.schemes_from:
        print(
            f"Schemes apply from {settings.schemes_from} in this warehouse (--schemes-from; "
            "recorded in the publication log)"
        )
    sys.stdout.flush()  # before the steps' lines on stderr
    with (
        private_file(build_log) as log,
        contextlib.redirect_stdout(log),
        DagsterInstance.ephemeral() as instance,
        quiet_execution_plan_notices(verbose),
    ):
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={
                **run_config(parameters, list(job.graph.node_names())),
                "loggers": {"console": {"config": {"verbose": verbose}}},
            },
            tags=range_tags(*months),
        )
    if paths.work_database.exists():
        print_summary(
            paths.work_database,
            paths.dbt_run_results,
            result.run_id,
            result.success,
            run_started_at=started_at,
        )
    print_outcome(
        paths.run_reports(result.run_id),
        warehouse.publications().published_database,
        f"scorecard restate --warehouse {settings.warehouse_dir} --month {{month}} --reason '...'",
    )
    if not result.success:
        for event in result.get_step_failure_events():
            error = event.step_failure_data.error
            detail = event.step_failure_data.user_failure_data
            message = detail.description if detail and detail.description else error.message
            print(f"FAILED {event.step_key}: {message.strip()}", file=sys.stderr)
        return 1
    return 0


def run_build(
    input_dir: Path,
    warehouse_dir: Path,
    as_of: str | None = None,
    accept_quarantine: bool = False,
    csv_encoding: str | None = None,
    schemes_from: str | None = None,
    full_rebuild: bool = False,
    engine: str | None = None,
    verbose: bool = False,
) -> int:
    if not input_dir.is_dir():
        print(f"scorecard build: input directory {input_dir} does not exist", file=sys.stderr)
        return 2
    warehouse = _warehouse(input_dir, warehouse_dir, csv_encoding, engine)
    problem = engine_problem(warehouse.settings)
    if problem:
        print(f"scorecard build: {problem}", file=sys.stderr)
        return 2
    if schemes_from is not None:  # kept for every later build of this warehouse
        write_schemes_from(Settings.from_env(warehouse_dir).warehouse_dir, schemes_from)
    parameters = RunParameters(
        as_of=as_of or "", accept_quarantine=accept_quarantine, full_rebuild=full_rebuild
    )
    # Every month is in range: the publication plan decides which are open, final or held.
    last_month = month_partitions(warehouse.settings.timezone).get_last_partition_key()
    return run_job(warehouse, parameters, (FIRST_MONTH, last_month), verbose)


def run_restate(
    warehouse_dir: Path,
    month: str,
    reason: str,
    input_dir: Path | None = None,
    as_of: str | None = None,
    csv_encoding: str | None = None,
    engine: str | None = None,
    verbose: bool = False,
) -> int:
    warehouse = _warehouse(input_dir, warehouse_dir, csv_encoding, engine)
    problem = engine_problem(warehouse.settings)
    if problem:
        print(f"scorecard restate: {problem}", file=sys.stderr)
        return 2
    parameters = RunParameters(as_of=as_of or "", restate_month=month, reason=reason)
    settings = warehouse.settings
    try:  # refuse before building: only a final month can be restated
        plan_publication(
            [],
            None,
            warehouse.publications().latest_by_month(),
            parameters.as_of_date(settings.timezone),
            settings.close_day,
            restate_month=month,
            reason=reason,
        )
    except PlanError as error:
        print(f"scorecard restate: {error}", file=sys.stderr)
        return 2
    return run_job(warehouse, parameters, (month, month), verbose)
