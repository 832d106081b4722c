"""The Spark engine's plumbing, without Spark: choosing it, refusing it when dbt-spark is
missing, and reading a Spark build's export into the work database.

`make spark-check` runs the whole job on Spark (scripts/spark_check.py); these tests keep
the parts that need no JVM fast and exact.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from scorecard.cli import main
from scorecard.dbt_launcher import DBT_EXECUTABLE_VARIABLE, real_dbt
from scorecard.dbt_runner import SPARK_DBT_VARIABLE, dbt_engine
from scorecard.settings import Settings, SettingsError
from scorecard.spark_candidates import SparkExportError, import_spark_export


def write_export(export: Path, relation: str, sql: str) -> None:
    """One table as Spark's `insert overwrite directory` leaves it: a folder of part files."""
    schema, table = relation.split(".")
    folder = export / schema / table
    folder.mkdir(parents=True)
    with duckdb.connect() as conn:
        conn.execute(f"copy ({sql}) to '{folder / 'part-00000.parquet'}' (format parquet)")


def test_the_engine_is_a_run_option_then_the_environment_then_duckdb(tmp_path, monkeypatch):
    monkeypatch.delenv("SCORECARD_ENGINE", raising=False)
    assert Settings.from_env(tmp_path).engine == "duckdb"
    monkeypatch.setenv("SCORECARD_ENGINE", "spark")
    assert Settings.from_env(tmp_path).engine == "spark"
    assert Settings.from_env(tmp_path, engine="duckdb").engine == "duckdb"
    with pytest.raises(SettingsError, match=r"unknown engine 'presto'.*duckdb, spark"):
        Settings.from_env(tmp_path, engine="presto")


def test_spark_runs_the_profiles_spark_target_with_the_raw_layer_and_its_own_dbt(
    tmp_path, monkeypatch
):
    spark_dbt = tmp_path / "venv-spark" / "bin" / "dbt"
    spark_dbt.parent.mkdir(parents=True)
    spark_dbt.touch()
    monkeypatch.setenv(SPARK_DBT_VARIABLE, str(spark_dbt))
    settings = Settings.from_env(tmp_path / "warehouse", engine="spark")

    engine = dbt_engine(settings)
    assert engine.arguments == ["--target", "spark"]
    assert engine.vars == {"spark_export_path": str(tmp_path / "warehouse" / "spark-export")}
    assert engine.environment == {
        DBT_EXECUTABLE_VARIABLE: str(spark_dbt),
        "SCORECARD_RAW_PATH": str(tmp_path / "warehouse" / "raw"),
        "SCORECARD_SPARK_WAREHOUSE": str(tmp_path / "warehouse" / "spark-warehouse"),
    }
    duckdb_settings = Settings.from_env(tmp_path / "warehouse", engine="duckdb")
    assert dbt_engine(duckdb_settings).arguments == []
    assert dbt_engine(duckdb_settings).vars == {}
    # A DuckDB run after a Spark run in one process must not start the Spark build's dbt.
    assert dbt_engine(duckdb_settings).environment == {DBT_EXECUTABLE_VARIABLE: ""}


def test_the_launcher_runs_the_dbt_it_is_given(tmp_path, monkeypatch):
    other = tmp_path / "dbt"
    other.touch()
    monkeypatch.setenv(DBT_EXECUTABLE_VARIABLE, str(other))
    assert real_dbt() == str(other)
    monkeypatch.setenv(DBT_EXECUTABLE_VARIABLE, "")
    assert real_dbt() != str(other)


def test_a_spark_build_without_dbt_spark_stops_before_loading_anything(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv(SPARK_DBT_VARIABLE, str(tmp_path / "missing" / "dbt"))
    (tmp_path / "input").mkdir()
    warehouse = tmp_path / "warehouse"

    arguments = ["--input", str(tmp_path / "input"), "--warehouse", str(warehouse)]
    code = main(["build", *arguments, "--engine", "spark"])

    assert code == 2
    err = capsys.readouterr().err
    assert f"the Spark engine needs dbt-spark: {tmp_path / 'missing' / 'dbt'} is missing" in err
    assert "Traceback" not in err
    assert not (warehouse / "work.duckdb").exists()


def test_an_unknown_engine_in_the_environment_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SCORECARD_ENGINE", "presto")
    (tmp_path / "input").mkdir()

    code = main(["build", "--input", str(tmp_path / "input"), "--warehouse", str(tmp_path / "w")])

    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == (
        "unknown engine 'presto' (--engine or SCORECARD_ENGINE): use one of duckdb, spark"
    )


def test_the_export_replaces_tables_and_views_of_the_same_name(tmp_path):
    export = tmp_path / "spark-export"
    write_export(
        export, "marts.fct_agent_monthly", "select 'A1' as agent_id, 12.50::decimal(18, 2) as aht"
    )
    write_export(export, "staging.stg_calls__calls", "select 'C1' as call_id")
    with duckdb.connect(str(tmp_path / "work.duckdb")) as work:
        work.execute("create schema marts")
        work.execute("create table marts.fct_agent_monthly as select 'OLD' as agent_id")
        work.execute("create schema staging")
        work.execute("create view staging.stg_calls__calls as select 'OLD' as call_id")
        work.execute("create table marts.untouched as select 1 as kept")

        replaced = import_spark_export(work, export)

        assert replaced == ["marts.fct_agent_monthly", "staging.stg_calls__calls"]
        assert work.execute("select * from marts.fct_agent_monthly").fetchall() == [
            ("A1", Decimal("12.50"))
        ]
        assert work.execute(
            "select data_type from information_schema.columns where column_name = 'aht'"
        ).fetchall() == [("DECIMAL(18,2)",)]
        assert work.execute("select * from staging.stg_calls__calls").fetchall() == [("C1",)]
        assert work.execute("select * from marts.untouched").fetchall() == [(1,)]


def test_an_incomplete_export_replaces_nothing(tmp_path):
    export = tmp_path / "spark-export"
    write_export(export, "marts.fct_agent_monthly", "select 'NEW' as agent_id")
    (export / "marts" / "mart_agent_scores").mkdir()  # a table whose files never came
    with duckdb.connect(str(tmp_path / "work.duckdb")) as work:
        work.execute("create schema marts")
        work.execute("create table marts.fct_agent_monthly as select 'OLD' as agent_id")

        with pytest.raises(SparkExportError, match="mart_agent_scores holds no Parquet file"):
            import_spark_export(work, export)

        assert work.execute("select * from marts.fct_agent_monthly").fetchall() == [("OLD",)]
    with (
        duckdb.connect(str(tmp_path / "other.duckdb")) as work,
        pytest.raises(SparkExportError, match="exported nothing"),
    ):
        import_spark_export(work, tmp_path / "no-export")
