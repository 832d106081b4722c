"""The publication store on small hand-made warehouses (tests/small_warehouse.py): what a
build's publication step asks of it, without a build. The same scenarios through
`scorecard build`: tests/test_publication.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from scorecard.publishing.plan import plan_publication
from scorecard.publishing.store import PublicationStore, candidate_months
from tests.small_warehouse import late_calls, small_warehouse

OPEN = date(2026, 2, 3)  # January open (it closes on 5 February)
CLOSED = date(2026, 2, 10)


def publish(warehouse: Path, as_of: date, **restatement) -> tuple[PublicationStore, dict]:
    store = PublicationStore(warehouse)
    with duckdb.connect(str(warehouse / "work.duckdb"), read_only=True) as work:
        plan = plan_publication(
            candidate_months(work), None, store.latest_by_month(), as_of, 5, **restatement
        )
        entry = store.publish(work, plan, as_of=as_of, run_id=f"run-{as_of}", gate={})
    store.refresh()
    return store, entry


def work_of(warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(warehouse / "work.duckdb"), read_only=True)


def test_the_same_candidates_are_unchanged_and_a_moved_score_or_roster_is_not(tmp_path):
    warehouse = small_warehouse(tmp_path, months=["2026-01", "2026-02"])
    store, entry = publish(warehouse, OPEN)
    assert entry["statuses"] == {"2026-01": "provisional", "2026-02": "provisional"}
    plan = plan_publication(["2026-01", "2026-02"], None, store.latest_by_month(), OPEN, 5)

    with work_of(warehouse) as work:
        assert store.unchanged_months(work, plan) == ["2026-01", "2026-02"]
        assert not store.shared_tables_changed(work)
    late_calls(warehouse, "2026-02", "A1", 3)
    with duckdb.connect(str(warehouse / "work.duckdb")) as work:
        work.execute("insert into marts.dim_agent values ('A3', 'A3', 'T02')")
    with work_of(warehouse) as work:
        assert store.unchanged_months(work, plan) == ["2026-01"]
        assert store.shared_tables_changed(work)


def test_late_rows_for_a_final_month_are_counted_with_the_scores_they_would_move(tmp_path):
    warehouse = small_warehouse(tmp_path)
    store, _ = publish(warehouse, CLOSED)
    late_calls(warehouse, "2026-01", "A2", 3)

    with work_of(warehouse) as work:
        assert store.held_changes(work, ["2026-01"]) == {
            "2026-01": {"publication_id": 1, "late_rows": {"calls": 3}, "changed_scores": 1}
        }


def test_a_restatement_publishes_its_differences_and_the_first_publication_stays_readable(
    tmp_path,
):
    warehouse = small_warehouse(tmp_path)
    publish(warehouse, CLOSED)
    late_calls(warehouse, "2026-01", "A1", 3)

    store, entry = publish(warehouse, CLOSED, restate_month="2026-01", reason="late calls")

    assert (entry["publication_id"], entry["restated_month"]) == (2, "2026-01")
    assert entry["row_counts"]["restatement_score_diff"] == 1
    with duckdb.connect(str(warehouse / "published.duckdb"), read_only=True) as published:
        assert published.execute(
            "select publication_id, agent_id, total_as_published, total_as_restated "
            "from restatement_score_diff"
        ).fetchall() == [(2, "A1", 81, 84)]
        assert published.execute(
            "select agent_id, value_as_published, value_as_restated from restatement_indicator_diff"
        ).fetchall() == [("A1", 10, 13)]
        assert published.execute(
            "select agent_id, calls_handled, publication_id, month_status "
            "from fct_agent_monthly order by 1"
        ).fetchall() == [("A1", 13, 2, "final"), ("A2", 20, 2, "final")]
    with duckdb.connect() as conn:
        tables = store.assemble(conn, up_to=1)
        assert {"load_log", "dim_agent", "mart_agent_scores", "publication_log"} <= set(tables)
        assert conn.execute(
            "select agent_id, total_score, publication_id from mart_agent_scores order by 1"
        ).fetchall() == [("A1", 81, 1), ("A2", 82, 1)]
        assert conn.execute("select count(*) from restatement_score_diff").fetchall() == [(0,)]
