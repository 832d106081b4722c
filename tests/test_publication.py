"""Write-audit-publish and month close through `scorecard build` / `scorecard restate`.

One center lives through two months of its calendar: provisional publications, a close, a
corrupt delivery stopped by the gate, a late delivery held, a restatement read by a BI
reader holding the old file open. Each step is a state (tests/warehouse_state.py) built
once from a copy of the state before it: any test runs alone and in any order.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, materialize

from dagster_project.assets.publication import build_publication_asset
from dagster_project.partitions import month_partitions
from dagster_project.resources import WarehouseResource
from dagster_project.run_parameters import RunParameters, run_config
from scorecard.cli import main
from scorecard.generate import generate
from scorecard.generate.deliver import deliver_exports
from scorecard.publishing.store import PublicationStore
from tests.warehouse_state import State, next_state, run_cli

LATE_CALLS = 3


def build_args(center: State, as_of: str, *extra: str) -> list[str]:
    # The exports as they stand on the as-of day: later rows would be future dates.
    deliver_exports(center.generated, center.input, as_of)
    return [
        "build",
        "--input",
        str(center.input),
        "--warehouse",
        str(center.warehouse),
        "--as-of",
        as_of,
        *extra,
    ]


def build(center: State, as_of: str, *extra: str) -> int:
    return main(build_args(center, as_of, *extra))


def latest_gate_report(center: State) -> Path:
    reports = (center.warehouse / "reports").glob("*/gate.html")
    return max(reports, key=lambda path: path.stat().st_mtime)


# --- the center's states, each one step after the one it copies --------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    generate(root, agents=8, months=2, start="2026-01", seed=11)
    return root


@pytest.fixture(scope="module")
def first_build(generated, tmp_path_factory) -> State:
    """3 February: both months open."""
    empty = State(tmp_path_factory.mktemp("empty"), generated)
    return next_state(
        empty,
        tmp_path_factory.mktemp("first_build"),
        lambda center: run_cli(build_args(center, "2026-02-03")),
    )


@pytest.fixture(scope="module")
def closed(first_build, tmp_path_factory) -> State:
    """6 February: January closed on the 5th."""
    return next_state(
        first_build,
        tmp_path_factory.mktemp("closed"),
        lambda center: run_cli(build_args(center, "2026-02-06")),
    )


def resend_qa_scores_100_too_high(center: State) -> None:
    # A re-sent QA export with every score 100 too high (another column added into it): the
    # loader quarantines every row (out of range); the gate refuses to publish scores built
    # without them.
    # January's: complete by now, so enough rows for the gate's quarantine share to judge.
    source = center.input / "qa_evaluations" / "qa_evaluations_2026-01.csv"
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["score"] = str(int(row["score"]) + 100)
    resent = source.with_name("qa_evaluations_2026-01_resent.csv")
    with resent.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def corrupt(closed, tmp_path_factory) -> State:
    """Still 6 February: the corrupt QA re-send arrives; the gate fails."""

    def step(center: State) -> tuple[int, str, str]:
        resend_qa_scores_100_too_high(center)
        return run_cli(build_args(center, "2026-02-06"))

    return next_state(closed, tmp_path_factory.mktemp("corrupt"), step)


@pytest.fixture(scope="module")
def accepted(corrupt, tmp_path_factory) -> State:
    """The operator accepts the quarantined rows and has everything rebuilt from all
    history while at it (--full-rebuild): a rebuild with nothing new, forced through dbt
    and the gate (without the flag a night with nothing new skips them,
    tests/test_nightly_work.py)."""

    def step(center: State) -> tuple[int, str, str]:
        center.facts["published_before"] = center.published_bytes()
        result = run_cli(build_args(center, "2026-02-06", "--accept-quarantine", "--full-rebuild"))
        center.facts["passed_runs"] = center.work("select count(*) from gate.passed_runs")
        return result

    return next_state(corrupt, tmp_path_factory.mktemp("accepted"), step)


def add_late_calls(center: State) -> None:
    agent_id, calls_before = center.work(
        "select agent_id, calls_handled from marts.fct_agent_monthly "
        "where month = date '2026-01-01' and calls_handled > 0 order by agent_id limit 1",
    )[0]
    late = center.input / "calls" / "calls_2026-01_late.csv"
    late.write_text(
        "call_id,agent_id,queue,direction,customer_id,offered_at,answered_at,ended_at,"
        "talk_seconds,hold_seconds,acw_seconds,disposition\n"
        + "".join(
            f"LATE{i},{agent_id},general,inbound,C1,2026-01-20T10:0{i}:00,2026-01-20T10:0{i}:05,"
            f"2026-01-20T10:0{i}:50,40,0,5,answered\n"
            for i in range(LATE_CALLS)
        ),
        encoding="utf-8",
    )
    center.facts["late_agent"], center.facts["calls_before"] = agent_id, calls_before


@pytest.fixture(scope="module")
def late(accepted, tmp_path_factory) -> State:
    """10 March: late calls for the final January arrive; February closed on 5 March."""

    def step(center: State) -> tuple[int, str, str]:
        add_late_calls(center)
        return run_cli(build_args(center, "2026-03-10"))

    return next_state(accepted, tmp_path_factory.mktemp("late"), step)


READER = """
import sys, duckdb
conn = duckdb.connect(sys.argv[1], read_only=True)
def latest():
    return conn.execute("select max(publication_id) from publication_log").fetchone()[0]
print(latest(), flush=True)
sys.stdin.readline()
print(latest(), flush=True)
"""


@pytest.fixture(scope="module")
def restated(late, tmp_path_factory) -> State:
    """January restated, while a BI reader holds the old published file open."""

    def step(center: State) -> tuple[int, str, str]:
        database = center.warehouse / "published.duckdb"
        reader = subprocess.Popen(
            [sys.executable, "-c", READER, str(database)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        center.facts["first_read"] = reader.stdout.readline().strip()
        result = run_cli(
            [
                "restate",
                "--warehouse",
                str(center.warehouse),
                "--month",
                "2026-01",
                "--reason",
                "late calls from the IVR vendor",
                "--as-of",
                "2026-03-10",
            ]
        )
        second_read, _ = reader.communicate("\n", timeout=30)
        center.facts["second_read"] = second_read.strip()
        return result

    return next_state(late, tmp_path_factory.mktemp("restated"), step)


# --- the tests ------------------------------------------------------------------------------


def test_open_months_are_published_as_provisional(first_build):
    center = first_build
    assert center.code == 0

    assert "Published publication 1: 2026-01 provisional, 2026-02 provisional" in center.out
    assert center.published(
        "select strftime(month, '%Y-%m'), month_status, publication_id, count(*) "
        "from mart_agent_scores group by all order by 1",
    ) == [
        (month, "provisional", 1, rows)
        for month, rows in center.work(
            "select strftime(month, '%Y-%m'), count(*) from marts.mart_agent_scores "
            "group by all order by 1",
        )
    ]
    # The Parquet copy is the same publication, behind the swapped symlink.
    parquet = center.warehouse / "published" / "mart_agent_scores.parquet"
    assert duckdb.sql(f"select count(*), max(publication_id) from '{parquet}'").fetchall() == (
        center.published("select count(*), max(publication_id) from mart_agent_scores")
    )


# Columns that name a run or a moment rather than a value: they differ between two builds.
RUN_COLUMNS = {"published_at", "run_id", "batch_id", "started_at", "finished_at"}


def table_rows(conn: duckdb.DuckDBPyConnection, relation: str) -> list[tuple]:
    columns = [d[0] for d in conn.execute(f"select * from {relation} limit 0").description]
    kept = ", ".join(f'"{c}"' for c in columns if c not in RUN_COLUMNS)
    return conn.execute(f"select {kept} from {relation} order by all").fetchall()


def test_a_second_warehouse_built_from_the_same_input_publishes_the_same_tables(
    first_build, tmp_path
):
    center = first_build
    twin = State(tmp_path, center.generated)
    assert build(twin, "2026-02-03") == 0

    first = center.warehouse / "published.duckdb"
    with (
        duckdb.connect(str(first), read_only=True) as one,
        duckdb.connect(str(twin.warehouse / "published.duckdb"), read_only=True) as other,
    ):
        tables = [name for (name,) in one.execute("show tables").fetchall()]
        assert tables == [name for (name,) in other.execute("show tables").fetchall()]
        assert {"mart_agent_scores", "mart_indicator_scores", "fct_indicator_monthly"} <= set(
            tables
        )
        for table in tables:
            assert table_rows(one, table) == table_rows(other, table), table
            parquet = f"published/{table}.parquet"
            assert table_rows(one, f"'{center.warehouse / parquet}'") == table_rows(
                other, f"'{twin.warehouse / parquet}'"
            ), parquet
    # The month-keyed Parquet files are the same bytes.
    for table in ("mart_agent_scores", "mart_indicator_scores", "fct_indicator_monthly"):
        path = f"published/{table}.parquet"
        assert (center.warehouse / path).read_bytes() == (twin.warehouse / path).read_bytes()


def test_every_published_score_has_two_decimals(first_build):
    types = first_build.published(
        "select column_name, data_type from information_schema.columns "
        "where table_name = 'mart_agent_scores' and column_name in "
        "('kpi_points', 'cpi_points', 'adjustment_points', 'total_score', 'bonus_amount') "
        "order by 1",
    )
    assert {data_type for _, data_type in types} == {"DECIMAL(18,2)"}
    assert len(types) == 5


def test_the_first_build_after_the_close_day_publishes_the_month_as_final(closed):
    assert closed.code == 0

    # January closed on 5 February; February's exports grew since the 3rd.
    assert "Published publication 2: 2026-01 final, 2026-02 provisional" in closed.out
    assert closed.published(
        "select publication_id, final_months, provisional_months, gate_result::json->>'result', "
        "restatement_reason from publication_log order by 1",
    ) == [
        (1, [], ["2026-01", "2026-02"], "passed", None),
        (2, ["2026-01"], ["2026-02"], "passed", None),
    ]


def test_a_corrupt_delivery_fails_the_gate_and_publishes_nothing(closed, corrupt):
    assert corrupt.code == 1

    out = corrupt.out
    assert "Gate: failed" in out
    assert (
        "FAILED quarantine_share: expect_column_values_to_be_between(column=quarantined_share"
        in out
    )
    assert "Nothing published: the published files are unchanged." in out
    assert corrupt.published_bytes() == closed.published_bytes()
    page = latest_gate_report(corrupt).read_text(encoding="utf-8")
    assert "Publication gate: <span class='failed'>FAILED</span>" in page
    assert "quarantine_share" in page and "expect_column_values_to_be_between" in page
    # The sample names the offending file.
    assert "qa_evaluations/qa_evaluations_2026-01_resent.csv" in page


def test_materializing_the_publication_alone_runs_the_gate_and_publishes_nothing(corrupt, tmp_path):
    """The UI's Materialize on `published/scorecard` alone: no dbt step, no asset checks of
    the marts in that run; the gate still runs inside the publication step and refuses."""
    center = corrupt.copy(tmp_path)
    before = center.published_bytes()
    warehouse = WarehouseResource(input_dir="", warehouse_dir=str(center.warehouse))
    publication = build_publication_asset(month_partitions("Asia/Shanghai"))
    with DagsterInstance.ephemeral() as instance:
        result = materialize(
            [publication],
            resources={"warehouse": warehouse},
            run_config=run_config(RunParameters(as_of="2026-02-06"), [publication.op.name]),
            partition_key="2026-02",
            instance=instance,
            raise_on_error=False,
        )
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert "the gate failed, nothing published: quarantine_share" in (
        failure.step_failure_data.user_failure_data.description
    )
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["quarantine_share"] is False
    assert checks["agent_monthly_grain"] is True
    assert center.published_bytes() == before


def test_the_operator_can_accept_the_quarantined_rows(accepted):
    assert accepted.code == 0

    assert "Gate: passed" in accepted.out
    assert "warning quarantine_share" in accepted.out
    # The quarantined rows changed no score: nothing new to publish, and the gate's mark
    # moves past the file, so the next build does not judge it again (checked on that
    # build: test_late_data_for_a_closed_month_is_held_and_reported).
    assert "Nothing new to publish." in accepted.out
    assert accepted.facts["passed_runs"] != [(0,)]


def test_a_rebuild_with_nothing_new_publishes_nothing(accepted):
    """The accepted state's build rebuilt every model from the rows already loaded: equal
    candidates publish nothing, for the open month and for the held one."""
    assert accepted.code == 0
    assert "dbt rebuilds every model from all history (--full-refresh)" in accepted.err
    assert "Nothing new to publish." in accepted.out
    assert "unchanged since their last publication: 2026-02" in accepted.out
    # The held month's scores would not change, not even in the last digits.
    assert (
        "held: 2026-01 is final (publication 2); rows loaded since: none; "
        "scores that would change: 0." in accepted.out
    )
    assert accepted.published_bytes() == accepted.facts["published_before"]
    assert accepted.published("select count(*) from publication_log") == [(2,)]


def test_late_data_for_a_closed_month_is_held_and_reported(late):
    agent_id, calls_before = late.facts["late_agent"], late.facts["calls_before"]
    # February closed on 5 March: this build publishes it as final; January stays held.
    assert late.code == 0

    out = late.out
    assert "Published publication 3: 2026-02 final" in out
    # The accepted file is behind the gate's mark: this build does not judge it again.
    assert "Gate: passed" in out and "quarantine_share" not in out
    assert f"held: 2026-01 is final (publication 2); rows loaded since: calls {LATE_CALLS};" in out
    assert late.work(
        f"select calls_handled from marts.fct_agent_monthly where agent_id = '{agent_id}' "
        "and month = date '2026-01-01'",
    ) == [(calls_before + LATE_CALLS,)]
    assert late.published(
        f"select calls_handled, publication_id from fct_agent_monthly "
        f"where agent_id = '{agent_id}' and month = date '2026-01-01'",
    ) == [(calls_before, 2)]


def test_a_restatement_publishes_the_difference_while_a_reader_keeps_the_old_file(restated):
    assert restated.facts["first_read"] == "3"
    assert restated.code == 0
    assert "Published publication 4 (restates 2026-01): 2026-01 final" in restated.out
    assert restated.facts["second_read"] == "3"  # the open file still shows the old publication
    agent_id, calls_before = restated.facts["late_agent"], restated.facts["calls_before"]
    assert restated.published(
        f"select calls_handled, publication_id from fct_agent_monthly "
        f"where agent_id = '{agent_id}' and month = date '2026-01-01'",
    ) == [(calls_before + LATE_CALLS, 4)]
    assert restated.published(
        "select restated_month, restatement_reason from publication_log where publication_id = 4",
    ) == [("2026-01", "late calls from the IVR vendor")]
    # The difference names the agent's calls-handled rules, as published and as restated.
    differences = restated.published(
        "select distinct value_as_published, value_as_restated from restatement_indicator_diff "
        f"where agent_id = '{agent_id}' and indicator_code = 'calls_handled'",
    )
    assert differences == [(calls_before, calls_before + LATE_CALLS)]
    # February was not touched: still publication 3.
    assert restated.published(
        "select distinct publication_id from mart_agent_scores where month = '2026-02-01'"
    ) == [(3,)]


def test_a_score_can_be_read_as_it_was_first_published(restated):
    store = PublicationStore(restated.warehouse)
    with duckdb.connect() as conn:
        store.assemble(conn, up_to=2)  # January's first final publication
        assert conn.execute(
            "select calls_handled, publication_id from fct_agent_monthly "
            f"where agent_id = '{restated.facts['late_agent']}' and month = date '2026-01-01'"
        ).fetchall() == [(restated.facts["calls_before"], 2)]
        assert conn.execute("select max(publication_id) from publication_log").fetchall() == [(2,)]


def test_restating_an_open_month_is_refused(restated, tmp_path, capsys):
    center = restated.copy(tmp_path)
    exit_code = main(
        [
            "restate",
            "--warehouse",
            str(center.warehouse),
            "--month",
            "2026-03",
            "--reason",
            "x",
            "--as-of",
            "2026-03-10",
        ]
    )
    assert exit_code == 2
    assert "2026-03 has no final publication to restate (open)" in capsys.readouterr().err


def test_a_recreated_work_database_judges_every_file_again(restated, tmp_path, capsys):
    """The gate's mark lives in the work database: a new work.duckdb beside the archive
    has none, so the quarantine share of the out-of-range file blocks again; and load ids
    continue after the newest one the publication log names."""
    center = restated.copy(tmp_path)
    (center.warehouse / "work.duckdb").unlink()
    before = center.published_bytes()

    assert build(center, "2026-03-10") == 1

    out = capsys.readouterr().out
    assert "FAILED quarantine_share" in out
    assert center.published_bytes() == before
    newest_published_load = PublicationStore(center.warehouse).last_load_id()
    assert center.work("select min(load_id) from raw.load_log") == [(newest_published_load + 1,)]
