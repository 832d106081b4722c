"""The gate machinery on hand-made candidates: suites as checked in, severities, samples."""

from __future__ import annotations

import json

import duckdb
import pytest

from scorecard.quality.gate import GateMark, load_suites, run_gate
from scorecard.quality.report import render_gate_report

SUITES = {suite.name: suite for suite in load_suites()}


@pytest.fixture
def candidates() -> duckdb.DuckDBPyConnection:
    """The gate's batch models (dbt/models/gate) as dbt would leave them, written by hand."""
    conn = duckdb.connect()
    conn.execute("create schema gate")
    conn.execute(
        "create table gate.rpt_gate__indicator_ranges as select *, "
        "not coalesce(value < min_value or value > max_value, false) as is_within_range "
        "from (values "
        "('A1', 'agent', date '2026-01-01', 'answer_rate', 12.0, 10.0, 1.2, 0, 1), "
        "('A2', 'agent', date '2026-01-01', 'answer_rate', 9.0, 10.0, 0.9, 0, 1), "
        "('A1', 'agent', date '2026-01-01', 'calls_handled', 12.0, null, 12.0, 0, null), "
        "('A1', 'agent', date '2026-01-01', 'survey_response_rate', 12.0, 10.0, 1.2, 0, null), "
        "('A3', 'agent', date '2025-12-01', 'answer_rate', 30.0, 10.0, 3.0, 0, 1)) "
        "as t(entity_id, grain, month, indicator_code, numerator, denominator, value, "
        "min_value, max_value)"
    )
    conn.execute(
        "create table gate.rpt_gate__quarantine_share as select * from (values "
        "(1, 'calls', 'calls/a.csv', 100, 50, '{\"out_of_range\": 50}', 0.5), "
        "(2, 'calls', 'calls/b.csv', 100, 1, '{}', 0.01)) "
        "as t(load_id, source_name, source_file, rows_read, rows_quarantined, "
        "quarantine_reasons, quarantined_share)"
    )
    conn.execute("create schema staging")
    conn.execute(
        "create table staging.stg_warehouse__load_log as "
        "select load_id from gate.rpt_gate__quarantine_share"
    )
    return conn


def test_a_value_outside_its_declared_range_fails_the_gate_with_the_offending_row(candidates):
    result = run_gate(
        candidates, ["2026-01"], 0, [SUITES["indicator_ranges"]], progress=lambda _: None
    )

    assert not result.passed
    ((suite, failure),) = result.blocking_failures
    assert suite == "indicator_ranges"
    assert failure.expectation == "expect_column_values_to_be_in_set"
    # Only the month under validation: December's 3.0 is not this run's business; the
    # survey response rate of 1.2 is within its declared range (no maximum).
    assert failure.unexpected_count == 1
    assert failure.sample == [
        {
            "entity_id": "A1",
            "grain": "agent",
            "month": "2026-01-01",
            "indicator_code": "answer_rate",
            "numerator": 12.0,
            "denominator": 10.0,
            "value": 1.2,
            "min_value": 0,
            "max_value": 1,
            "is_within_range": False,
        }
    ]
    page = render_gate_report(result, "run-1")
    assert "FAILED" in page and "indicator_ranges" in page and "<td>1.2</td>" in page


def test_files_already_seen_by_a_passing_gate_are_not_judged_again(candidates):
    suite = [SUITES["quarantine_share"]]
    first = run_gate(candidates, [], 0, suite, progress=lambda _: None)
    assert [e.sample[0]["source_file"] for _, e in first.blocking_failures] == ["calls/a.csv"]

    assert run_gate(candidates, [], 1, suite, progress=lambda _: None).passed


def test_accepting_quarantine_demotes_the_share_to_a_warning(candidates):
    result = run_gate(
        candidates, [], 0, [SUITES["quarantine_share"]], ["accept_quarantine"], lambda _: None
    )

    assert result.passed
    assert [s for s, _ in result.warnings] == ["quarantine_share"]
    assert result.summary()["waived"] == ["accept_quarantine"]


def test_the_gate_mark_advances_to_the_newest_load(candidates):
    mark = GateMark(candidates)
    assert mark.last_passed_load_id() == 0
    mark.advance("run-1")
    assert mark.last_passed_load_id() == 2
    assert candidates.execute("select run_id, last_load_id from gate.passed_runs").fetchall() == [
        ("run-1", 2)
    ]


def test_the_gate_mark_lives_in_the_database_it_describes(candidates, tmp_path):
    """A recreated work database starts without a mark: its first gate judges every file."""
    GateMark(candidates).advance("run-1")
    recreated = duckdb.connect(str(tmp_path / "work.duckdb"))
    assert GateMark(recreated).last_passed_load_id() == 0


def test_a_suite_without_severity_is_refused_naming_the_file(tmp_path):
    (tmp_path / "broken.json").write_text(
        json.dumps(
            {
                "name": "broken",
                "meta": {"asset": "marts/x", "batch_model": "rpt_gate__x", "scope": "all"},
                "expectations": [{"type": "expect_column_to_exist", "kwargs": {"column": "a"}}],
            }
        )
    )
    with pytest.raises(ValueError, match=r"broken.json: expect_column_to_exist needs severity"):
        load_suites(tmp_path)
