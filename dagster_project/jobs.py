"""The one job: load every source, build the dbt project, gate, publish."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dagster import (
    AssetSelection,
    MonthlyPartitionsDefinition,
    define_asset_job,
    in_process_executor,
)

if TYPE_CHECKING:  # the class is not exported by dagster's public API
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition,
    )

SCORECARD_JOB_NAME = "scorecard_build"


def build_scorecard_job(partitions: MonthlyPartitionsDefinition) -> UnresolvedAssetJobDefinition:
    # In-process execution runs one step at a time, so the work database has one writer.
    return define_asset_job(
        SCORECARD_JOB_NAME,
        selection=AssetSelection.all(),
        executor_def=in_process_executor,
        partitions_def=partitions,
        description="Load the exports, build staging, facts and scores, gate them, publish "
        "the months of the partition range.",
    )
