"""Incremental by month (docs/incremental.md), on a small generated center: a correction
loaded into one month drags in the months int_warehouse__months_to_rebuild names; a build
of those months leaves every other month as it was (not recomputed) and gives the same
tables as a full rebuild; the data tests of the incremental models read only those months.
A first build month by month gives the same tables as one full refresh."""

from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from scorecard.generate import generate
from scorecard.loading.loader import load_sources
from scorecard.publishing.last_build import DbtWork, history_months, plan_dbt_work
from scorecard.settings import Settings, SettingsError
from tests.dbt_runner import copy_project, run_dbt
from tests.warehouse_state import run_cli

# The tables a build of some months rewrites month by month, and the marts built on them.
INCREMENTAL_TABLES = [
    "staging.stg_calls__calls",
    "staging.stg_agent_states__state_intervals",
    "intermediate.int_source_rows__daily",
    "intermediate.int_calls__classified",
    "intermediate.int_agent_states__split",
    "intermediate.int_qa__contributions",
    "intermediate.int_qa_inspectors__contributions",
    "intermediate.int_attendance__contributions",
    "intermediate.int_complaints__contributions",
    "intermediate.int_sales__contributions",
    "intermediate.int_returns__contributions",
    "intermediate.int_surveys__contributions",
    "intermediate.int_exams__contributions",
    "intermediate.int_ratings__contributions",
    "intermediate.int_adjustments__contributions",
    "intermediate.int_external_inputs__contributions",
    "intermediate.int_indicators__telephony",
    "intermediate.int_indicators__service_level",
    "intermediate.int_indicators__productivity",
    "intermediate.int_indicators__agent_states",
    "intermediate.int_indicators__qa",
    "intermediate.int_indicators__qa_inspectors",
    "intermediate.int_indicators__attendance",
    "intermediate.int_indicators__complaints",
    "intermediate.int_indicators__sales",
    "intermediate.int_indicators__returns",
    "intermediate.int_indicators__surveys",
    "intermediate.int_indicators__exams",
    "intermediate.int_indicators__ratings",
    "intermediate.int_indicators__adjustments",
    "intermediate.int_indicators__external_inputs",
    "marts.fct_indicator_monthly",
    "marts.fct_agent_monthly",
]
# A column of each table marked on one August row, to see that August is not recomputed.
MARKED_COLUMNS = {
    "staging.stg_calls__calls": "talk_seconds",
    "intermediate.int_calls__classified": "handle_seconds",
}
# An inbound call of October's first week whose customer had an answered call in September
# that ended at most 168 h before it, and no other call in that window: the one repeat call
# that makes that September call unresolved (FCR).
REPEAT_CALL = """
    with repeats as (
        select
            eligible.call_id as september_call,
            later.source_file,
            later.source_line,
            later.month,
            count(*) over (partition by eligible.call_id) as repeat_calls
        from intermediate.int_calls__classified as eligible
        inner join intermediate.int_calls__classified as later
            on eligible.customer_hash = later.customer_hash
            and later.offered_at_utc > eligible.ended_at_utc
            and later.offered_at_utc <= eligible.ended_at_utc + interval 168 hour
        where eligible.is_fcr_eligible and later.is_inbound
            and eligible.month = date '2026-09-01'
    )
    select source_file, source_line, september_call
    from repeats
    where repeat_calls = 1 and month = date '2026-10-01'
    order by september_call
    limit 1
"""


def rows(conn: duckdb.DuckDBPyConnection, table: str, where: str = "true") -> list[tuple]:
    return sorted(conn.execute(f"select * from {table} where {where}").fetchall(), key=repr)


@dataclass
class Center:
    """A small center (6 agents, August to October 2026) after `scorecard build`."""

    input: Path
    warehouse: Path
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def center(tmp_path_factory) -> Center:
    """The center's first build, month by month (two months per dbt run): what one test
    checks, and where the correction test starts. Tests copy it, never change it."""
    root = tmp_path_factory.mktemp("center")
    generate(root / "input", agents=6, months=3, start="2026-08", seed=7)
    folders = ["--input", str(root / "input"), "--warehouse", str(root / "warehouse")]
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("SCORECARD_FIRST_BUILD_MONTHS_PER_RUN", "2")
        code, out, err = run_cli(["build", *folders])
    return Center(root / "input", root / "warehouse", code, out, err)


def test_a_corrected_row_rebuilds_the_months_it_drags_in_and_only_them(center, tmp_path):
    project = copy_project(tmp_path / "dbt")
    settings = Settings(warehouse_dir=tmp_path / "warehouse")
    settings.warehouse_dir.mkdir()
    database = settings.work_database
    shutil.copy(center.warehouse / database.name, database)
    shutil.copytree(center.input, tmp_path / "input")

    with duckdb.connect(str(database)) as conn:
        found = conn.execute(REPEAT_CALL).fetchone()
        assert found, "the generated center has no repeat call across the month end"
        source_file, source_line, september_call = found
        resolved_before = conn.execute(
            "select is_first_contact_resolved from intermediate.int_calls__classified "
            "where call_id = ?",
            [september_call],
        ).fetchone()[0]
        assert resolved_before is False
        last_load = conn.execute("select max(load_id) from raw.load_log").fetchone()[0]
        # A mark on an August row of a staging and an intermediate table: a build that
        # recomputed August would wipe it out.
        for table, column in MARKED_COLUMNS.items():
            conn.execute(
                f"update {table} set {column} = -1 where call_id = (select min(call_id) "
                f"from {table} where month = date '2026-08-01')"
            )

    # The correction: the October call was another customer's (a new key version).
    lines = (tmp_path / "input" / source_file).read_text(encoding="utf-8").splitlines()
    header, record = next(csv.reader([lines[0]])), next(csv.reader([lines[source_line - 1]]))
    record[header.index("customer_id")] = "CU-CORRECTED"
    corrected = io.StringIO()
    csv.writer(corrected, lineterminator="\n").writerows([header, record])
    (tmp_path / "input" / "calls" / "calls_correction.csv").write_text(
        corrected.getvalue(), encoding="utf-8"
    )
    with duckdb.connect(str(database)) as conn:
        loads = load_sources(conn, tmp_path / "input", settings, "correction")
        assert sum(load.rows_loaded for load in loads) == 1
        reasons = conn.execute(
            "select distinct strftime(month, '%Y-%m'), reason "
            "from intermediate.int_warehouse__months_to_rebuild where load_id > ? order by 1, 2",
            [last_load],
        ).fetchall()
    # October: the row and the version it supersedes; September: the FCR of the call whose
    # repeat call it was. August has no row of this load and is not rebuilt.
    assert reasons == [("2026-09", "fcr_window"), ("2026-10", "row"), ("2026-10", "superseded")]
    months = sorted({f"{month}-01" for month, _ in reasons})

    full = tmp_path / "full"
    full.mkdir()
    shutil.copy(database, full / database.name)
    run_dbt(project, full / database.name, "run", "--full-refresh")
    run_dbt(project, database, "run", months=months)

    with duckdb.connect(str(database), read_only=True) as built:
        built.execute(f"attach '{full / database.name}' as full_refresh (read_only)")
        # August was not recomputed: the marks are still there (a full rebuild has none).
        for table, column in MARKED_COLUMNS.items():
            assert built.execute(
                f"select count(*) from {table} where {column} = -1"
            ).fetchone() == (1,), table
        assert built.execute(
            "select is_first_contact_resolved from intermediate.int_calls__classified "
            "where call_id = ?",
            [september_call],
        ).fetchone() == (True,), "September's FCR was not rebuilt"
        for table in INCREMENTAL_TABLES:
            if table not in MARKED_COLUMNS:
                assert rows(built, table) == rows(built, f"full_refresh.{table}"), table
        # The marked tables equal the full rebuild in every row but the marked one.
        for table, column in MARKED_COLUMNS.items():
            (marked,) = built.execute(f"select call_id from {table} where {column} = -1").fetchone()
            other = f"call_id <> '{marked}'"
            assert rows(built, table, other) == rows(built, f"full_refresh.{table}", other), table

    # The data tests of an incremental model read the months being built, no other.
    run_dbt(
        project,
        database,
        "test",
        "--select",
        "int_calls__classified",
        months=months,
    )
    compiled = next(
        (project / "target" / "run").rglob("not_null_int_calls__classified_call_id.sql")
    ).read_text(encoding="utf-8")
    assert "month in (cast('2026-09-01' as date), cast('2026-10-01' as date))" in compiled, compiled

    # Anything but months stops the run before any SQL, naming the variable.
    refused = run_dbt(
        project,
        database,
        "compile",
        "--select",
        "int_calls__classified",
        check=False,
        months=["2026-09", "2026-13"],
    )
    assert refused.returncode != 0
    assert "SCORECARD_MONTHS_TO_BUILD: '2026-13' is not a month (YYYY-MM-01 or YYYY-MM)" in (
        refused.stdout
    )


def test_a_first_build_month_by_month_gives_the_tables_of_one_full_refresh(center, tmp_path):
    assert center.code == 0, center.out + center.err
    # An interval of October's last night runs into November: November has a piece, so it
    # is built too, after the three months with data.
    for line in [
        "dbt rebuilds every model from all history (--full-refresh), 2 month(s) per run",
        "dbt: months 2026-08 to 2026-09 (1 of 2)",
        "dbt: months 2026-10 to 2026-11 (2 of 2), every data test",
    ]:
        assert line in center.err, center.err
    assert "Published publication 1: 2026-08 final, 2026-09 final, 2026-10 final" in center.out
    # The last build ran the data tests of the incremental models over every month.
    compiled = next(
        (center.warehouse / "dbt_target" / "run").rglob(
            "not_null_int_calls__classified_call_id.sql"
        )
    ).read_text(encoding="utf-8")
    assert "month in" not in compiled, compiled

    # The same load, built by one full refresh.
    whole = tmp_path / "whole.duckdb"
    shutil.copy(center.warehouse / "work.duckdb", whole)
    run_dbt(
        copy_project(tmp_path / "dbt"),
        whole,
        "build",
        "--full-refresh",
        "--exclude-resource-type",
        "test",
        "unit_test",
    )
    with duckdb.connect(str(center.warehouse / "work.duckdb"), read_only=True) as built:
        built.execute(f"attach '{whole}' as whole (read_only)")
        tables = built.execute(
            "select schema_name || '.' || table_name from duckdb_tables() "
            "where database_name = 'work' and schema_name in ('staging', 'intermediate', "
            "'marts') order by 1"
        ).fetchall()
        assert len(tables) > 50
        for (table,) in tables:
            assert rows(built, table) == rows(built, f"whole.{table}"), table
        november = built.execute(
            "select count(*) from intermediate.int_agent_states__split "
            "where month = date '2026-11-01'"
        ).fetchone()
        assert november[0] > 0


def test_a_full_refresh_goes_month_by_month_when_the_history_is_longer_than_the_setting(
    tmp_path, monkeypatch
):
    with duckdb.connect(str(tmp_path / "work.duckdb")) as conn:
        assert history_months(conn) == 0  # nothing loaded
        conn.execute("create schema raw")
        # Sources dated by a timestamp, a date and a month; the roster has no date.
        conn.execute("create table raw.calls (offered_at timestamp)")
        conn.execute("insert into raw.calls values ('2026-01-31 17:00:00'), ('2026-03-02 09:00')")
        conn.execute("create table raw.attendance (work_date date)")
        conn.execute("insert into raw.attendance values ('2026-04-30')")
        conn.execute("create table raw.ratings (month date)")
        conn.execute("insert into raw.ratings values (null)")
        assert history_months(conn) == 4  # January to April

        def plan(months_per_run: int) -> DbtWork:
            return plan_dbt_work(
                conn,
                "fingerprint",
                forced=None,
                full_rebuild=True,
                status_changes=list,
                first_build_months_per_run=months_per_run,
            )

        assert plan(3) == DbtWork(full_refresh=True, months_per_run=3)
        assert plan(4) == DbtWork(full_refresh=True)
        assert plan(0) == DbtWork(full_refresh=True)

    assert Settings.from_env(tmp_path).first_build_months_per_run == 3
    monkeypatch.setenv("SCORECARD_FIRST_BUILD_MONTHS_PER_RUN", "1")
    assert Settings.from_env(tmp_path).first_build_months_per_run == 1
    for wrong, message in [
        ("three", "SCORECARD_FIRST_BUILD_MONTHS_PER_RUN must be a whole number, not 'three'"),
        ("-1", "SCORECARD_FIRST_BUILD_MONTHS_PER_RUN must be a whole number of months, 0 or"),
    ]:
        monkeypatch.setenv("SCORECARD_FIRST_BUILD_MONTHS_PER_RUN", wrong)
        with pytest.raises(SettingsError, match=re.escape(message)):
            Settings.from_env(tmp_path)
