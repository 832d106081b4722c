"""`make spark-check`: the same dbt project on DuckDB and on Spark gives the same tables.

1. A synthetic center (15 agents x 2 months) is built the usual way on DuckDB (`scorecard
   build`: load, dbt, gate, publication). The loader also writes the raw layer as Parquet
   (<warehouse>/raw/), the input both engines read.
2. dbt runs on Spark (`--target spark`, session method, .venv-spark from
   scripts/install-spark.sh): the dispatched macros' cases (run-operation
   check_portable_macros), then `dbt build` of the seeds, models and dbt unit tests (with
   --data-tests or SPARK_DATA_TESTS=1 also the ~400 data tests) with the raw sources read
   from that Parquet.
3. Every published table that dbt computes is compared row for row: the rows DuckDB
   published against Spark's candidate table, read from its Parquet files and published
   the same way (the publication's months and statuses, each column cast to the type
   DuckDB published). Every value of these tables went through the precision policy in
   dbt (decimals rounded half up; no binary floats), so equal means equal.
   Prints "<table>: 0 differing rows" per table; exits 1 on any difference, a column Spark
   lacks or a failed step.

Run from the repository root: `.venv/bin/python scripts/spark_check.py [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scorecard.dbt_runner import dbt_vars  # noqa: E402
from scorecard.publishing.tables import published_tables  # noqa: E402
from scorecard.settings import DBT_PROJECT_DIR, Settings  # noqa: E402

SPARK_VENV = Path(os.environ.get("SPARK_VENV", ROOT / ".venv-spark"))
AGENTS, MONTHS, START, AS_OF = 15, 2, "2026-01", "2026-03-10"
# Columns the publication adds to a month-keyed table.
PUBLICATION_COLUMNS = ("publication_id", "month_status")


def step(message: str) -> float:
    print(f"== {message}", flush=True)
    return time.monotonic()


def run(
    command: list[str],
    env: dict[str, str] | None = None,
    log: Path | None = None,
    cwd: Path | None = None,
) -> None:
    if log is None:
        subprocess.run(command, check=True, env=env, cwd=cwd)
        return
    with log.open("w") as out:
        completed = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
    if completed.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-60:]
        print("\n".join(line for line in tail if "WARN SparkSession" not in line))
        raise SystemExit(f"failed ({completed.returncode}): {' '.join(command[:3])}; log: {log}")


def spark_dbt(
    args: list[str], work: Path, warehouse: Path, log: Path, extra_vars: dict | None = None
) -> None:
    env = {
        **os.environ,
        "DO_NOT_TRACK": "1",
        "SCORECARD_RAW_PATH": str(warehouse / "raw"),
        "SCORECARD_SPARK_WAREHOUSE": str(work / "spark-warehouse"),
        "SCORECARD_DBT_THREADS": os.environ.get("SCORECARD_DBT_THREADS", "4"),
    }
    # The vars the DuckDB build of the same warehouse used (its settings, from the environment).
    vars_json = json.dumps({**dbt_vars(Settings.from_env(warehouse)), **(extra_vars or {})})
    run(
        [
            str(SPARK_VENV / "bin" / "dbt"),
            *args,
            "--target",
            "spark",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(work / "spark-target"),
            "--log-path",
            str(work / "spark-logs"),
            "--vars",
            vars_json,
        ],
        env=env,
        log=log,
        cwd=work,  # Spark's Derby metastore writes derby.log into the working directory
    )


def spark_relation(spark_warehouse: Path, relation: str) -> str:
    """A Spark table's Parquet files (managed tables: <warehouse>/<schema>.db/<table>)."""
    schema, table = relation.split(".")
    folder = spark_warehouse / f"{schema}.db" / table
    return f"read_parquet('{folder}/**/*.parquet', hive_partitioning = true)"


def compare(warehouse: Path, spark_warehouse: Path) -> int:
    """Differing rows over every published table dbt computes; prints one line per table."""
    statuses = json.loads((warehouse / "publications" / "000001" / "publication.json").read_text())[
        "statuses"
    ]
    status_values = ", ".join(f"(date '{m}-01', '{s}')" for m, s in sorted(statuses.items()))
    conn = duckdb.connect()
    conn.execute(f"attach '{warehouse / 'published.duckdb'}' as published (read_only)")
    differing = 0
    tables = published_tables()
    for table, relation in {**tables.monthly, **tables.shared}.items():
        if not relation.startswith("marts."):
            continue
        published = conn.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = 'published' and table_name = ? order by column_index",
            [table],
        ).fetchall()
        spark_columns = {
            name
            for (name,) in conn.execute(
                f"select column_name from (describe select * from "
                f"{spark_relation(spark_warehouse, relation)})"
            ).fetchall()
        }
        candidate = [(n, t) for n, t in published if n not in PUBLICATION_COLUMNS]
        missing = [n for n, _ in candidate if n not in spark_columns]
        if missing:
            print(f"{table}: Spark lacks columns {missing}")
            differing += 1
            continue
        casts = ", ".join(f'cast(candidate."{n}" as {t}) as "{n}"' for n, t in candidate)
        spark_sql = f"select {casts} from {spark_relation(spark_warehouse, relation)} as candidate"
        if table in tables.monthly:
            spark_sql = (
                f"select spark.*, 1 as publication_id, statuses.month_status from ({spark_sql}) "
                f"as spark inner join (values {status_values}) as statuses(month, month_status) "
                "on spark.month = statuses.month"
            )
        columns = ", ".join(f'"{n}"' for n, _ in published)
        rows = conn.execute(f"select count(*) from published.{table}").fetchone()[0]
        only_duckdb, only_spark = (
            conn.execute(
                f"select count(*) from (select {columns} from ({left}) "
                f"except all select {columns} from ({right}))"
            ).fetchone()[0]
            for left, right in (
                (f"select * from published.{table}", spark_sql),
                (spark_sql, f"select * from published.{table}"),
            )
        )
        print(
            f"{table}: {only_duckdb + only_spark} differing rows "
            f"({rows} rows, {len(published)} columns; only DuckDB {only_duckdb}, "
            f"only Spark {only_spark})",
            flush=True,
        )
        differing += only_duckdb + only_spark
    return differing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--skip-install", action="store_true")
    parser.add_argument(
        "--data-tests",
        action="store_true",
        default=os.environ.get("SPARK_DATA_TESTS") == "1",
        help="also run the ~400 dbt data tests on Spark (about twice the time of the "
        "models; make spark-check SPARK_DATA_TESTS=1)",
    )
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="then rebuild the last month incrementally on Spark (insert_overwrite of its "
        "partitions) and compare again",
    )
    args = parser.parse_args()
    started = time.monotonic()
    work = args.keep or Path(tempfile.mkdtemp(prefix="spark-check-"))
    work.mkdir(parents=True, exist_ok=True)
    scorecard = str(Path(sys.executable).parent / "scorecard")
    timings = {}
    try:
        if not args.skip_install:
            t = step("install: Java (Debian) and .venv-spark (dbt-spark, PySpark)")
            run(["bash", str(ROOT / "scripts" / "install-spark.sh")])
            timings["install"] = time.monotonic() - t
        for name in ("input", "warehouse", "spark-warehouse", "spark-target"):
            shutil.rmtree(work / name, ignore_errors=True)
        warehouse = work / "warehouse"
        t = step(f"DuckDB: {AGENTS} agents x {MONTHS} months, scorecard build")
        run(
            [
                scorecard,
                "generate",
                "--out",
                str(work / "input"),
                "--agents",
                str(AGENTS),
                "--months",
                str(MONTHS),
                "--start",
                START,
            ],
            log=work / "generate.log",
        )
        run(
            [
                scorecard,
                "build",
                "--input",
                str(work / "input"),
                "--warehouse",
                str(warehouse),
                "--as-of",
                AS_OF,
            ],
            env={**os.environ, "DO_NOT_TRACK": "1"},
            log=work / "duckdb-build.log",
        )
        timings["duckdb build"] = time.monotonic() - t
        t = step("Spark: dispatched macros (run-operation check_portable_macros)")
        spark_dbt(["run-operation", "check_portable_macros"], work, warehouse, work / "m.log")
        timings["spark macros"] = time.monotonic() - t
        excluded = [] if args.data_tests else ["test_type:data"]
        t = step(
            "Spark: dbt build (seeds, models, unit tests"
            + (", data tests" if args.data_tests else "")
            + ") on the raw Parquet"
        )
        spark_dbt(["build", "--exclude", *excluded], work, warehouse, work / "spark-build.log")
        timings["spark build"] = time.monotonic() - t
        t = step("compare every published table dbt computes")
        differing = compare(warehouse, work / "spark-warehouse")
        timings["compare"] = time.monotonic() - t
        if args.incremental:
            last = f"{START[:4]}-{int(START[5:]) + MONTHS - 1:02d}-01"
            t = step(f"Spark: incremental run of {last} (insert_overwrite), compare again")
            spark_dbt(
                ["run"],
                work,
                warehouse,
                work / "spark-incremental.log",
                extra_vars={"months_to_build": [last]},
            )
            differing += compare(warehouse, work / "spark-warehouse")
            timings["spark incremental"] = time.monotonic() - t
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    timings["total"] = time.monotonic() - started
    print("timings: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))
    if differing:
        print(f"FAIL: {differing} differing rows between DuckDB and Spark")
        return 1
    print("OK: 0 differing rows between DuckDB and Spark")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
