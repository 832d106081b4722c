"""The nightly schedule: which run it requests for a given night (no database involved)."""

from __future__ import annotations

from datetime import UTC, datetime

from dagster import build_schedule_context, validate_run_config

from dagster_project.definitions import build_definitions
from dagster_project.jobs import SCORECARD_JOB_NAME
from dagster_project.partitions import requested_months
from dagster_project.resources import WarehouseResource
from dagster_project.schedules import NIGHTLY_CRON, nightly_run_request


def test_the_run_of_a_night_targets_last_month_and_this_month_as_of_that_night():
    # 02:00 in Shanghai on 6 November is 18:00 UTC on 5 November.
    request = nightly_run_request(
        datetime(2026, 11, 5, 18, 0, tzinfo=UTC), "Asia/Shanghai", ["raw__agents", "publication"]
    )

    assert requested_months(request.tags) == ["2026-10", "2026-11"]
    parameters = {
        "as_of": "2026-11-06",
        "restate_month": "",
        "reason": "",
        "accept_quarantine": False,
        "full_rebuild": False,
    }
    assert request.run_config == {
        "ops": {"raw__agents": {"config": parameters}, "publication": {"config": parameters}}
    }
    assert request.run_key == "nightly-2026-11-06"


def test_the_schedule_runs_at_two_in_the_morning_center_time_across_a_year_end(tmp_path):
    """The schedule of the real definitions, and its run configuration is one the job takes
    (every step gets the night as its date)."""
    definitions = build_definitions(WarehouseResource(warehouse_dir=str(tmp_path)))
    schedule = definitions.get_schedule_def("nightly_build")
    assert (schedule.cron_schedule, schedule.execution_timezone) == (NIGHTLY_CRON, "Asia/Shanghai")

    context = build_schedule_context(
        scheduled_execution_time=datetime(2026, 12, 31, 18, 0, tzinfo=UTC)
    )
    (request,) = schedule.evaluate_tick(context).run_requests

    assert requested_months(request.tags) == ["2026-12", "2027-01"]
    job = definitions.resolve_job_def(SCORECARD_JOB_NAME)
    assert set(request.run_config["ops"]) == set(job.graph.node_names())
    assert {step["config"]["as_of"] for step in request.run_config["ops"].values()} == {
        "2027-01-01"
    }
    validate_run_config(job, request.run_config)
