"""The nightly schedule: which run it requests for a given night (no database involved)."""

from __future__ import annotations

from datetime import UTC, datetime

from dagster import build_schedule_context

from dagster_project.partitions import requested_months
from dagster_project.schedules import NIGHTLY_CRON, build_nightly_schedule, nightly_run_request


def test_the_run_of_a_night_targets_last_month_and_this_month_as_of_that_night():
    # 02:00 in Shanghai on 6 November is 18:00 UTC on 5 November.
    request = nightly_run_request(datetime(2026, 11, 5, 18, 0, tzinfo=UTC), "Asia/Shanghai")

    assert requested_months(request.tags) == ["2026-10", "2026-11"]
    assert request.run_config == {
        "resources": {"publish_request": {"config": {"as_of": "2026-11-06"}}}
    }
    assert request.run_key == "nightly-2026-11-06"


def test_the_schedule_runs_at_two_in_the_morning_center_time_across_a_year_end():
    schedule = build_nightly_schedule("Asia/Shanghai")
    assert (schedule.cron_schedule, schedule.execution_timezone) == (NIGHTLY_CRON, "Asia/Shanghai")

    context = build_schedule_context(
        scheduled_execution_time=datetime(2026, 12, 31, 18, 0, tzinfo=UTC)
    )
    (request,) = schedule.evaluate_tick(context).run_requests

    assert requested_months(request.tags) == ["2026-12", "2027-01"]
    assert request.run_config["resources"]["publish_request"]["config"]["as_of"] == "2027-01-01"
