"""The one job: load every source, build the dbt project, gate, publish."""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job, in_process_executor

from dagster_project.partitions import MONTH_PARTITIONS

SCORECARD_JOB_NAME = "scorecard_build"

# In-process execution runs one step at a time, so the work database has one writer.
scorecard_job = define_asset_job(
    SCORECARD_JOB_NAME,
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    partitions_def=MONTH_PARTITIONS,
    description="Load the exports, build staging, facts and scores, gate them, publish the "
    "months of the partition range.",
)
