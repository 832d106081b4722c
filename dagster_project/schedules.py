"""The nightly schedule: at 02:00 center time, rebuild and publish the open months."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dagster import RunRequest, ScheduleDefinition, ScheduleEvaluationContext, schedule

from dagster_project.jobs import scorecard_job
from dagster_project.partitions import range_tags
from scorecard.publishing.plan import nightly_months

NIGHTLY_CRON = "0 2 * * *"


def nightly_run_request(scheduled_at: datetime, timezone: str) -> RunRequest:
    """The run of one night: last month and this month, as of that night's date.

    Pure (no database access): which of the two months are open, final or held is decided
    by the run itself from the publication log.
    """
    night = scheduled_at.astimezone(ZoneInfo(timezone)).date()
    first, last = nightly_months(night)
    return RunRequest(
        run_key=f"nightly-{night.isoformat()}",
        tags=range_tags(first, last),
        run_config={"resources": {"publish_request": {"config": {"as_of": night.isoformat()}}}},
    )


def build_nightly_schedule(timezone: str) -> ScheduleDefinition:
    @schedule(
        name="nightly_build",
        job=scorecard_job,
        cron_schedule=NIGHTLY_CRON,
        execution_timezone=timezone,
        description="Load the day's exports, rebuild, gate and publish last month and this month.",
    )
    def nightly_build(context: ScheduleEvaluationContext) -> RunRequest:
        return nightly_run_request(context.scheduled_execution_time, timezone)

    return nightly_build
