"""The nightly schedule: at 02:00 center time, rebuild and publish the open months."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dagster import (
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    schedule,
)

if TYPE_CHECKING:  # the class is not exported by dagster's public API
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition,
    )

from dagster_project.partitions import range_tags
from dagster_project.run_parameters import RunParameters, run_config
from scorecard.publishing.plan import nightly_months

NIGHTLY_CRON = "0 2 * * *"


def nightly_run_request(scheduled_at: datetime, timezone: str, op_names: list[str]) -> RunRequest:
    """The run of one night: last month and this month, as of that night's date.

    Pure (no database access): which of the two months are open, final or held is decided
    by the run itself from the publication log.
    """
    night = scheduled_at.astimezone(ZoneInfo(timezone)).date()
    first, last = nightly_months(night)
    return RunRequest(
        run_key=f"nightly-{night.isoformat()}",
        tags=range_tags(first, last),
        run_config=run_config(RunParameters(as_of=night.isoformat()), op_names),
    )


def build_nightly_schedule(
    timezone: str, job: UnresolvedAssetJobDefinition, op_names: list[str]
) -> ScheduleDefinition:
    @schedule(
        name="nightly_build",
        job=job,
        cron_schedule=NIGHTLY_CRON,
        execution_timezone=timezone,
        description="Load the day's exports, rebuild, gate and publish last month and this month.",
    )
    def nightly_build(context: ScheduleEvaluationContext) -> RunRequest:
        return nightly_run_request(context.scheduled_execution_time, timezone, op_names)

    return nightly_build
