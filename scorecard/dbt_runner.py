"""The one way this project runs dbt: its command line, vars, executable and parsed manifest.

Every dbt command (the nightly build through dagster-dbt, `scorecard dbt`, the manifest
parse, the tests' runs on a modified project) is started through `dbt_executable()` with
the vars of `dbt_vars()`, so no caller assembles them again.

The asset graph is read from `dbt/target/manifest.json`, which depends on the project's
files (dbt_project.yml lists the catalog's indicator models) and on the vars, so a model
added since the last parse must reach it. A parse costs about 5 s even when dbt finds
nothing changed (starting dbt and reading its saved state), and every `scorecard` command
and Dagster process loads the definitions: so the files' names, sizes and modification
times and the vars are fingerprinted, and dbt runs only when the fingerprint moved.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

import duckdb

from scorecard.dbt_launcher import DATABASE_VARIABLE, DBT_EXECUTABLE_VARIABLE, PARENT_PID_VARIABLE
from scorecard.publishing.plan import add_months, month_key
from scorecard.settings import DBT_PROJECT_DIR, PROJECT_ROOT, WORK_DATABASE_NAME, Settings

DBT_LAUNCHER = "scorecard-dbt"  # console script of dbt_launcher.py
# dbt of the Spark environment (dbt-spark and PySpark, apart from this one's pins), made by
# scripts/install-spark.sh; SCORECARD_SPARK_DBT names another (a cluster's client install).
SPARK_DBT_VARIABLE = "SCORECARD_SPARK_DBT"
DEFAULT_SPARK_DBT = PROJECT_ROOT / ".venv-spark" / "bin" / "dbt"
BUILD_FILE_LOG_LEVEL = "none"  # dbt's dbt.log in the nightly build (build_environment)


def dbt_build_args(
    dbt_vars: Mapping[str, object],
    select: Sequence[str] = (),
    exclude: Sequence[str] = (),
    fail_fast: bool = True,
    unit_tests: bool = False,
    data_tests: bool = True,
) -> list[str]:
    """Arguments of `dbt build`: vars as sorted JSON so the same inputs give the same command.

    Unit tests check SQL logic on fixed fixtures, not the night's data: the nightly build
    leaves them to CI (`make dbt-check`), as dbt recommends for production runs. Without
    data_tests, the build only writes models and seeds (a step of a first build month by
    month, whose last build runs every data test).
    """
    args = ["build"]
    # One argument per flag (dbt reads spaces in it as a union): dagster-dbt takes the
    # selection out of the arguments and keeps one value per flag.
    if select:
        args += ["--select", " ".join(select)]
    if exclude:
        args += ["--exclude", " ".join(exclude)]
    left_out = [*([] if unit_tests else ["unit_test"]), *([] if data_tests else ["test"])]
    if left_out:
        args += ["--exclude-resource-type", *left_out]
    if dbt_vars:
        args += ["--vars", json.dumps(dict(dbt_vars), sort_keys=True, ensure_ascii=False)]
    if fail_fast:
        args.append("--fail-fast")
    return args


# A first build month by month (docs/incremental.md, "A first build of a long history").
# STAGED_HISTORY: staging and the daily row counts, built for every month at once (a
# window per key over a source's rows; the daily counts say which months have data).
# ROW_LEVEL: the incremental models, those of STAGED_HISTORY excepted, built some months
# per dbt run: each run's sorts and spills hold those months only.
STAGED_HISTORY = "+int_source_rows__daily"
ROW_LEVEL = "config.materialized:incremental"


def history_steps(dbt_vars: Mapping[str, object]) -> list[list[str]]:
    """The dbt commands a first build month by month starts with, before its months are
    known: STAGED_HISTORY from all history; then the ROW_LEVEL tables and everything they
    read, created empty (`--empty`), so that each month can be built as an incremental
    run; then what they read again, with its rows (`--empty` made views that read none)."""
    inputs = f"+{ROW_LEVEL}"
    return [
        [*dbt_build_args(dbt_vars, [STAGED_HISTORY], data_tests=False), "--full-refresh"],
        [
            *dbt_build_args(dbt_vars, [inputs], [STAGED_HISTORY], data_tests=False),
            "--full-refresh",
            "--empty",
        ],
        [
            *dbt_build_args(dbt_vars, [inputs], [ROW_LEVEL, STAGED_HISTORY], data_tests=False),
            "--full-refresh",
        ],
    ]


def build_all_but_the_last_months(
    run: Callable[[list[str], dict[str, str]], object],
    connect: Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]],
    dbt_vars: Mapping[str, object],
    months_per_run: int,
    say: Callable[[str], object] = print,
) -> list[str]:
    """A first build of a long history, month by month, but its last build: staging from
    all history (history_steps), then the ROW_LEVEL tables months_per_run months per dbt
    run, oldest first. Returns the newest months, which the caller's `dbt build` with
    months_environment(them, every_month_tested=True) builds with every other model and
    every data test; [] when they fit one run after all (staging is then built, and a
    usual full refresh follows). run(args, environment) runs one dbt command with the
    variables of months_environment() added to its environment and raises when it fails;
    connect() opens the work database between commands (DuckDB only: the months are read
    from its staging tables)."""
    for args in history_steps(dbt_vars):
        run(args, months_environment())
    with connect() as work:
        batches = month_batches(staged_months(work), months_per_run)
    if len(batches) < 2:
        return []
    for number, months in enumerate(batches[:-1], start=1):
        say(f"dbt: {_month_span(months)} ({number} of {len(batches)})")
        run(row_level_args(dbt_vars), months_environment(months))
    say(f"dbt: {_month_span(batches[-1])} ({len(batches)} of {len(batches)}), every data test")
    return batches[-1]


def _month_span(months: Sequence[str]) -> str:
    first, last = months[0][:7], months[-1][:7]
    return f"month {first}" if first == last else f"months {first} to {last}"


def staged_months(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Every month a full refresh builds rows in, once staging is built: each month from
    the first with data to the last one reached, 'YYYY-MM-01'. The last one reached is the
    latest month with data, or a later one that an agent-state interval runs into (its
    piece there, int_agent_states__split). Months between without data are listed too,
    since an interval can run into them: building a month with no rows costs little."""
    first, last = conn.execute(
        """
        select min(month), max(month)
        from (
            select month from intermediate.int_source_rows__daily
            union all
            select cast(date_trunc('month', max(ended_at_local)) as date)
            from staging.stg_agent_states__state_intervals
        )
        """
    ).fetchone()
    if first is None:
        return []
    months = [month_key(first)]
    while months[-1] < month_key(last):
        months.append(add_months(months[-1], 1))
    return [f"{month}-01" for month in months]


def month_batches(months: Sequence[str], months_per_run: int) -> list[list[str]]:
    """The months (in order) cut into runs of months_per_run."""
    return [list(months[i : i + months_per_run]) for i in range(0, len(months), months_per_run)]


def row_level_args(dbt_vars: Mapping[str, object]) -> list[str]:
    """The build of the ROW_LEVEL models alone, without data tests: a first build's run of
    every month batch but the last, oldest first (a month reads earlier months, and later
    ones only through staging, which is whole by then)."""
    return dbt_build_args(dbt_vars, [ROW_LEVEL], [STAGED_HISTORY], data_tests=False)


# The months a dbt run builds (docs/incremental.md, "The months of a run") travel in its
# environment, not in --vars: dbt reuses its parse of the project only while the vars are
# those it parsed with, and the months change from night to night; with them in --vars,
# every incremental build parsed the whole project again (about 15 s on the 2-core
# machine). The macros read them only while dbt executes (dbt/macros/months_to_build.sql).
MONTHS_TO_BUILD_VARIABLE = "SCORECARD_MONTHS_TO_BUILD"
DATA_TESTS_EVERY_MONTH_VARIABLE = "SCORECARD_DATA_TESTS_EVERY_MONTH"


def months_environment(
    months: Sequence[str] = (), every_month_tested: bool = False
) -> dict[str, str]:
    """The variables naming the months a dbt run builds (none: every month), and whether
    the data tests of incremental models still read every month (the last build of a
    first build month by month: it runs every data test over every month). Both are
    always set, so that a value from an earlier run of this process never lingers."""
    return {
        MONTHS_TO_BUILD_VARIABLE: ",".join(months),
        DATA_TESTS_EVERY_MONTH_VARIABLE: "true" if every_month_tested else "",
    }


def dbt_vars(settings: Settings) -> dict[str, object]:
    """dbt `--vars`: the loader's time zone, and the month the schemes apply from when the
    warehouse sets one. Every other var (the catalog's indicator models among them) has its
    value in dbt/dbt_project.yml, so a plain `dbt build` in dbt/ runs as the orchestrator's."""
    values: dict[str, object] = {"center_timezone": settings.timezone}
    if settings.schemes_from:  # only when set, so every other warehouse runs dbt as before
        values["schemes_from"] = settings.schemes_from
    return values


@dataclass(frozen=True)
class DbtEngine:
    """How dbt runs on a warehouse's engine (docs/scale-out.md)."""

    arguments: list[str]  # the profile's target
    vars: dict[str, object]  # added to a build's vars
    environment: dict[str, str]  # read by profiles.yml and the launcher


def dbt_engine(settings: Settings) -> DbtEngine:
    """DuckDB: the default target and this environment's dbt. Spark: the `spark` target,
    dbt-spark's own dbt, the raw layer and Spark's warehouse folder, and where the build
    exports its tables (dbt/macros/spark_export_models.sql, scorecard/spark_candidates.py).
    RuntimeError, naming what to install, when dbt-spark is missing."""
    if settings.engine != "spark":  # this environment's dbt, whatever an earlier run set
        return DbtEngine(arguments=[], vars={}, environment={DBT_EXECUTABLE_VARIABLE: ""})
    executable = Path(os.environ.get(SPARK_DBT_VARIABLE) or DEFAULT_SPARK_DBT)
    if not executable.exists():
        raise RuntimeError(
            f"the Spark engine needs dbt-spark: {executable} is missing; run "
            f"`bash scripts/install-spark.sh` or set {SPARK_DBT_VARIABLE}"
        )
    paths = settings.paths
    return DbtEngine(
        arguments=["--target", "spark"],
        vars={"spark_export_path": str(paths.spark_export)},
        environment={
            DBT_EXECUTABLE_VARIABLE: str(executable),
            "SCORECARD_RAW_PATH": str(paths.raw_layer),
            "SCORECARD_SPARK_WAREHOUSE": str(paths.spark_warehouse),
        },
    )


def _warehouse_environment(settings: Settings, engine: DbtEngine) -> dict[str, str]:
    """What profiles.yml and the launcher read: the work database (and on Spark the raw
    layer, Spark's folder and dbt-spark's dbt)."""
    return {DATABASE_VARIABLE: str(settings.work_database), **engine.environment}


def build_environment(settings: Settings, engine: DbtEngine) -> dict[str, str]:
    """The variables of the nightly build's dbt. dbt's own debug log (every statement of
    every node) took 15 % of a small build's dbt time and its node lines are in the build
    log already, so it is off unless DBT_LOG_LEVEL_FILE asks for it."""
    return {
        **_warehouse_environment(settings, engine),
        "DBT_LOG_LEVEL_FILE": os.environ.get("DBT_LOG_LEVEL_FILE", BUILD_FILE_LOG_LEVEL),
    }


@contextmanager
def environment_added(values: Mapping[str, str]) -> Iterator[None]:
    """os.environ with `values` added while a dbt command starts (dagster-dbt gives dbt this
    process's environment), then as it was: a build's months and database never reach a
    later command of the same process (a test worker runs many builds)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


PARTIAL_PARSE_FILE = "partial_parse.msgpack"  # dbt's saved parse, in its target folder


def reuse_saved_parse(saved_in: Path, target: Path) -> None:
    """Give a target folder that has no saved parse of its own the one `saved_in` holds.

    Without one, dbt parses the whole project (about 13 s on the 2-core machine); with
    one, it re-reads every file and parses again only what changed, and everything when
    the vars, the profile or dbt's version differ from the saved parse's. So a copy costs
    a full parse at worst and changes no result.
    """
    saved = saved_in / PARTIAL_PARSE_FILE
    if saved.is_file() and not (target / PARTIAL_PARSE_FILE).exists():
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(saved, target / PARTIAL_PARSE_FILE)


def _command_environment(settings: Settings, engine: DbtEngine) -> dict[str, str]:
    """The environment of a dbt command on a warehouse outside the nightly build: its
    artifacts and logs beside the warehouse, apart from the build's (whose
    run_results.json the publication step reads), never in the shared dbt/target, where
    two commands on two warehouses would write the same files."""
    artifacts = settings.paths.scorecard_dbt_target
    return {
        **os.environ,
        **_warehouse_environment(settings, engine),
        "DBT_TARGET_PATH": str(artifacts),
        "DBT_LOG_PATH": str(artifacts),
    }


def create_views_on_duckdb(settings: Settings) -> None:
    """The project's views in the work database, over the tables a Spark build exported
    (scorecard/spark_candidates.py): dbt on DuckDB, views only, output kept in the logs."""
    paths = settings.paths
    log = paths.logs / "dbt-duckdb-views.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    args = ["run", "--select", "config.materialized:view", "--vars", json.dumps(dbt_vars(settings))]
    # DuckDB's dbt, not the Spark build's: the views are the work database's.
    duckdb_engine = dbt_engine(replace(settings, engine="duckdb"))
    with log.open("w", encoding="utf-8") as output:
        completed = subprocess.run(
            [dbt_executable(), *args],
            cwd=DBT_PROJECT_DIR,
            env=_command_environment(settings, duckdb_engine),
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"creating the views on DuckDB failed: see {log}")


def dbt_executable() -> str:
    """`scorecard-dbt` of this interpreter's environment: dbt that dies with its parent.

    The launcher (dbt_launcher.py) runs the environment's dbt; it needs this process's
    pid to tell whether its parent is already gone, so that is exported here, in the
    process that is about to start dbt.
    """
    os.environ[PARENT_PID_VARIABLE] = str(os.getpid())
    launcher = Path(sys.executable).with_name(DBT_LAUNCHER)
    if not launcher.exists():
        raise RuntimeError(f"{launcher} is missing: run `make install` to install it")
    return str(launcher)


def run_dbt(warehouse_dir: Path, args: list[str]) -> int:
    """`scorecard dbt`: dbt on a warehouse's work database (or, with SCORECARD_ENGINE=spark,
    on Spark), adding the vars and target a build passes."""
    settings = Settings.from_env(warehouse_dir)
    engine = dbt_engine(settings)
    if "--vars" not in args and args and not args[0].startswith("-"):
        args = [*args, "--vars", json.dumps(dbt_vars(settings))]
    if "--target" not in args and args and not args[0].startswith("-"):
        args = [*args, *engine.arguments]
    # The first command on a warehouse starts from its build's parse: the same vars, the
    # same engine and profile (create_views_on_duckdb, DuckDB's dbt after a Spark build,
    # has neither).
    reuse_saved_parse(settings.paths.dbt_target, settings.paths.scorecard_dbt_target)
    return subprocess.call(
        [dbt_executable(), *args], cwd=DBT_PROJECT_DIR, env=_command_environment(settings, engine)
    )


# Folders dbt writes, not inputs of the parse.
DBT_OUTPUT_FOLDERS = ("target", "logs", "dbt_packages")


def project_fingerprint(project_dir: Path, dbt_vars: dict[str, object]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(dbt_vars, sort_keys=True).encode())
    digest.update(metadata.version("dbt-core").encode())
    for path in sorted(project_dir.rglob("*")):
        relative = path.relative_to(project_dir)
        if relative.parts[0] in DBT_OUTPUT_FOLDERS or not path.is_file():
            continue
        stat = path.stat()
        digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def ensure_manifest(target_dir: Path, dbt_vars: dict[str, object]) -> None:
    """Parse the project into target_dir unless its manifest is of these files and vars.

    The lock keeps two processes loading the definitions at once (a CLI build and `dagster
    dev`) from writing the manifest together. The parse names a work database in the
    target folder (never opened): the launcher runs dbt from the database's folder under
    the relative name `work.duckdb`, as every build does, so a build's dbt finds this parse
    valid for its own profile (dbt_launcher.py).
    """
    target_dir.mkdir(parents=True, exist_ok=True)
    fingerprint_file = target_dir / "manifest.fingerprint"
    with (target_dir / ".parse.lock").open("w") as parse_lock:
        fcntl.flock(parse_lock, fcntl.LOCK_EX)
        # "full": a manifest written by an earlier, partial parse is parsed again (below)
        fingerprint = "full:" + project_fingerprint(DBT_PROJECT_DIR, dbt_vars)
        if (
            (target_dir / "manifest.json").exists()
            and fingerprint_file.exists()
            and fingerprint_file.read_text(encoding="utf-8") == fingerprint
        ):
            return
        # A full parse: dbt 1.11's partial parse, after a macro file changed, dropped the
        # `meta` of the singular tests' YAML, and with it the asset key that makes them
        # Dagster asset checks (tests/test_dbt_runner.py). It runs only when the project
        # changed (about 12 s instead of 5 s).
        subprocess.run(
            [
                dbt_executable(),
                "parse",
                "--quiet",
                "--no-partial-parse",
                "--vars",
                json.dumps(dbt_vars),
            ],
            cwd=DBT_PROJECT_DIR,
            env={
                **os.environ,
                DBT_EXECUTABLE_VARIABLE: "",  # parsed for the default (DuckDB) target
                DATABASE_VARIABLE: str(target_dir / WORK_DATABASE_NAME),
                "DBT_TARGET_PATH": str(target_dir),
            },
            check=True,
        )
        fingerprint_file.write_text(fingerprint, encoding="utf-8")
