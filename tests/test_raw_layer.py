"""The raw layer as Parquet (scorecard/loading/raw_layer.py): one file per source and load,
holding exactly the rows of the raw tables, which dbt on Spark reads (docs/scale-out.md)."""

from __future__ import annotations

from datetime import date

import duckdb

from scorecard.loading.raw_layer import SCHEMA_FILE, TABLES, load_file_name
from tests.conftest import CALLS_HEADER, write_export

CALL = "C{n},A1,q1,inbound,CU{n},2026-03-0{n} 09:00:00+08:00,2026-03-0{n} 09:00:05+08:00,"
CALL += "2026-03-0{n} 09:03:00+08:00,150,0,25,answered"


def test_each_load_writes_its_rows_and_every_table_has_a_schema(warehouse) -> None:
    calls = warehouse.input_dir / "calls"
    write_export(calls / "calls_1.csv", CALLS_HEADER, [CALL.format(n=1), CALL.format(n=2)])
    warehouse.load(["calls"], as_of=date(2026, 3, 31))
    write_export(calls / "calls_2.csv", CALLS_HEADER, [CALL.format(n=3), "not,a,call"])
    warehouse.load(["calls"], as_of=date(2026, 3, 31))

    raw = warehouse.settings.paths.raw_layer
    loads = dict(
        warehouse.query("select file_path, load_id from raw.load_log where rows_loaded > 0")
    )
    assert sorted(p.name for p in (raw / "calls").glob("*.parquet")) == sorted(
        [
            load_file_name(loads["calls/calls_1.csv"]),
            load_file_name(loads["calls/calls_2.csv"]),
            SCHEMA_FILE,
        ]
    )
    # no load wrote to surveys: its folder holds the columns and no rows
    assert [p.name for p in (raw / "surveys").iterdir()] == [SCHEMA_FILE]
    assert not list(raw.rglob(".*"))  # no temporary file left

    with duckdb.connect(str(warehouse.settings.work_database), read_only=True) as conn:
        for table in TABLES:
            in_parquet = f"read_parquet('{raw / table}/*.parquet', union_by_name = true)"
            columns = [row[0] for row in conn.execute(f"describe raw.{table}").fetchall()]
            assert [
                row[0] for row in conn.execute(f"describe select * from {in_parquet}").fetchall()
            ] == columns, table
            for left, right in ((f"raw.{table}", in_parquet), (in_parquet, f"raw.{table}")):
                differing = conn.execute(
                    f"select count(*) from (select * from {left} except all select * from {right})"
                ).fetchone()[0]
                assert differing == 0, table
        assert (
            conn.execute(
                f"select count(*) from read_parquet('{raw / 'calls'}/*.parquet')"
            ).fetchone()[0]
            == 3
        )
        assert (
            conn.execute(
                f"select count(*) from read_parquet('{raw / 'quarantine'}/*.parquet')"
            ).fetchone()[0]
            >= 1
        )


def test_a_run_that_died_mid_load_is_repaired_before_the_next_load(warehouse) -> None:
    """Files of a load that never committed are removed; a committed load whose files were
    not all written gets them again: Spark must read exactly the rows DuckDB kept."""
    calls = warehouse.input_dir / "calls"
    write_export(calls / "calls_1.csv", CALLS_HEADER, [CALL.format(n=1), CALL.format(n=2)])
    warehouse.load(["calls"], as_of=date(2026, 3, 31))
    raw = warehouse.settings.paths.raw_layer
    (load_id,) = warehouse.query("select load_id from raw.load_log where source = 'calls'")[0]
    # Killed while writing: the calls rows of the committed load were never written...
    (raw / "calls" / load_file_name(load_id)).unlink()
    (raw / "load_log" / load_file_name(load_id)).unlink()
    # ... and a later load died before its commit, leaving its files behind.
    orphan = raw / "surveys" / load_file_name(load_id + 7)
    orphan.write_bytes((raw / "calls" / SCHEMA_FILE).read_bytes())
    notices = []

    warehouse.load(["calls"], as_of=date(2026, 3, 31), progress=notices.append)

    assert (
        "raw layer: 1 file(s) of loads an earlier run did not commit removed, "
        "1 committed load(s) written again" in notices
    )
    assert not orphan.exists()
    with duckdb.connect() as conn:
        rows = conn.execute(
            f"select call_id from read_parquet('{raw / 'calls' / load_file_name(load_id)}') "
            "order by call_id"
        ).fetchall()
    assert rows == [("C1",), ("C2",)]
    assert (raw / "load_log" / load_file_name(load_id)).exists()
