"""`make spark-check`: the whole job on Spark publishes what it publishes on DuckDB.

1. A synthetic center (15 agents x 2 months) is built twice from the same exports, as of
   the same day, with the whole job (`scorecard build`: load, dbt, gate, publication):
   once on DuckDB, once with `--engine spark`, where dbt-spark (session method, from
   .venv-spark, scripts/install-spark.sh) runs the seeds, models and data tests over the
   raw layer's Parquet, and the gate and publication read the tables Spark exported.
2. On Spark also, in one dbt invocation (one JVM start): the dispatched macros' cases (the
   `check_portable_macros` var runs them from on-run-start) and the dbt unit tests, which
   the nightly job leaves out.
3. Every table of the two published databases is compared: the same tables, the same
   columns with the same types, and row for row the same values, except the columns that
   name the run itself (ids, clocks). Every score went through the precision policy in
   dbt (decimals rounded half up; no binary floats), so equal means equal.
   Prints "<table>: 0 differing rows" per table; exits 1 on any difference or failed step.

Run from the repository root: `.venv/bin/python scripts/spark_check.py [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from scorecard.dbt_runner import dbt_vars
from scorecard.settings import Settings
from scorecard.sql_text import sql_literal

ROOT = Path(__file__).resolve().parent.parent

AGENTS, MONTHS, START, AS_OF = 15, 2, "2026-01", "2026-03-10"
# dbt threads overlap Spark's per-query scheduling on a small machine (the profile's default
# for Spark is 2).
DBT_THREADS = os.environ.get("SCORECARD_DBT_THREADS", "4")
# Columns that name the run rather than the data: the load batch and clocks of the loader,
# the publication's time and Dagster run id. Everything else must be equal.
RUN_COLUMNS = {
    "load_log": ("batch_id", "started_at", "finished_at"),
    "publication_log": ("published_at", "run_id"),
}


def step(message: str) -> float:
    print(f"== {message}", flush=True)
    return time.monotonic()


STARTED: list[subprocess.Popen] = []


def start(command: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start a step in its own process group (so a failed check stops it, JVM and all)."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    STARTED.append(process)
    return process


def stop_unfinished() -> None:
    for process in STARTED:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def finish(process: subprocess.Popen, log: Path) -> None:
    """Wait for a step; on failure print the end of its log and stop the check."""
    if process.wait() != 0:
        tail = log.read_text(errors="replace").splitlines()[-60:]
        print("\n".join(line for line in tail if "WARN SparkSession" not in line))
        command = " ".join(str(part) for part in process.args[:3])
        raise SystemExit(f"failed ({process.returncode}): {command}; log: {log}")


def scorecard(*args: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start a `scorecard` command of this environment, its output to `log`."""
    return start(
        [str(Path(sys.executable).parent / "scorecard"), *args],
        log,
        env={**os.environ, "DO_NOT_TRACK": "1", **(env or {})},
    )


def build(work: Path, engine: str) -> tuple[Path, subprocess.Popen, Path]:
    """Start the whole job on `engine`: (its warehouse, the process, its log)."""
    warehouse, log = work / f"warehouse-{engine}", work / f"{engine}-build.log"
    process = scorecard(
        "build",
        *("--input", str(work / "input"), "--warehouse", str(warehouse), "--as-of", AS_OF),
        *("--engine", engine),
        env={"SCORECARD_DBT_THREADS": DBT_THREADS},
        log=log,
    )
    return warehouse, process, log


def columns(conn: duckdb.DuckDBPyConnection, database: str, table: str) -> list[tuple[str, str]]:
    return conn.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = ? and table_name = ? order by column_index",
        [database, table],
    ).fetchall()


def compare(duckdb_warehouse: Path, spark_warehouse: Path) -> int:
    """Differences over every published table; prints one line per table."""
    conn = duckdb.connect()
    for name, warehouse in (("on_duckdb", duckdb_warehouse), ("on_spark", spark_warehouse)):
        conn.execute(f"attach {sql_literal(warehouse / 'published.duckdb')} as {name} (read_only)")
    tables = {
        name: [
            n
            for (n,) in conn.execute(
                f"select table_name from duckdb_tables() where database_name = '{name}' order by 1"
            ).fetchall()
        ]
        for name in ("on_duckdb", "on_spark")
    }
    differing = 0
    if tables["on_duckdb"] != tables["on_spark"]:
        print(f"published tables differ: DuckDB {tables['on_duckdb']}, Spark {tables['on_spark']}")
        differing += 1
    for table in tables["on_duckdb"]:
        if table not in tables["on_spark"]:
            continue
        published, published_by_spark = (
            columns(conn, "on_duckdb", table),
            columns(conn, "on_spark", table),
        )
        if published != published_by_spark:
            print(f"{table}: columns differ: DuckDB {published}, Spark {published_by_spark}")
            differing += 1
            continue
        compared = [name for name, _ in published if name not in RUN_COLUMNS.get(table, ())]
        listed = ", ".join(f'"{name}"' for name in compared)
        rows = conn.execute(f"select count(*) from on_duckdb.{table}").fetchone()[0]
        only_duckdb, only_spark = (
            conn.execute(
                f"select count(*) from (select {listed} from {left}.{table} "
                f"except all select {listed} from {right}.{table})"
            ).fetchone()[0]
            for left, right in (("on_duckdb", "on_spark"), ("on_spark", "on_duckdb"))
        )
        skipped = [name for name, _ in published if name in RUN_COLUMNS.get(table, ())]
        print(
            f"{table}: {only_duckdb + only_spark} differing rows ({rows} rows, "
            f"{len(compared)} columns compared"
            + (f", not {', '.join(skipped)}" if skipped else "")
            + f"; only DuckDB {only_duckdb}, only Spark {only_spark})",
            flush=True,
        )
        differing += only_duckdb + only_spark
    return differing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--skip-install", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    work = args.keep or Path(tempfile.mkdtemp(prefix="spark-check-"))
    work.mkdir(parents=True, exist_ok=True)
    timings = {}
    try:
        if not args.skip_install:
            t = step("install: Java (Debian) and .venv-spark (dbt-spark, PySpark)")
            subprocess.run(["bash", str(ROOT / "scripts" / "install-spark.sh")], check=True)
            timings["install"] = time.monotonic() - t
        for stale in work.iterdir():
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        generate_log = work / "generate.log"
        finish(
            scorecard(
                *("generate", "--out", str(work / "input"), "--agents", str(AGENTS)),
                *("--months", str(MONTHS), "--start", START),
                log=generate_log,
            ),
            generate_log,
        )
        # Both builds at once: Spark's time is mostly per-query scheduling, not CPU, so the
        # DuckDB build beside it costs the check almost nothing.
        t = step(
            f"{AGENTS} agents x {MONTHS} months: scorecard build on DuckDB, and with "
            "--engine spark (dbt-spark: seeds, models, data tests), side by side"
        )
        duckdb_warehouse, duckdb_build, duckdb_log = build(work, "duckdb")
        spark_warehouse, spark_build, spark_log = build(work, "spark")
        finish(duckdb_build, duckdb_log)
        timings["duckdb build"] = time.monotonic() - t
        finish(spark_build, spark_log)
        timings["spark build"] = time.monotonic() - t
        t = step("Spark: dispatched macros' cases and the dbt unit tests (one JVM start)")
        # The vars a build of this warehouse passes, and the macro cases before the tests.
        check_vars = {**dbt_vars(Settings.from_env(spark_warehouse)), "check_portable_macros": True}
        unit_log = work / "spark-unit-tests.log"
        finish(
            scorecard(
                *("dbt", "--warehouse", str(spark_warehouse), "--", "test"),
                *("--select", "test_type:unit", "--vars", json.dumps(check_vars)),
                env={"SCORECARD_ENGINE": "spark", "SCORECARD_DBT_THREADS": DBT_THREADS},
                log=unit_log,
            ),
            unit_log,
        )
        timings["spark macros and unit tests"] = time.monotonic() - t
        t = step("compare every published table")
        differing = compare(duckdb_warehouse, spark_warehouse)
        timings["compare"] = time.monotonic() - t
    finally:
        stop_unfinished()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    timings["total"] = time.monotonic() - started
    print("timings: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))
    if differing:
        print(f"FAIL: {differing} differences between the publications of DuckDB and Spark")
        return 1
    print("OK: 0 differing rows between the publications of DuckDB and Spark")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
