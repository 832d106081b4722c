"""End to end through `scorecard build`: the Dagster job loads every source and runs dbt."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from scorecard.cli import main
from scorecard.contract import SOURCES
from scorecard.dbt_runner import MONTHS_TO_BUILD_VARIABLE
from scorecard.generate import MANIFEST_NAME, generate

BAD_ROWS_PER_KIND = 2


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("pipeline")
    input_dir, warehouse = root / "input", root / "warehouse"
    generate(input_dir, agents=12, months=2, start="2026-01", seed=3, bad_rows=BAD_ROWS_PER_KIND)
    console = io.StringIO()  # what the person running the build sees while it runs
    with contextlib.redirect_stderr(console):
        exit_code = main(["build", "--input", str(input_dir), "--warehouse", str(warehouse)])
    return {
        "input": input_dir,
        "warehouse": warehouse,
        "exit_code": exit_code,
        "console": console.getvalue(),
    }


def copy_built(built: dict, root: Path) -> dict:
    """The built input and warehouse under root, for a test that builds again: the
    module's build stays as it was for the other tests, whatever their order."""
    input_dir, warehouse = root / "input", root / "warehouse"
    shutil.copytree(built["input"], input_dir)
    shutil.copytree(built["warehouse"], warehouse, symlinks=True)
    return {**built, "input": input_dir, "warehouse": warehouse}


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse / "work.duckdb"), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_the_build_succeeds_and_stages_every_source(built):
    assert built["exit_code"] == 0
    # dbt's node lines go to the build log; dbt's own debug log is not written by default
    (build_log,) = (built["warehouse"] / "logs").glob("build-*.log")
    assert "Concurrency: 1 threads" in build_log.read_text()
    assert not (built["warehouse"] / "dbt_target" / "dbt.log").exists()
    for source in SOURCES:
        (count,) = query(
            built["warehouse"], f"select count(*) from staging.stg_{source.name}__{source.entity}"
        )[0]
        assert count > 0, source.name


def test_exactly_the_injected_rows_are_quarantined_with_their_reason(built):
    manifest = json.loads((built["input"] / MANIFEST_NAME).read_text(encoding="utf-8"))
    injected = sorted((bad["file"], bad["line"], bad["kind"]) for bad in manifest["bad_rows"])
    quarantined = sorted(
        query(built["warehouse"], "select source_file, line_number, reason from raw.quarantine")
    )
    assert quarantined == injected
    assert len(injected) == 8 * BAD_ROWS_PER_KIND


def test_every_row_read_is_loaded_or_quarantined(built):
    manifest = json.loads((built["input"] / MANIFEST_NAME).read_text(encoding="utf-8"))
    logged = dict(
        query(
            built["warehouse"],
            "select file_path, rows_loaded + rows_duplicate + rows_quarantined from raw.load_log",
        )
    )
    assert logged == manifest["files"]


def test_building_the_same_input_again_changes_no_counts(built, tmp_path, capsys):
    built = copy_built(built, tmp_path)
    counts_sql = " union all ".join(
        f"select '{s.name}', count(*) from raw.{s.name}" for s in SOURCES
    )
    staged_sql = "select count(*) from staging.stg_calls__calls"
    before = query(built["warehouse"], counts_sql), query(built["warehouse"], staged_sql)
    dbt_results = built["warehouse"] / "dbt_target" / "run_results.json"
    dbt_ran_at = dbt_results.stat().st_mtime_ns

    exit_code = main(
        ["build", "--input", str(built["input"]), "--warehouse", str(built["warehouse"])]
    )

    assert exit_code == 0
    # Nothing new costs nothing (issue 16): dbt, the gate and publication do not run.
    out = capsys.readouterr().out
    last_load = scalar(
        built["warehouse"], "select last_load_id from build_state.last_complete_build"
    )
    assert (
        f"Nothing new: no file brought rows since load {last_load}, the dbt project is the "
        "same and no month changes status. dbt, the gate and publication did not run." in out
    )
    assert dbt_results.stat().st_mtime_ns == dbt_ran_at
    assert (query(built["warehouse"], counts_sql), query(built["warehouse"], staged_sql)) == before
    statuses = query(
        built["warehouse"],
        "select distinct status from raw.load_log "
        "where batch_id = (select batch_id from raw.load_log order by load_id desc limit 1)",
    )
    assert statuses == [("skipped",)]


def test_a_malformed_file_fails_the_build_naming_it_and_the_rest_still_loads(tmp_path, capsys):
    input_dir = tmp_path / "input"
    generate(input_dir, agents=8, months=1, start="2026-03", seed=5)
    (input_dir / "surveys" / "broken.csv").write_text("survey,when\n1,yesterday\n")

    exit_code = main(["build", "--input", str(input_dir), "--warehouse", str(tmp_path / "wh")])

    assert exit_code == 1
    err = capsys.readouterr().err
    assert "surveys/broken.csv: wrong header" in err
    assert query(tmp_path / "wh", "select count(*) > 0 from raw.surveys") == [(True,)]
    assert query(tmp_path / "wh", "select count(*) > 0 from raw.calls") == [(True,)]


def scalar(warehouse: Path, sql: str):
    return query(warehouse, sql)[0][0]


def test_the_console_shows_one_line_per_step_with_its_counts_and_time(built):
    lines = built["console"].splitlines()
    calls_loaded = scalar(built["warehouse"], "select count(*) from raw.calls")
    quarantined = scalar(
        built["warehouse"], "select count(*) from raw.quarantine where source = 'calls'"
    )
    step_line = rf"raw__calls: 2 files, {calls_loaded:,} rows loaded, {quarantined:,} quarantined"
    assert quarantined > 0
    assert any(re.fullmatch(step_line + r" \(\d+\.\d s\)", line) for line in lines), lines
    assert "  scorecard_dbt_models: dbt rebuilds every model from all history (--full-refresh)" in (
        lines
    )
    assert any(
        re.fullmatch(r"published__scorecard: publication 1, 9 checks, 1 warning \(.*\)", line)
        for line in lines
    )
    # One line per step (14 loads, dbt, publication), the marked lines, the salt warning:
    # no per-file, per-node or per-suite lines, and none of Dagster's log format.
    assert len(lines) < 25, lines
    assert not any(" - dagster - " in line or "file 1/2" in line for line in lines)


def test_verbose_prints_dagsters_log(built, tmp_path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(built["warehouse"], warehouse)
    console = io.StringIO()
    with contextlib.redirect_stderr(console):
        exit_code = main(
            ["build", "--input", str(built["input"]), "--warehouse", str(warehouse), "--verbose"]
        )
    assert exit_code == 0
    log = console.getvalue()
    assert "calls: file 1/2 calls/calls_2026-01.csv" in log
    assert "dbt skipped: no file brought rows since load" in log


def test_calls_in_the_facts_reconcile_with_the_staged_calls(built):
    staged = scalar(
        built["warehouse"],
        "select count(*) from staging.stg_calls__calls "
        "where direction = 'inbound' and answered_at_utc is not null",
    )
    in_facts = scalar(built["warehouse"], "select sum(calls_handled) from marts.fct_agent_monthly")
    center = scalar(
        built["warehouse"],
        "select sum(value) from marts.fct_indicator_monthly "
        "where grain = 'center' and indicator_code = 'calls_handled'",
    )
    assert staged > 1000
    assert in_facts == staged == center


def test_orders_and_evaluations_are_counted_once(built):
    warehouse = built["warehouse"]
    assert scalar(warehouse, "select sum(orders) from marts.fct_agent_monthly") == scalar(
        warehouse, "select count(*) from staging.stg_sales__orders where status <> 'cancelled'"
    )
    assert scalar(
        warehouse, "select sum(qa_avg_score_denominator) from marts.fct_agent_monthly"
    ) == scalar(
        warehouse,
        "select count(*) from staging.stg_qa_evaluations__evaluations "
        "where calibrates_evaluation_id is null",
    )
    assert scalar(
        warehouse,
        "select sum(value) from marts.fct_indicator_monthly "
        "where grain = 'evaluator' and indicator_code = 'qa_evaluations_done'",
    ) == scalar(warehouse, "select count(*) from staging.stg_qa_evaluations__evaluations")


def test_team_rollups_add_up_to_the_center(built):
    by_team, center = query(
        built["warehouse"],
        "select "
        "sum(value) filter (where grain = 'team'), sum(value) filter (where grain = 'center') "
        "from marts.fct_indicator_monthly where indicator_code = 'orders'",
    )[0]
    assert by_team == center > 0


def test_lineage_lists_one_source_row_per_call_handled(built):
    agent_id, month, calls = query(
        built["warehouse"],
        "select agent_id, month, calls_handled from marts.fct_agent_monthly "
        "where calls_handled > 0 order by agent_id, month limit 1",
    )[0]
    lines = query(
        built["warehouse"],
        "select source_file, source_line from marts.fct_indicator_lineage "
        f"where entity_id = '{agent_id}' and month = '{month}' "
        "and indicator_code = 'calls_handled'",
    )
    assert len(lines) == calls == len(set(lines))
    assert all(file.startswith("calls/") and line > 1 for file, line in lines)


def test_rates_are_fractions_and_zero_denominators_give_null(built):
    """Computed rates are fractions in [0, 1]; a rate a center supplies (a completion rate
    of 108 %) has the catalog's own range, which leaves its maximum open."""
    bad = query(
        built["warehouse"],
        "select monthly.indicator_code, count(*) from marts.fct_indicator_monthly as monthly "
        "inner join seeds.indicator_catalog as catalog on catalog.code = monthly.indicator_code "
        "where catalog.unit = 'rate' and (monthly.value < 0 "
        "or (catalog.model <> 'int_indicators__external_inputs' and monthly.value > 1) "
        "or (monthly.denominator = 0 and monthly.value is not null)) "
        "group by 1",
    )
    assert bad == []
    supplied_over_one = scalar(
        built["warehouse"],
        "select count(*) from marts.fct_indicator_monthly as monthly "
        "inner join seeds.indicator_catalog as catalog on catalog.code = monthly.indicator_code "
        "where catalog.unit = 'rate' and catalog.max_value is null and monthly.value > 1",
    )
    assert supplied_over_one > 0  # the generated center over-completes some targets


def test_every_employed_agent_is_scored_once_under_each_scheme_of_its_role(built):
    warehouse = built["warehouse"]
    expected = scalar(
        warehouse,
        "select count(*) from intermediate.int_agents__months as am "
        "inner join marts.dim_scheme as s "
        "on ('|' || s.roles || '|') like ('%|' || am.role || '|%') "
        "and s.grain in ('agent', 'evaluator') "
        "and strftime(am.month, '%Y-%m') >= s.effective_month "
        # a quarterly or yearly card is scored in the last month of its period only
        "and month(am.month) % (case s.period when 'quarter' then 3 "
        "when 'year' then 12 else 1 end) = 0 "
        "and not exists (select 1 from marts.dim_scheme as later "
        "where later.scheme_id = s.scheme_id and later.effective_month > s.effective_month "
        "and later.effective_month <= strftime(am.month, '%Y-%m'))",
    )
    scored, keys, ungraded = query(
        warehouse,
        "select count(*), count(distinct (scheme_id, agent_id, month)), "
        "count(*) filter (where eligible and (grade is null or rank_in_center is null)) "
        "from marts.mart_agent_scores where grain in ('agent', 'evaluator')",
    )[0]
    assert scored == keys == expected > 0
    assert ungraded == 0


DEMOTIONS = ("probation_demotion", "dismissal_review", "complaint_demotion", "zero_kpi_demotion")


def published(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse / "published.duckdb"), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_the_generated_center_fits_every_scheme(built):
    """A demo a manager believes (issue 12): in every scheme and month at most 30 % of the
    eligible score 0, not all of five or more eligible share one grade, and demotion flags
    reach at most ~10 % of the people scored."""
    rows = published(
        built["warehouse"],
        "select scheme_id, strftime(month, '%Y-%m'), count(*), "
        "count(*) filter (where total_score = 0), count(distinct grade), "
        "string_agg(distinct grade || ':' || n, ' ' order by grade || ':' || n), "
        "min(total_score), median(total_score), max(total_score) "
        "from (select *, count(*) over (partition by scheme_id, month, grade) as n "
        "from mart_agent_scores where eligible) group by all order by all",
    )
    measured = "\n".join(
        f"{scheme} {month}: {n} eligible, {zeros} at 0, grades {grades}, "
        f"total min/median/max {low}/{mid}/{high}"
        for scheme, month, n, zeros, _, grades, low, mid, high in rows
    )
    assert {scheme for scheme, *_ in rows} >= {
        scheme
        for (scheme,) in published(built["warehouse"], "select scheme_id from dim_scheme")
        # a yearly card is scored with December only, a quarterly one with March
        if scheme not in ("year_end_card", "property_service_dept")
    }, measured
    too_many_zeros = [r for r in rows if r[3] > 0.3 * r[2]]
    one_grade = [r for r in rows if r[2] >= 5 and r[4] == 1]
    assert too_many_zeros == [] and one_grade == [], measured

    demoted = published(
        built["warehouse"],
        "with scored as (select month, count(distinct agent_id) as people "
        "from mart_agent_scores where grain in ('agent', 'evaluator') group by month) "
        "select strftime(scored.month, '%Y-%m'), scored.people, "
        "count(distinct flags.agent_id), "
        "coalesce(string_agg(distinct flags.flag || ' ' || flags.agent_id, ', '), '') "
        "from scored left join mart_agent_flags as flags "
        f"on flags.month = scored.month and flags.flag in {DEMOTIONS} "
        "group by all order by 1",
    )
    assert demoted, "no month scored"
    flagged = "\n".join(f"{m}: {k} of {n} ({who})" for m, n, k, who in demoted)
    assert all(k <= 0.1 * n for _, n, k, _ in demoted), flagged


def test_the_dbt_unit_tests_pass_on_the_built_warehouse(built):
    """dbt's unit tests (89 fixtures of hand-worked indicator and scoring values) run
    against the built warehouse's relations, as `make dbt-check` runs them; the nightly
    build leaves them out (--exclude-resource-type unit_test)."""
    assert (
        main(
            [
                "dbt",
                "--warehouse",
                str(built["warehouse"]),
                "--",
                "test",
                "--select",
                "test_type:unit",
            ]
        )
        == 0
    )
    # The warehouse's first `scorecard dbt` started from the build's saved parse instead
    # of parsing the whole project again (dbt_runner.reuse_saved_parse).
    log = built["warehouse"] / "dbt_target" / "scorecard-dbt" / "dbt.log"
    assert "Unable to do partial parsing" not in log.read_text(encoding="utf-8")


def test_a_late_row_rebuilds_only_the_months_it_drags_in(built, tmp_path, capsys):
    """One late answered call for mid-February: dbt rebuilds February only (the FCR window
    of a call on the 11th reaches no other month), and February counts the call."""
    built = copy_built(built, tmp_path)
    calls = built["input"] / "calls"
    header, *rows = (calls / "calls_2026-02.csv").read_text(encoding="utf-8").splitlines()
    manifest = json.loads((built["input"] / MANIFEST_NAME).read_text(encoding="utf-8"))
    injected = {b["line"] for b in manifest["bad_rows"] if b["file"] == "calls/calls_2026-02.csv"}
    answered = next(
        row
        for line, row in enumerate(rows, start=2)
        if line not in injected
        and ",2026-02-11T" in row
        and ",inbound," in row
        and row.endswith(",answered,")
    )
    agent = answered.split(",")[1]
    (calls / "calls_2026-02_late.csv").write_text(
        f"{header}\nLATE-0001{answered[answered.index(',') :]}\n", encoding="utf-8"
    )
    handled = (
        "select calls_handled from marts.fct_agent_monthly "
        f"where agent_id = '{agent}' and month = date '2026-02-01'"
    )
    before = scalar(built["warehouse"], handled)
    environment_before = os.environ.get(MONTHS_TO_BUILD_VARIABLE)

    assert (
        main(["build", "--input", str(built["input"]), "--warehouse", str(built["warehouse"])]) == 0
    )

    assert "dbt rebuilds the months 2026-02\n" in capsys.readouterr().err
    assert scalar(built["warehouse"], handled) == before + 1
    # The months travel outside dbt's vars: dbt reused its parse of the project (a change
    # of vars makes it parse everything again, about 15 s of the night).
    dbt_log = max((built["warehouse"] / "logs").glob("build-*.log")).read_text(encoding="utf-8")
    assert "Unable to do partial parsing" not in dbt_log
    # ...and set them for dbt alone: this process (a later command in it) keeps its own.
    assert os.environ.get(MONTHS_TO_BUILD_VARIABLE) == environment_before
