"""The launcher runs dbt from the warehouse folder, naming the database relatively."""

from __future__ import annotations

from pathlib import Path

from scorecard.dbt_launcher import run_from_the_warehouse_folder


def test_dbt_runs_from_the_warehouse_folder_with_the_project_paths_made_absolute():
    environ = {
        "SCORECARD_DUCKDB_PATH": "/srv/center/warehouse/work.duckdb",
        "DBT_TARGET_PATH": "target",
        "DBT_LOG_PATH": "/srv/center/warehouse/dbt_target",
    }
    folder = run_from_the_warehouse_folder(environ, Path("/opt/scorecard/dbt"))
    assert folder == Path("/srv/center/warehouse")
    assert environ == {
        "SCORECARD_DUCKDB_PATH": "work.duckdb",
        "DBT_PROJECT_DIR": "/opt/scorecard/dbt",
        "DBT_PROFILES_DIR": "/opt/scorecard/dbt",
        "DBT_TARGET_PATH": "/opt/scorecard/dbt/target",
        "DBT_LOG_PATH": "/srv/center/warehouse/dbt_target",
    }


def test_two_warehouses_give_dbt_the_same_profile():
    """The profile's connection (which decides whether dbt may reuse its parse) no longer
    differs from one warehouse to the next."""
    first = {"SCORECARD_DUCKDB_PATH": "/a/work.duckdb"}
    second = {"SCORECARD_DUCKDB_PATH": "/b/c/work.duckdb"}
    run_from_the_warehouse_folder(first, Path("/dbt"))
    run_from_the_warehouse_folder(second, Path("/dbt"))
    assert first == second


def test_a_developers_own_dbt_run_is_left_alone():
    environ = {"SCORECARD_DUCKDB_PATH": "../.warehouse/work.duckdb"}
    assert run_from_the_warehouse_folder(environ, Path("/dbt")) == Path("/dbt")
    assert environ == {"SCORECARD_DUCKDB_PATH": "../.warehouse/work.duckdb"}
