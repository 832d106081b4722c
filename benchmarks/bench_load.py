"""Raw loading speed against a plain DuckDB read of the same files.

    python benchmarks/bench_load.py [--agents 200] [--months 3] [--repeat 3]

Generates synthetic sources, then times (a) a plain `create table ... as select * from
read_csv(file)` of every file into a fresh database, and (b) the warehouse loader (hash,
header check, parse, validate, quarantine, dedup, lineage) into another fresh database.
Prints the best of --repeat runs of each, the ratio, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from scorecard.generate import generate
from scorecard.loading.loader import load_sources
from scorecard.settings import Settings


def plain_read(input_dir: Path, database: Path) -> int:
    with duckdb.connect(str(database)) as conn:
        rows = 0
        for number, path in enumerate(sorted(input_dir.glob("*/*.csv"))):
            conn.execute(f"create table t{number} as select * from read_csv('{path}')")
            rows += conn.execute(f"select count(*) from t{number}").fetchone()[0]
        return rows


def warehouse_load(input_dir: Path, database_dir: Path) -> int:
    settings = Settings(warehouse_dir=database_dir)
    database_dir.mkdir(parents=True)
    with duckdb.connect(str(settings.work_database)) as conn:
        results = load_sources(conn, input_dir, settings, batch_id="bench")
    return sum(r.rows_loaded + r.rows_quarantined + r.rows_duplicate for r in results)


def best_of(repeat: int, run) -> tuple[float, int]:
    timings = []
    rows = 0
    for attempt in range(repeat):
        started = time.perf_counter()
        rows = run(attempt)
        timings.append(time.perf_counter() - started)
    return min(timings), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        input_dir = root / "input"
        started = time.perf_counter()
        generate(input_dir, agents=args.agents, months=args.months, start="2026-07", seed=1)
        generated = time.perf_counter() - started
        size = sum(p.stat().st_size for p in input_dir.glob("*/*.csv")) / 1e6
        plain, plain_rows = best_of(
            args.repeat, lambda n: plain_read(input_dir, root / f"plain{n}.duckdb")
        )
        loaded, loaded_rows = best_of(
            args.repeat, lambda n: warehouse_load(input_dir, root / f"warehouse{n}")
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"sources: {args.agents} agents x {args.months} months, {size:.1f} MB of CSV, "
        f"generated in {generated:.1f} s"
    )
    print(f"plain DuckDB read_csv:  {plain:6.2f} s  ({plain_rows:,} rows)")
    print(f"warehouse raw load:     {loaded:6.2f} s  ({loaded_rows:,} rows)")
    print(f"ratio: {loaded / plain:.2f}x   peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
